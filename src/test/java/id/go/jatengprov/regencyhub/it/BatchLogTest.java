package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * An operator can follow a batch in the log: one INFO line when it is received, one when it is queued, one with its
 * final status, counts and duration; one per dead-lettered chunk and one per replay. Each exactly once.
 */
class BatchLogTest extends HubTestSupport {

    @Test
    void aLoadedBatchLogsReceivedQueuedAndItsFinalStatusOnceEach() throws Exception {
        try (LogCapture log = new LogCapture()) {
            drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
            Batch b = awaitFinal("jateng-births");
            List<String> lines = lines(log, b);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("INFO Batch " + b.id() + " received: source jateng-births (regency 33), drop folder,"
                    + " file bayi.csv, " + b.bytes() + " bytes, sha256 " + b.contentHash().substring(0, 12));
            assertThat(lines.get(1)).isEqualTo("INFO Batch " + b.id() + " queued: 140 rows read, 0 rejected, 1 chunk (source jateng-births)");
            assertThat(lines.get(2)).matches("INFO Batch " + b.id() + " LOADED: 140 rows read, 140 loaded, 0 rejected, in \\d+(\\.\\d)? m?s"
                    + " \\(source jateng-births\\)");

            drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi-again.csv");
            Batch dup = awaitBatches("jateng-births", 2).get(0);
            assertThat(lines(log, dup)).containsExactly("INFO Batch " + dup.id() + " DUPLICATE of batch " + b.id()
                    + ": source jateng-births, drop folder, file bayi-again.csv, sha256 " + b.contentHash().substring(0, 12)
                    + "; nothing loaded");
        }
    }

    @Test
    void aDeadLetteredChunkAndItsReplayAreOneLineEach() throws Exception {
        try (LogCapture log = new LogCapture()) {
            jdbc.execute("ALTER TABLE warehouse.births ADD CONSTRAINT births_log_ck CHECK (live_births < 20000)");
            Batch failed;
            try {
                drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
                failed = awaitFinal("jateng-births");
            } finally {
                jdbc.execute("ALTER TABLE warehouse.births DROP CONSTRAINT births_log_ck");
            }
            assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
            await().atMost(Duration.ofSeconds(10)).until(() -> new Http(port).as("operator", OPERATOR_PASSWORD)
                    .get("/api/v1/dead-letters").body().contains("\"batch\":\"" + failed.id() + "\""));
            new Http(port).as("operator", OPERATOR_PASSWORD).post("/api/v1/dead-letters/replay?batch=" + failed.id(), null, new byte[0]);
            awaitStatus(failed.id(), BatchStatus.LOADED);

            List<String> lines = lines(log, failed);
            assertThat(lines).hasSize(5);
            assertThat(lines.get(2)).startsWith("INFO Batch " + failed.id() + " FAILED: 0 of 1 chunks loaded; 1 in the"
                    + " dead-letter queue: replay them").contains("births_log_ck").contains("(140 rows read, 0 loaded, 0 rejected, after ")
                    .doesNotContain("\n");
            assertThat(lines.get(3)).isEqualTo("INFO Batch " + failed.id() + " replayed: its dead-lettered chunks are back on"
                    + " the load queue (0 of 1 chunks loaded)");
            assertThat(lines.get(4)).startsWith("INFO Batch " + failed.id() + " LOADED: 140 rows read, 140 loaded, 0 rejected, in ");
        }
    }

    private static List<String> lines(LogCapture log, Batch b) {
        return log.messages(e -> e.getLoggerName().endsWith(".BatchLog") && e.getFormattedMessage().startsWith("Batch " + b.id() + " "));
    }
}
