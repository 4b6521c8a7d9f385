package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Findings;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.load.ChunkLoader;
import id.go.jatengprov.regencyhub.load.ChunkMessage;
import id.go.jatengprov.regencyhub.load.EarlyLoads;
import id.go.jatengprov.regencyhub.load.LoadFailures;

/**
 * Chunks of a batch still being normalised (pending) load at once and keep every row they overwrite: withdrawn, the
 * batch leaves the warehouse exactly as it was, lineage included, and its later chunks change nothing; confirmed, it
 * keeps nothing. Another batch's chunk never touches a pending batch's rows: it waits until that batch is settled.
 */
class PendingBatchUndoTest extends HubTestSupport {

    private static final List<String> COLUMNS = List.of("region", "period", "live_births", "low_birth_weight", "malnourished");
    private static final List<String> KEY = List.of("region", "period");

    @Autowired ChunkLoader loader;
    @Autowired EarlyLoads early;
    @Autowired LoadFailures failures;
    @Autowired DataSource dataSource;

    /** A batch as intake leaves it while it normalises: RECEIVED; {@code pending}: loading early. */
    private long received(boolean pending) throws Exception {
        long id = batches.register("jateng-births", "births", Origin.DROP, "t.csv", UUID.randomUUID().toString(), 1, "x").batchId();
        if (pending) assertThat(early.claim(id, "births")).isTrue();
        return id;
    }

    private long queued(int chunks) {
        long id = batches.register("jateng-births", "births", Origin.DROP, "t.csv", UUID.randomUUID().toString(), 1, "x").batchId();
        batches.normalised(id, 0, 0, chunks, "test");
        batches.queued(id);
        return id;
    }

