package id.go.jatengprov.regencyhub.intake.drop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.cluster.ClusterDatabase;
import id.go.jatengprov.regencyhub.cluster.HubNode;

/**
 * hub.cluster.shared-drop-folders: one hub at a time reads a source's shared drop folder; another takes it only once
 * the holder is gone (a clean stop, or a heartbeat older than the expiry).
 */
class DropFolderLeaseTest {

    @TempDir Path dir;

    private static HubProperties shared(Path dataDir) {
        HubProperties props = ClusterDatabase.clusterProperties(dataDir, Duration.ofSeconds(1), Duration.ofSeconds(5));
        props.getCluster().setSharedDropFolders(true);
        return props;
    }

    @Test
    void oneHubAtATimeReadsASharedFolder() {
        HubProperties pa = shared(dir.resolve("a"));
        HubProperties pb = shared(dir.resolve("b"));
        HubNode a = new HubNode(ClusterDatabase.jdbc(), pa);
        HubNode b = new HubNode(ClusterDatabase.jdbc(), pb);
        try {
            DropFolderLease la = new DropFolderLease(ClusterDatabase.jdbc(), a, pa);
            DropFolderLease lb = new DropFolderLease(ClusterDatabase.jdbc(), b, pb);
            assertThat(la.take("lease-src")).isTrue();
            assertThat(lb.take("lease-src")).as("held by a live hub").isFalse();
            assertThat(la.take("lease-src")).as("kept by its holder").isTrue();
            assertThat(lb.take("lease-other")).as("another source's folder is free").isTrue();

            // a stops cleanly: b takes the folder at once
            a.leave();
            assertThat(lb.take("lease-src")).isTrue();

            // a hub that stopped beating holds a folder: once its heartbeat is older than the expiry, b takes it over
            ClusterDatabase.jdbc().update("""
                    INSERT INTO hub.node (id, host, pid, data_dir, heartbeat_at) VALUES ('lease-gone', 'h', 1, '/', now() - interval '6 seconds');
                    INSERT INTO hub.drop_lease (source_id, owner) VALUES ('lease-stale', 'lease-gone')""", Map.of());
            assertThat(lb.take("lease-stale")).isTrue();
            assertThat(ClusterDatabase.jdbc().queryForObject("SELECT owner FROM hub.drop_lease WHERE source_id = 'lease-stale'",
                    Map.of(), String.class)).isEqualTo(b.id());
        } finally {
            a.leave();
            b.leave();
        }
    }

    @Test
    void withoutSharedFoldersEveryHubReadsItsOwn() {
        HubProperties own = ClusterDatabase.clusterProperties(dir.resolve("c"), Duration.ofSeconds(1), Duration.ofSeconds(5));
        HubNode c = new HubNode(ClusterDatabase.jdbc(), own);
        try {
            ClusterDatabase.jdbc().update("INSERT INTO hub.drop_lease (source_id, owner) VALUES ('lease-own', 'someone')"
                    + " ON CONFLICT DO NOTHING", Map.of());
            assertThat(new DropFolderLease(ClusterDatabase.jdbc(), c, own).mine("lease-own")).isTrue();
        } finally {
            c.leave();
        }
    }
}
