package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: the hub on an external PostgreSQL that crashes mid-load and is down for a while (5 s
 * here, 60 s in the full form), then starts again on the same files. Loads wait and retry with the
 * broker's backoff (a budget longer than the outage), nothing goes to the dead-letter queue, every
 * row loads once.
 */
class DatabaseOutageFaultIT extends FaultSupport {

    static final int ROWS = FULL ? 1_000_000 : 100_000;
    static final int UPLOAD_ROWS = FULL ? 1_000_000 : 100_000;
    static final int CHUNK = 2_000;
    static final Duration OUTAGE = FULL ? Duration.ofSeconds(60) : Duration.ofSeconds(5);
    static final long SEED = Long.getLong("fault.seed", 7);

    static Path runDir;
    static ExternalPostgres pg;
    static HubProcess hub;

    @BeforeAll
    static void start() throws IOException {
        runDir = Path.of("target", "fault-runs", "db-outage").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        FaultData.writeConfig(runDir);
        pg = new ExternalPostgres(runDir.resolve("pg"), HubProcess.freePort(), runDir.resolve("postgres.log")).start();
        hub = HubProcess.in(runDir)
                .externalDatabase(pg.jdbcUrl(), "hub", ExternalPostgres.HUB_PASSWORD)
                .with("spring.datasource.hikari.connection-timeout", 2000)
                .with("hub.load.chunk-size", CHUNK)
                // 40 redeliveries, at most 4 s apart: about 2.5 minutes, longer than the outage
                .with("hub.broker.redelivery.max-attempts", 40)
                .with("hub.broker.redelivery.initial-delay", "500ms")
                .with("hub.broker.redelivery.max-delay", "4s")
                .build().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (hub != null) hub.close();
        if (pg != null) pg.close();
    }

    @Test
    void loadsWaitOutADatabaseCrashAndLoadOnce() throws Exception {
        Random r = new Random(SEED);
        Path input = runDir.resolve("input").resolve("outage.csv");
        FaultData.Truth truth = FaultData.generate(input, SEED, 1, ROWS);
        int chunks = (ROWS + CHUNK - 1) / CHUNK;
        int crashAfter = 1 + r.nextInt(chunks / 2);
        FaultData.drop(input, hub.dropDir(FaultData.SOURCE), "outage.csv");

        await("chunk " + crashAfter + " loaded").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> loadedChunks() >= crashAfter);
        // meanwhile a regency uploads another file: the crash comes while the hub normalises it
        Path upload = runDir.resolve("input").resolve("outage-upload.csv");
        FaultData.Truth truthU = FaultData.generate(upload, SEED + 1, 10_000_001L, UPLOAD_ROWS);
        String shaU = KillNineFaultIT.sha256(upload);
        var answer = hub.post("/api/v1/sources/" + FaultData.SOURCE + "/uploads", "text/csv",
                java.net.http.HttpRequest.BodyPublishers.ofFile(upload));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String uploadAt = await("upload registered").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> statusOf(shaU), st -> st != null);
        long before = loadedChunks();
        pg.crash();
        truth = truth.plus(truthU);
        // the hub notices (a load attempt fails) and stays up through the outage
        await("a failed load attempt").atMost(OUTAGE.plusSeconds(30))
                .until(() -> hub.logText().contains("failed (attempt"));
        // the hub stays up and keeps answering (health within 5 s: UP or DOWN, never a hang) through the outage
        await("the outage").during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> hub.isAlive() && hub.health() > 0);
        pg.start();

        // the upload's batch, left RECEIVED by the crash, is taken up again by the hub's sweep (every 15 s)
        await("all loaded").atMost(Duration.ofMinutes(FULL ? 20 : 4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Connection c = hub.db()) {
                return FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status NOT IN ('LOADED', 'LOADED_WITH_REJECTS', 'FAILED', 'DUPLICATE')") == 0
                        && FaultSupport.count(c, "SELECT count(*) FROM hub.batch") > 0;
            } catch (Exception e) {
                return false;
            }
        });
        FaultSupport.assertExactlyOnce(hub, truth);
        try (Connection c = hub.db()) {
            FaultData.Truth wh = FaultData.warehouse(c, -1);
            long attempts = hub.logText().lines().filter(l -> l.contains("failed (attempt")).count();
            report("postgres-crash", SEED, truth, wh, String.format("crashed after %d of %d chunks of the drop, the upload %s;"
                    + " down %ds, %d failed load attempts; batches %s", before, chunks, uploadAt, OUTAGE.toSeconds(), attempts,
                    batches(c).stream().map(BatchRow::status).toList()));
            assertThat(batches(c)).extracting(BatchRow::status).containsExactly("LOADED", "LOADED");
        }
    }

    private static String statusOf(String sha) {
        try (Connection c = hub.db(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT status, chunks_total FROM hub.batch WHERE content_hash = '" + sha + "'")) {
            return rs.next() ? rs.getString(1) + (rs.getObject(2) == null ? " (normalising)" : " (queueing)") : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static long loadedChunks() {
        try (Connection c = hub.db()) {
            return FaultSupport.count(c, "SELECT count(*) FROM hub.load_log");
        } catch (Exception e) {
            return -1;
        }
    }
}