    /** Rows as "region year births row". */
    private static ChunkMessage chunk(long batch, int chunk, String... rows) {
        StringBuilder body = new StringBuilder();
        for (String r : rows) {
            String[] f = r.split(" ");
            body.append(f[0]).append('\t').append(f[1]).append("-01-01\t").append(f[2]).append("\t7\t\\N\t").append(f[3]).append('\n');
        }
        return new ChunkMessage(batch, chunk, "jateng-births", "births", COLUMNS, KEY, rows.length,
                body.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    private List<Map<String, Object>> warehouse() {
        return jdbc.queryForList("SELECT * FROM warehouse.births ORDER BY region, period");
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void aWithdrawnBatchLeavesTheWarehouseExactlyAsItWasAndItsLaterChunksChangeNothing() throws Exception {
        long first = queued(1);
        loader.load(chunk(first, 1, "33.01 2020 100 2", "33.02 2020 101 3", "33.03 2020 102 4"));
        List<Map<String, Object>> before = warehouse();

        long pending = received(true);
        // chunk 1 overwrites two rows of the first batch with other values and adds one; chunk 2 is all new keys
        loader.load(chunk(pending, 1, "33.01 2020 900 2", "33.02 2020 901 3", "33.04 2020 902 4"));
        loader.load(chunk(pending, 2, "33.05 2020 903 5", "33.06 2020 904 6"));
        assertThat(count("SELECT count(*) FROM warehouse.births WHERE _batch = ?", pending)).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM undo.births WHERE batch_id = ?", pending)).as("rows kept").isEqualTo(2);
        assertThat(batches.find(pending).orElseThrow().status()).isEqualTo(BatchStatus.RECEIVED);

        EarlyLoads.Withdrawal w = early.withdraw(pending, "births", "8 of 10 rows rejected", 10, 8, Findings.NONE);

        assertThat(w.done()).isTrue();
        assertThat(w.removed()).isEqualTo(5);
        assertThat(w.restored()).isEqualTo(2);
        assertThat(warehouse()).as("row by row, _batch, _row and _loaded_at included").isEqualTo(before);
        Batch b = batches.find(pending).orElseThrow();
        assertThat(b.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(b.message()).isEqualTo("8 of 10 rows rejected");
        assertThat(b.rowsRead()).isEqualTo(10);
        assertThat(b.rowsRejected()).isEqualTo(8);
        assertThat(b.rowsLoaded()).isZero();
        assertThat(b.chunksLoaded()).isZero();
        assertThat(count("SELECT count(*) FROM hub.load_log WHERE batch_id = ?", pending)).isZero();
        assertThat(count("SELECT count(*) FROM undo.births")).isZero();
        assertThat(count("SELECT count(*) FROM history.births WHERE _new_batch = ?", pending)).as("its revisions").isZero();
        assertThat(early.state(pending)).isEqualTo(EarlyLoads.State.WITHDRAWN);

        ChunkLoader.Result late = loader.load(chunk(pending, 3, "33.01 2020 905 7", "33.07 2020 906 8"));
        assertThat(late.alreadyLoaded()).isTrue();
        assertThat(warehouse()).isEqualTo(before);
        assertThat(batches.find(pending).orElseThrow().status()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void aConfirmedBatchKeepsNoOldRowsAndItsLaterChunksKeepNone() throws Exception {
        long first = queued(1);
        loader.load(chunk(first, 1, "33.01 2020 100 2", "33.02 2020 101 3"));
        long pending = received(true);
        loader.load(chunk(pending, 1, "33.01 2020 900 2"));
        assertThat(count("SELECT count(*) FROM undo.births WHERE batch_id = ?", pending)).isEqualTo(1);

        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            BatchStore.Transition t = batches.normalised(c, pending, 2, 0, 2, "test", Findings.NONE);
            early.confirm(c, pending, "births");
            c.commit();
            batches.committed(t);
        }
        assertThat(early.state(pending)).isEqualTo(EarlyLoads.State.NONE);
        assertThat(count("SELECT count(*) FROM undo.births")).isZero();

        loader.load(chunk(pending, 2, "33.02 2020 901 3"));
        assertThat(count("SELECT count(*) FROM undo.births")).isZero();
        batches.queued(pending);
        assertThat(batches.find(pending).orElseThrow().status()).isEqualTo(BatchStatus.LOADED);
        assertThat(count("SELECT count(*) FROM warehouse.births WHERE _batch = ?", pending)).isEqualTo(2);
    }

    @Test
    void anotherBatchsChunkWaitsUntilThePendingBatchIsSettledAndNeverTouchesItsRows() throws Exception {
        long first = queued(1);
        loader.load(chunk(first, 1, "33.01 2020 100 2"));
        long pending = received(true);
        loader.load(chunk(pending, 1, "33.01 2020 900 2"));
        long newer = queued(1);

        CompletableFuture<ChunkLoader.Result> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return loader.load(chunk(newer, 1, "33.01 2020 555 2", "33.09 2020 556 3"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("the newer batch's chunk waits").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> !waiting.isDone());
        assertThat(count("SELECT count(*) FROM warehouse.births WHERE _batch = ?", newer)).isZero();

        early.withdraw(pending, "births", "over the ratio", 2, 2, Findings.NONE);

        ChunkLoader.Result r = waiting.get();
        assertThat(r.rowsLoaded()).isEqualTo(2);
        assertThat(row("SELECT live_births, _batch FROM warehouse.births WHERE region = '33.01'"))
                .containsEntry("live_births", 555L).containsEntry("_batch", newer);
        // the revision goes from the restored row of the first batch, not from the withdrawn one
        assertThat(jdbc.queryForList("SELECT field, old_value, new_value, old_batch, new_batch FROM warehouse.births_revisions"))
                .containsExactly(Map.of("field", "live_births", "old_value", "100", "new_value", "555", "old_batch", first,
                        "new_batch", newer));
        assertThat(batches.find(newer).orElseThrow().status()).isEqualTo(BatchStatus.LOADED);
    }

    @Test
    void onlyOneBatchOfADatasetLoadsEarlyAtATime() throws Exception {
        long a = received(true);
        long b = received(false);
        assertThat(early.claim(b, "births")).as("another batch of births is pending").isFalse();
        assertThat(early.claim(a, "births")).as("taken up again after a crash").isTrue();
        long other = batches.register("jateng-ipm", "ipm", Origin.DROP, "i.csv", UUID.randomUUID().toString(), 1, "x").batchId();
        assertThat(early.claim(other, "ipm")).as("another dataset").isTrue();
        early.withdraw(a, "births", "bad file", 0, 0, null);
        assertThat(early.claim(b, "births")).isTrue();
    }

    @Test
    void aBatchDoesNotWaitForChunksInFlightToLoadEarlyAndAConfirmedOneIsNeverPendingAgain() throws Exception {
        long b = received(false);
        // a chunk of births held in its transaction (as a dead database or a fault pause holds one)
        try (Connection chunk = dataSource.getConnection()) {
            chunk.setAutoCommit(false);
            try (PreparedStatement ps = chunk.prepareStatement("SELECT pg_advisory_xact_lock_shared(?, hashtext('births'))")) {
                ps.setInt(1, EarlyLoads.DATASET_LOCK);
                ps.execute();
            }
            assertThat(early.claim(b, "births")).as("not now: a chunk of births is half-way").isFalse();
            assertThat(early.state(b)).isEqualTo(EarlyLoads.State.NONE);
            chunk.rollback();
        }
        assertThat(early.claim(b, "births")).as("asked again at the next chunk").isTrue();
        early.withdraw(b, "births", "bad file", 0, 0, null);

        // normalising ended once (confirmed), then the hub died while queueing: taken up again, it loads as any batch
        long c = received(true);
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            BatchStore.Transition t = batches.normalised(tx, c, 2, 0, 1, "test", Findings.NONE);
            early.confirm(tx, c, "births");
            tx.commit();
            batches.committed(t);
        }
        assertThat(early.claim(c, "births")).isFalse();
        assertThat(early.state(c)).isEqualTo(EarlyLoads.State.NONE);
    }

    @Test
    void chunksOfADatasetLoadSideBySideAndWithdrawingWaitsForThoseHalfWay() throws Exception {
        long pending = received(true);
        try (Connection one = dataSource.getConnection(); Connection two = dataSource.getConnection()) {
            one.setAutoCommit(false);
            two.setAutoCommit(false);
            early.forChunk(one, pending, "births");
            // a second chunk of the dataset while the first is half-way (held by a slow COPY, a fault pause): it goes
            // on, it does not queue behind the first (on a cluster that left one chunk of the dataset loading at a time)
            try (PreparedStatement ps = two.prepareStatement("SET LOCAL lock_timeout = '2s'")) {
                ps.execute();
            }
            assertThat(early.forChunk(two, pending, "births").mine()).isEqualTo(EarlyLoads.State.PENDING);
            two.rollback();

            CompletableFuture<EarlyLoads.Withdrawal> withdrawing = CompletableFuture.supplyAsync(() -> {
                try {
                    return early.withdraw(pending, "births", "over the ratio", 2, 2, Findings.NONE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await("withdrawing waits for the chunk half-way").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> !withdrawing.isDone());
            assertThat(early.state(pending)).isEqualTo(EarlyLoads.State.PENDING);
            one.rollback();
            assertThat(withdrawing.get().done()).isTrue();
        }
        assertThat(early.state(pending)).isEqualTo(EarlyLoads.State.WITHDRAWN);
    }

    @Test
    void aChunkDeadLetteredWhileItsBatchIsPendingFailsTheBatchOnceItIsQueued() throws Exception {
        long pending = received(true);
        loader.load(chunk(pending, 1, "33.01 2020 900 2"));
        failures.record(pending, 2, 4, true, "IllegalStateException: boom");
        assertThat(batches.find(pending).orElseThrow().status()).as("still being normalised").isEqualTo(BatchStatus.RECEIVED);

        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            BatchStore.Transition t = batches.normalised(c, pending, 2, 0, 2, "test", Findings.NONE);
            early.confirm(c, pending, "births");
            c.commit();
            batches.committed(t);
        }
        batches.queued(pending);
        failures.failIfDeadLettered(pending);
        Batch b = batches.find(pending).orElseThrow();
        assertThat(b.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(b.message()).startsWith("1 of 2 chunks loaded; 1 in the dead-letter queue");
    }
}
