package id.go.jatengprov.regencyhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.cluster.ClusterDatabase;
import id.go.jatengprov.regencyhub.support.Sha256;

/**
 * hub.landing.store=database: a payload of several parts is kept in the database and read back byte for byte by
 * another hub (another data folder); the same bytes again add nothing but a newer arrival; retention deletes a copy
 * no batch needs, and nothing of a payload over the limit is kept.
 */
class LandingInDatabaseTest {

    @TempDir Path dir;

    private LandingStore store(String hub) {
        HubProperties props = ClusterDatabase.clusterProperties(dir.resolve(hub), Duration.ofSeconds(1), Duration.ofSeconds(5));
        props.getLanding().setStore(HubProperties.Landing.Store.DATABASE);
        return new LandingStore(props, ClusterDatabase.dataSource());
    }

    private static long count(String sql) {
        return ClusterDatabase.jdbc().queryForObject(sql, Map.of(), Long.class);
    }

    @Test
    void aPayloadLandedByOneHubIsReadByAnotherByteForByte() throws Exception {
        byte[] payload = new byte[LandingDatabase.PART * 2 + 12_345];
        new SplittableRandom(7).nextBytes(payload);
        LandingStore a = store("a");
        LandingStore.Landed landed = a.land("landing-test", new ByteArrayInputStream(payload), Long.MAX_VALUE);

        assertThat(landed.landingPath()).isEqualTo("db:landing-test/" + landed.sha256());
        assertThat(landed.bytes()).isEqualTo(payload.length);
        java.security.MessageDigest sha = Sha256.digest();
        sha.update(payload);
        assertThat(landed.sha256()).isEqualTo(Sha256.hex(sha));
        assertThat(count("SELECT count(*) FROM hub.landing_part p JOIN hub.landing l ON l.id = p.landing_id"
                + " WHERE l.source_id = 'landing-test'")).as("parts of 1 MiB").isEqualTo(3);
        assertThat(Files.list(dir.resolve("a").resolve("landing").resolve(".incoming")))
                .as("the temporary file is gone once the payload is in the database").isEmpty();

        Path copy;
        try (LandingStore.Copy c = store("b").open(landed.landingPath(), dir.resolve("b").resolve("work"))) {
            copy = c.path();
            assertThat(Files.readAllBytes(copy)).isEqualTo(payload);
        }
        assertThat(copy).as("the temporary copy is deleted once read").doesNotExist();

        Instant first = ClusterDatabase.jdbc().queryForObject("SELECT received_at FROM hub.landing WHERE source_id ="
                + " 'landing-test'", Map.of(), java.time.OffsetDateTime.class).toInstant();
        LandingStore.Landed again = store("b").land("landing-test", new ByteArrayInputStream(payload), Long.MAX_VALUE);
        assertThat(again).isEqualTo(landed);
        assertThat(count("SELECT count(*) FROM hub.landing WHERE source_id = 'landing-test'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM hub.landing_part p JOIN hub.landing l ON l.id = p.landing_id"
                + " WHERE l.source_id = 'landing-test'")).as("the same bytes are not written twice").isEqualTo(3);
        Instant second = ClusterDatabase.jdbc().queryForObject("SELECT received_at FROM hub.landing WHERE source_id ="
                + " 'landing-test'", Map.of(), java.time.OffsetDateTime.class).toInstant();
        assertThat(second).as("retention counts from the last arrival").isAfter(first);

        Instant later = Instant.now().plusSeconds(60);
        assertThat(a.sweep(later, Set.of(landed.landingPath()), new ReentrantLock())).as("a copy a batch needs stays")
                .isZero();
        assertThat(a.sweep(later, Set.of(), new ReentrantLock())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM hub.landing_part p JOIN hub.landing l ON l.id = p.landing_id"
                + " WHERE l.source_id = 'landing-test'")).isZero();
        assertThatThrownBy(() -> a.open(landed.landingPath(), dir.resolve("a").resolve("work")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void nothingOfAPayloadOverTheLimitIsKept() {
        LandingStore a = store("c");
        assertThatThrownBy(() -> a.land("landing-limit", new ByteArrayInputStream(new byte[5000]), 4096))
                .isInstanceOf(LandingStore.TooLargeException.class);
        assertThat(count("SELECT count(*) FROM hub.landing WHERE source_id = 'landing-limit'")).isZero();
    }
}
