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
 * Scenario 3: the hub on an external ActiveMQ broker (a separate process, {@link TestBroker}) that is
 * killed with {@code kill -9} and started again on the same KahaDB folder after a while. Each crash strikes
 * four deliveries, one in each working stage ({@link FourStages}); a file dropped while the broker is down is
 * taken, waits for it and loads once it is back. Persistent messages survive, the hub reconnects by itself
 * through its failover URL, and every row loads once.
 */
class BrokerCrashFaultIT extends FaultSupport {

    /** Rows of each of the four deliveries. */
    static final int ROWS = FULL ? 250_000 : 25_000;
    static final int CHUNK = 1_000;
    static final Duration OUTAGE = FULL ? Duration.ofSeconds(60) : Duration.ofSeconds(5);
    static final int SEEDS = FULL ? 3 : 1;
    static final Stage.Coverage COVERAGE = new Stage.Coverage("broker-kill-9");

    static Path runDir;
    static BrokerProcess broker;
    static HubProcess hub;

    @BeforeAll
    static void start() throws IOException, SQLException {
        runDir = Path.of("target", "fault-runs", "broker-crash").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        FaultData.writeConfig(runDir);
        broker = new BrokerProcess(HubProcess.freePort(), runDir.resolve("broker"), runDir.resolve("broker.log")).start();
        hub = HubProcess.in(runDir)
                .with("hub.broker.url", "failover:(" + broker.url() + ")")
                .with("hub.load.chunk-size", CHUNK)
                .build().start();
        try (Connection c = hub.db()) {
            Pause.install(c);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        reportCoverage(COVERAGE);
        if (hub != null) hub.close();
        if (broker != null) broker.close();
    }

    @Test
    void persistentChunksSurviveABrokerCrashThatStruckEveryStageAndLoadOnce() throws Exception {
        FaultData.Truth all = FaultData.Truth.NONE;
        for (int i = 0; i < SEEDS; i++) {
            long seed = 31 + i;
            long firstMeter = (long) i * 5 * ROWS + 1;
            List<String> notes = new ArrayList<>();
            String late = "broker-" + seed + "-E.csv";
            int batchesSoFar = 5 * (i + 1);
            try (FourStages four = FourStages.arrange(hub, runDir.resolve("input"), "broker-" + seed, seed, ROWS, firstMeter)) {
                Map<String, Stage.Seen> at = four.seen();
                broker.kill();
                at.forEach((name, seen) -> COVERAGE.hit("seed " + seed + " broker crash: " + name, seen));
                notes.add("broker killed with " + at);
                four.release();

                // a regency drops a file while the broker is down: taken, it waits to be queued
                Path e = runDir.resolve("input").resolve(late);
                FaultData.Truth truthE = FaultData.generate(e, seed + 4, firstMeter + 4L * ROWS, 5_000);
                FaultData.drop(e, hub.dropDir(FaultData.SOURCE), late);
                all = all.plus(four.truth()).plus(truthE);

                // the hub stays up and keeps answering (health within 5 s: UP or DOWN, never a hang) through the outage
                await("the outage").during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                        .until(() -> hub.isAlive() && hub.health() > 0);
                assertThat(hub.dropDir(FaultData.SOURCE).resolve(".done").resolve(late))
                        .as("a file dropped while the broker is down is not done before it returns").doesNotExist();
                broker.start();

                four.resendUnanswered(notes);
                await("all final").atMost(Duration.ofMinutes(FULL ? 20 : 4)).pollInterval(Duration.ofMillis(500))
                        .until(() -> allFinal(batchesSoFar));
                four.assertUploadsTaken();
                assertThat(hub.dropDir(FaultData.SOURCE).resolve(".done").resolve(late))
                        .as("the file dropped during the outage, taken once the broker is back").exists();
            }
            try (Connection c = hub.db()) {
                FaultData.Truth wh = FaultData.warehouse(c, -1);
                report("broker-kill-9", seed, all, wh, String.join("; ", notes) + String.format("; down %ds", OUTAGE.toSeconds()));
                assertThat(wh).as("seed %s", seed).isEqualTo(all);
            }
        }
        FaultSupport.assertExactlyOnce(hub, all);
        try (Connection c = hub.db()) {
            assertThat(batches(c)).extracting(BatchRow::status).contains("LOADED").isSubsetOf("LOADED", "DUPLICATE");
        }
        assertEveryStageStruck(COVERAGE);
    }

    /** Every batch final, and at least {@code loaded} of them LOADED. */
    private static boolean allFinal(int loaded) {
        try (Connection c = hub.db()) {
            return FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status IN ('RECEIVED', 'QUEUED')") == 0
                    && FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status = 'LOADED'") >= loaded;
        } catch (Exception e) {
            return false;
        }
    }
}
