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
 * Scenario 3: the hub on an external ActiveMQ broker (a separate process, {@link TestBroker}) that is
 * killed with {@code kill -9} while the hub queues or loads a file, and started again on the same
 * KahaDB folder after a while. Persistent messages survive, the hub reconnects by itself through its
 * failover URL, and every row loads once.
 */
class BrokerCrashFaultIT extends FaultSupport {

    static final int ROWS = FULL ? 1_000_000 : 100_000;
    static final int CHUNK = 2_000;
    static final Duration OUTAGE = FULL ? Duration.ofSeconds(60) : Duration.ofSeconds(5);
    static final int SEEDS = FULL ? 3 : 2;

    static Path runDir;
    static BrokerProcess broker;
    static HubProcess hub;

    @BeforeAll
    static void start() throws IOException {
        runDir = Path.of("target", "fault-runs", "broker-crash").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        FaultData.writeConfig(runDir);
        broker = new BrokerProcess(HubProcess.freePort(), runDir.resolve("broker"), runDir.resolve("broker.log")).start();
        hub = HubProcess.in(runDir)
                .with("hub.broker.url", "failover:(" + broker.url() + ")")
                .with("hub.load.chunk-size", CHUNK)
                .build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) hub.close();
        if (broker != null) broker.close();
    }

    @Test
    void persistentChunksSurviveABrokerCrashAndLoadOnce() throws Exception {
        FaultData.Truth all = FaultData.Truth.NONE;
        int chunks = (ROWS + CHUNK - 1) / CHUNK;
        for (int i = 0; i < SEEDS; i++) {
            long seed = 31 + i;
            Random r = new Random(seed);
            Path input = runDir.resolve("input").resolve("broker-" + seed + ".csv");
            FaultData.Truth truth = FaultData.generate(input, seed, (long) i * ROWS + 1, ROWS);
            all = all.plus(truth);
            boolean whileQueueing = seed % 2 == 1; // odd seeds: while chunks are being queued; even: mid-load
            int crashAfter = 1 + r.nextInt(chunks / 2);
            FaultData.drop(input, hub.dropDir(FaultData.SOURCE), input.getFileName().toString());

            String name = input.getFileName().toString();
            String at = await("crash point").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> state(name, whileQueueing, crashAfter), s -> s != null);
            broker.kill();
            // the hub stays up and keeps answering (health within 5 s: UP or DOWN, never a hang) through the outage
            await("the outage").during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> hub.isAlive() && hub.health() > 0);
            broker.start();

            await("all final").atMost(Duration.ofMinutes(FULL ? 20 : 4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> allFinal(name));
            try (Connection c = hub.db()) {
                long batch = FaultSupport.count(c, "SELECT id FROM hub.batch WHERE file_name = '" + name + "' AND status <> 'DUPLICATE' ORDER BY id LIMIT 1");
                FaultData.Truth wh = FaultData.warehouse(c, batch);
                report("broker-kill-9", seed, truth, wh, String.format("broker killed %s (at %s), down %ds",
                        whileQueueing ? "while queueing" : "after " + crashAfter + " chunks loaded", at, OUTAGE.toSeconds()));
                assertThat(wh).as("seed %s", seed).isEqualTo(truth);
            }
        }
        FaultSupport.assertExactlyOnce(hub, all);
        try (Connection c = hub.db()) {
            assertThat(batches(c)).extracting(BatchRow::status).contains("LOADED").isSubsetOf("LOADED", "DUPLICATE");
        }
    }

    /** Non-null once the file reached the crash point (or finished: a crash after the end must change nothing either). */
    private static String state(String name, boolean whileQueueing, int crashAfter) {
        try (Connection c = hub.db(); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT status, chunks_total, (SELECT count(*) FROM hub.load_log l WHERE l.batch_id = b.id) FROM hub.batch b"
                        + " WHERE file_name = '" + name + "' ORDER BY id LIMIT 1")) {
            if (!rs.next()) return null;
            String status = rs.getString(1);
            Integer total = (Integer) rs.getObject(2);
            long loaded = rs.getLong(3);
            String at = status + " " + loaded + "/" + total;
            boolean reached = whileQueueing ? total != null : loaded >= crashAfter;
            return reached || status.startsWith("LOADED") ? at : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean allFinal(String name) {
        try (Connection c = hub.db()) {
            return FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status IN ('RECEIVED', 'QUEUED')") == 0
                    && FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE file_name = '" + name + "'") > 0;
        } catch (Exception e) {
            return false;
        }
    }
}
