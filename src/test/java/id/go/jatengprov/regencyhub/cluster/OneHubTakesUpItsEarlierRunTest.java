package id.go.jatengprov.regencyhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.BatchLifecycle;
import id.go.jatengprov.regencyhub.batch.BatchStore;

/**
 * One hub (hub.cluster.enabled=false) is alone on its database: restarted after a kill -9, it does not wait for its
 * earlier run's heartbeat to expire; that run's batches are its to take up at once. In a cluster the same batch waits
 * for the expiry.
 */
class OneHubTakesUpItsEarlierRunTest {

    @TempDir Path dir;

    @Test
    void anEarlierRunsBatchIsTakenUpAtOnceByOneHubButWaitsForTheExpiryInACluster() {
        NamedParameterJdbcTemplate jdbc = ClusterDatabase.jdbc();
        // the earlier run was killed a moment ago: its heartbeat is fresh
        jdbc.update("INSERT INTO hub.node (id, host, pid, data_dir) VALUES ('earlier-run', 'h', 1, '/data')", Map.of());
        long batch = jdbc.queryForObject("""
                INSERT INTO hub.batch (source_id, dataset_id, origin, content_hash, dedupe_hash, bytes, landing_path, status,
                                       received_at, owner)
                VALUES ('one-hub', 'd', 'upload', 'h1', 'h1', 1, 'x', 'RECEIVED', now(), 'earlier-run') RETURNING id""",
                Map.of(), Long.class);
        BatchStore store = new BatchStore(jdbc, ClusterDatabase.dataSource(), new BatchLifecycle(Clock.systemUTC()));

        HubNode inCluster = ClusterDatabase.node(dir.resolve("cluster"));
        try {
            assertThat(store.takeable(inCluster.id(), inCluster.expiry(), OffsetDateTime.now()))
                    .extracting(t -> t.batch().id()).doesNotContain(batch);
            assertThat(store.claim(batch, inCluster.id(), inCluster.expiry())).as("its owner's heartbeat is fresh").isFalse();
        } finally {
            inCluster.leave();
        }

        HubProperties alone = new HubProperties();
        alone.setDataDir(dir.resolve("alone"));
        HubNode restarted = new HubNode(jdbc, alone);
        try {
            assertThat(jdbc.queryForList("SELECT id FROM hub.node", Map.of(), String.class)).containsExactly(restarted.id());
            assertThat(store.takeable(restarted.id(), restarted.expiry(), OffsetDateTime.now()))
                    .extracting(t -> t.batch().id()).contains(batch);
            assertThat(store.claim(batch, restarted.id(), restarted.expiry())).isTrue();
            assertThat(store.owner(batch)).contains(restarted.id());
        } finally {
            restarted.leave();
        }
    }

    @Test
    void anExpiryShorterThanThreeHeartbeatsIsRefusedAtStart() {
        HubProperties props = ClusterDatabase.clusterProperties(dir, Duration.ofSeconds(5), Duration.ofSeconds(10));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HubNode(ClusterDatabase.jdbc(), props))
                .hasMessageContaining("hub.cluster.expiry (PT10S) must be at least three heartbeats");
    }
}
