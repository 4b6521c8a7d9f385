package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: the hub on an external PostgreSQL that crashes ({@code kill -9} of the postmaster and its
 * backends) and is down for a while (5 s here, 60 s in the full form), then starts again on the same files.
 * The crash strikes four deliveries, one in each working stage ({@link FourStages}); a file dropped while
 * the database is down waits in the drop folder and is taken once it is back. Loads wait and retry with the
 * broker's backoff (a budget longer than the outage), batches left half taken in are taken up again by the
 * hub's sweep, nothing goes to the dead-letter queue, every row loads once.
 */
class DatabaseOutageFaultIT extends FaultSupport {

    /** Rows of each of the four deliveries. */
    static final int ROWS = FULL ? 250_000 : 25_000;
    static final int CHUNK = 1_000;
    static final Duration OUTAGE = FULL ? Duration.ofSeconds(60) : Duration.ofSeconds(5);
    static final long SEED = Long.getLong("fault.seed", 7);
    static final Stage.Coverage COVERAGE = new Stage.Coverage("postgres-crash");

    static Path runDir;
    static ExternalPostgres pg;
    static HubProcess hub;

    @BeforeAll
    static void start() throws IOException, SQLException {
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
        try (Connection c = hub.db()) {
            Pause.install(c);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        reportCoverage(COVERAGE);
        if (hub != null) hub.close();
        if (pg != null) pg.close();
    }

    @Test
    void loadsWaitOutADatabaseCrashThatStruckEveryStageAndLoadOnce() throws Exception {
        Path inputs = runDir.resolve("input");
        List<String> notes = new ArrayList<>();
        FaultData.Truth truth;
        try (FourStages four = FourStages.arrange(hub, inputs, "outage", SEED, ROWS, 1)) {
            Map<String, Stage.Seen> at = four.seen();
            pg.crash();
            at.forEach((name, seen) -> COVERAGE.hit("crash: " + name, seen));
            notes.add("crashed with " + at);
            four.release();

            // a regency drops a file while the database is down: it waits in the drop folder
            Path e = inputs.resolve("outage-E.csv");
            FaultData.Truth truthE = FaultData.generate(e, SEED + 4, 4L * ROWS + 1, 5_000);
            Path dropped = FaultData.drop(e, hub.dropDir(FaultData.SOURCE), "outage-E.csv");
            truth = four.truth().plus(truthE);

            // the hub notices (a load attempt fails) and stays up through the outage
            await("a failed load attempt").atMost(OUTAGE.plusSeconds(60))
                    .until(() -> hub.logText().contains("failed (attempt"));
            // the hub stays up and keeps answering (health within 5 s: UP or DOWN, never a hang) through the outage
            await("the outage").during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> hub.isAlive() && hub.health() > 0);
            assertThat(dropped).as("a file dropped while the database is down stays in the drop folder").exists();
            pg.start();

            // the upload that was landing got 503 while the database was down: its client sends it again
            four.resendUnanswered(notes);
            // batches left RECEIVED by the crash are taken up again by the hub's sweep (every 15 s); the drop
            // folder's files at its next scans
            await("all loaded").atMost(Duration.ofMinutes(FULL ? 20 : 4)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try (Connection c = hub.db()) {
                    return FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status NOT IN ('LOADED', 'LOADED_WITH_REJECTS', 'FAILED', 'DUPLICATE')") == 0
                            && FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status = 'LOADED'") == 5;
                } catch (Exception x) {
                    return false;
                }
            });
            four.assertUploadsTaken();
            assertThat(hub.dropDir(FaultData.SOURCE).resolve(".done").resolve("outage-E.csv"))
                    .as("the file dropped during the outage, taken after it").exists();
        }
        FaultSupport.assertExactlyOnce(hub, truth);
        try (Connection c = hub.db()) {
            FaultData.Truth wh = FaultData.warehouse(c, -1);
            long attempts = hub.logText().lines().filter(l -> l.contains("failed (attempt")).count();
            report("postgres-crash", SEED, truth, wh, String.format("%s; down %ds, %d failed load attempts; batches %s",
                    String.join("; ", notes), OUTAGE.toSeconds(), attempts, batches(c).stream().map(BatchRow::status).toList()));
            assertThat(batches(c)).extracting(BatchRow::status).containsOnly("LOADED").hasSize(5);
        }
        assertEveryStageStruck(COVERAGE);
    }
}
