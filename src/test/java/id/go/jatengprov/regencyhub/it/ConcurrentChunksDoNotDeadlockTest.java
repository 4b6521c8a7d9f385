package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.Origin;

/**
 * Two chunks of one batch commit in parallel: each inserts its hub.load_log row (whose foreign key takes a KEY
 * SHARE lock on the batch row), then records itself on the batch. Locking the batch row FOR UPDATE waited for
 * the other chunk's KEY SHARE while the other waited for it: "deadlock detected" on a fifth of the chunk loads
 * in the fault suite, each a wasted attempt of the retry budget. The batch row is locked FOR NO KEY UPDATE.
 */
class ConcurrentChunksDoNotDeadlockTest extends HubTestSupport {

    @Autowired DataSource dataSource;

    @Test
    void aChunkRecordsItselfWhileAnotherChunkOfItsBatchHoldsItsLoadLogRow() throws Exception {
        long id = batches.register("jateng-births", "births", Origin.DROP, "t.csv", UUID.randomUUID().toString(), 1, "x").batchId();
        batches.normalised(id, 2, 0, 2, "test");
        batches.queued(id);
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            logChunk(first, id, 1);
            logChunk(second, id, 2);
            CompletableFuture<Batch> recorded = CompletableFuture.supplyAsync(() -> {
                try {
                    return batches.chunkLoaded(first, id, 1, 0).after();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the first chunk does not wait for the second, which has only inserted its load-log row
            assertThat(recorded.get(20, TimeUnit.SECONDS).chunksLoaded()).isEqualTo(1);
            first.commit();
            assertThat(batches.chunkLoaded(second, id, 1, 0).after().status()).isEqualTo(BatchStatus.LOADED);
            second.commit();
        }
        assertThat(batches.find(id).orElseThrow().rowsLoaded()).isEqualTo(2);
    }

    private static void logChunk(Connection c, long batch, int chunk) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO hub.load_log (batch_id, chunk, rows_loaded, rows_rejected) VALUES (?, ?, 1, 0)")) {
            ps.setLong(1, batch);
            ps.setInt(2, chunk);
            ps.executeUpdate();
        }
    }
}
