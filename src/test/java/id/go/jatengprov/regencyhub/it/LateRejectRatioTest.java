package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.load.DeadLetters;
import id.go.jatengprov.regencyhub.load.LoadQueue;

/**
 * A large file that crosses max-reject-ratio only near its end, after most of its chunks loaded (they load while the
 * file is read), some of them over rows of an earlier batch with other values: the batch ends FAILED with the ratio's
 * message and its counts, and the warehouse is exactly as before, row by row, lineage included; nothing is
 * dead-lettered, and its chunks still queued change nothing.
 */
class LateRejectRatioTest {

    static final String DATASET = """
            id: late_stats
            title: Meter readings (late reject ratio test)
            fields:
              - { name: meter, type: integer, min: 1 }
              - { name: reading, type: integer, min: 0, required: true }
              - { name: note, type: text }
            key: [meter]
            revisions: true
            """;
    static final String SOURCE = """
            id: late-drop
            regency: "33"
            dataset: late_stats
            kind: drop
            mapping:
              meter: { column: meter }
              reading: { column: reading }
              note: { column: note }
            max-reject-ratio: 0.05
            """;
    /** Held by the test: the first flush of rejects (at row 95,000 of the second file) waits for it. */
    static final long HOLD = 4_747;

    @Test
    void aBatchOverTheRatioNearItsEndLeavesTheWarehouseExactlyAsItWas() throws Exception {
        try (OwnHub hub = OwnHub.start(Map.of("datasets/late_stats.yaml", DATASET, "sources/late-drop.yaml", SOURCE),
                "hub.load.chunk-size=5000");
             LogCapture log = new LogCapture()) {
            JdbcTemplate jdbc = hub.bean(JdbcTemplate.class);
            BatchStore batches = hub.bean(BatchStore.class);
            Path drop = hub.bean(HubProperties.class).dropDir().resolve("late-drop");
            Path work = hub.dir.resolve("input");
            Files.createDirectories(work);

            // 60,000 rows: meters 1..60,000
            deliver(drop, write(work.resolve("first.csv"), 60_000, i -> 1 + i, i -> i % 1000, "pertama"), "first.csv");
            Batch first = await().atMost(Duration.ofMinutes(2)).until(() -> batches.list("late-drop", null, null, 1, 0).stream()
                    .filter(b -> b.status().isFinal()).findFirst().orElse(null), b -> b != null);
            assertThat(first.status()).isEqualTo(BatchStatus.LOADED);
            jdbc.execute("CREATE TABLE hub.late_snapshot AS SELECT * FROM warehouse.late_stats");

            // 100,000 rows: 90,000 good ones (30,000 over meters of the first batch, with other readings), then 10,000
            // rejects (a negative reading): 10 % of the rows, twice the source's max-reject-ratio
            Path second = write(work.resolve("second.csv"), 100_000, i -> 30_001 + i, i -> i < 90_000 ? 2000 + i % 1000 : -1, "kedua");
            jdbc.execute("CREATE FUNCTION hub.hold_rejects() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN PERFORM pg_advisory_xact_lock_shared(" + HOLD + "); RETURN NULL; END $$");
            jdbc.execute("CREATE TRIGGER hold_rejects BEFORE INSERT ON hub.reject FOR EACH STATEMENT EXECUTE FUNCTION hub.hold_rejects()");
            long secondId;
            try (Connection holder = jdbc.getDataSource().getConnection(); Statement st = holder.createStatement()) {
                // a session lock on a pooled connection outlives close(): it is released explicitly below
                st.execute("SELECT pg_advisory_lock(" + HOLD + ")");
                try {
                    deliver(drop, second, "second.csv");
                    secondId = await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.queryForList(
                            "SELECT id FROM hub.batch WHERE file_name = 'second.csv'", Long.class), l -> !l.isEmpty()).get(0);
                    // normalising is held at row 95,000; the chunks cut before it load meanwhile
                    await("chunks of the second batch loaded while it is read").atMost(Duration.ofMinutes(2)).until(() ->
                            jdbc.queryForObject("SELECT count(*) FROM hub.load_log WHERE batch_id = ?", Long.class, secondId) >= 12);
                    assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.late_stats WHERE _batch = ? AND meter <= 60000",
                            Long.class, secondId)).as("rows of the first batch overwritten").isPositive();
                    assertThat(batches.find(secondId).orElseThrow().status()).isEqualTo(BatchStatus.RECEIVED);
                } finally {
                    st.execute("SELECT pg_advisory_unlock(" + HOLD + ")");
                }
            }
            Batch failed = await().atMost(Duration.ofMinutes(2)).until(() -> batches.find(secondId).orElseThrow(),
                    b -> b.status().isFinal());
            jdbc.execute("DROP TRIGGER hold_rejects ON hub.reject");

            assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
            assertThat(failed.message()).startsWith("10000 of 100000 rows rejected (10.0%), more than the source's"
                    + " max-reject-ratio 0.05 allows; nothing loaded. First: ");
            assertThat(failed.rowsRead()).isEqualTo(100_000);
            assertThat(failed.rowsRejected()).isEqualTo(10_000);
            assertThat(failed.rowsLoaded()).isZero();
            assertThat(failed.chunksLoaded()).isZero();
            assertThat(log.messages(e -> e.getFormattedMessage().startsWith("Batch " + secondId + " withdrawn")))
                    .singleElement().asString().matches("INFO Batch \\d+ withdrawn: its early chunks were undone \\([1-9]\\d* rows it"
                            + " wrote deleted, [1-9]\\d* rows it overwrote put back as they were\\)");

            // its chunks still queued are no-ops: once the queue is empty the warehouse is still exactly as before
            await("the load queue drained").atMost(Duration.ofMinutes(2)).until(() -> queued(hub) == 0);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.late_stats", Long.class)).isEqualTo(60_000);
            for (String[] pair : new String[][] {{"warehouse.late_stats", "hub.late_snapshot"}, {"hub.late_snapshot", "warehouse.late_stats"}}) {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM (SELECT * FROM " + pair[0] + " EXCEPT ALL SELECT * FROM "
                        + pair[1] + ") d", Long.class)).as("rows of %s not in %s (every column, lineage included)", pair[0], pair[1])
                        .isZero();
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.load_log WHERE batch_id = ?", Long.class, secondId)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM undo.late_stats", Long.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.late_stats_revisions", Long.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.chunk_failure", Long.class)).isZero();
            assertThat(hub.bean(DeadLetters.class).list()).as("dead letters").isEmpty();
        }
    }

    private static Path write(Path file, int rows, java.util.function.IntUnaryOperator meter,
                              java.util.function.IntUnaryOperator reading, String note) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("meter,reading,note\n");
            for (int i = 0; i < rows; i++) {
                w.write(meter.applyAsInt(i) + "," + reading.applyAsInt(i) + "," + note + "\n");
            }
        }
        return file;
    }

    private static void deliver(Path dropDir, Path file, String name) throws Exception {
        Files.createDirectories(dropDir);
        Path part = dropDir.resolve(name + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, dropDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Messages waiting in the load queue. */
    private static int queued(OwnHub hub) throws Exception {
        ConnectionFactory cf = hub.bean(ConnectionFactory.class);
        try (jakarta.jms.Connection c = cf.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser b = s.createBrowser(s.createQueue(hub.bean(LoadQueue.class).name()));
            return Collections.list(b.getEnumeration()).size();
        }
    }
}
