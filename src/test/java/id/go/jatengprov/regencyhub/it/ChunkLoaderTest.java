package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.load.ChunkLoader;
import id.go.jatengprov.regencyhub.load.ChunkMessage;

/**
 * The loader's guarantees, chunk by chunk on the real database: duplicate keys within a chunk and across the
 * chunks of a batch (in and out of order) are rejected naming the earlier row, which wins; a redelivered chunk
 * changes nothing; a newer batch updates every row and an older one never overwrites it.
 */
class ChunkLoaderTest extends HubTestSupport {

    private static final List<String> COLUMNS = List.of("region", "period", "live_births", "low_birth_weight", "malnourished");

    @Autowired ChunkLoader loader;

    private long batch(int chunks) {
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
            body.append(f[0]).append('\t').append(f[1]).append("-01-01\t").append(f[2]).append("\t\\N\t\\N\t").append(f[3]).append('\n');
        }
        return new ChunkMessage(batch, chunk, "jateng-births", "births", COLUMNS, rows.length,
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> stored(String region, int year) {
        return row("SELECT live_births, _batch, _row FROM warehouse.births WHERE region = ? AND period = ?::date",
                region, year + "-01-01");
    }

    private List<String> rejects(long batch) {
        return batches.rejects(batch).stream().map(r -> r.row() + ": " + r.reason()).toList();
    }

    @Test
    void duplicatesWithinAChunkAreRejectedAndTheFirstRowWins() throws Exception {
        long b = batch(1);
        ChunkLoader.Result r = loader.load(chunk(b, 1, "33.01 2020 100 2", "33.02 2020 200 3", "33.01 2020 999 5"));
        assertThat(r.rowsLoaded()).isEqualTo(2);
        assertThat(r.rowsRejected()).isEqualTo(1);
        assertThat(stored("33.01", 2020)).containsEntry("live_births", 100L).containsEntry("_row", 2L);
        assertThat(rejects(b)).containsExactly("5: duplicate of row 2: same key (region, period)");
        Batch done = batches.find(b).orElseThrow();
        assertThat(done.status()).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);
        assertThat(done.rowsLoaded()).isEqualTo(2);
    }

    @Test
    void duplicatesAcrossChunksAreRejectedInEitherLoadOrder() throws Exception {
        long b = batch(3);
        // chunk 3 (later rows) loads before chunk 1: the earlier row must still win
        loader.load(chunk(b, 3, "33.01 2020 300 40", "33.03 2020 301 41"));
        loader.load(chunk(b, 1, "33.01 2020 100 2", "33.02 2020 101 3"));
        loader.load(chunk(b, 2, "33.02 2020 200 20", "33.04 2020 201 21"));
        assertThat(stored("33.01", 2020)).containsEntry("live_births", 100L).containsEntry("_row", 2L);
        assertThat(stored("33.02", 2020)).containsEntry("live_births", 101L).containsEntry("_row", 3L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(4);
        assertThat(rejects(b)).containsExactlyInAnyOrder(
                "40: duplicate of row 2: same key (region, period)",
                "20: duplicate of row 3: same key (region, period)");
        Batch done = batches.find(b).orElseThrow();
        assertThat(done.status()).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);
        assertThat(done.rowsLoaded()).isEqualTo(4);
        assertThat(done.rowsRejected()).isEqualTo(2);
    }

    @Test
    void concurrentChunksWithTheSameKeyStillRejectTheLaterRow() throws Exception {
        for (int round = 0; round < 5; round++) {
            long b = batch(2);
            String[] a = new String[200], c = new String[200];
            for (int i = 0; i < 200; i++) {
                int year = 1800 + i;
                a[i] = "33.05 " + year + " " + i + " " + (2 + i);
                c[i] = "33.05 " + year + " " + (1000 + i) + " " + (1000 + i);
            }
            CompletableFuture<ChunkLoader.Result> f1 = CompletableFuture.supplyAsync(() -> load(chunk(b, 1, a)));
            CompletableFuture<ChunkLoader.Result> f2 = CompletableFuture.supplyAsync(() -> load(chunk(b, 2, c)));
            f1.join();
            f2.join();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births WHERE _batch = ? AND _row < 1000",
                    Long.class, b)).isEqualTo(200);
            assertThat(rejects(b)).hasSize(200).allMatch(s -> s.matches("1\\d{3}: duplicate of row \\d+: same key \\(region, period\\)"));
            Batch done = batches.find(b).orElseThrow();
            assertThat(done.rowsLoaded()).isEqualTo(200);
            assertThat(done.rowsRejected()).isEqualTo(200);
            jdbc.execute("TRUNCATE warehouse.births");
        }
    }

    private ChunkLoader.Result load(ChunkMessage m) {
        try {
            return loader.load(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChunkOfNewKeysIsCopiedInWithItsLineageAndAnExistingKeyTakesTheUpsert() throws Exception {
        long first = batch(1);
        ChunkLoader.Result r = loader.load(chunk(first, 1, "33.11 2019 40 7", "33.12 2019 41 8"));
        assertThat(r.rowsLoaded()).isEqualTo(2);
        assertThat(row("SELECT _source, _batch, _row, live_births FROM warehouse.births WHERE region = '33.12' AND period = '2019-01-01'"))
                .containsEntry("_source", "jateng-births").containsEntry("_batch", first).containsEntry("_row", 8L)
                .containsEntry("live_births", 41L);
        // one key of the next chunk exists: the whole chunk goes the upsert's way, and the new key is loaded too
        long second = batch(1);
        ChunkLoader.Result u = loader.load(chunk(second, 1, "33.13 2019 42 2", "33.12 2019 51 3"));
        assertThat(u.rowsLoaded()).isEqualTo(2);
        assertThat(stored("33.12", 2019)).containsEntry("live_births", 51L).containsEntry("_batch", second).containsEntry("_row", 3L);
        assertThat(stored("33.13", 2019)).containsEntry("live_births", 42L).containsEntry("_batch", second);
        assertThat(stored("33.11", 2019)).containsEntry("live_births", 40L).containsEntry("_batch", first);
    }

    @Test
    void aRedeliveredChunkChangesNothing() throws Exception {
        long b = batch(2);
        loader.load(chunk(b, 1, "33.01 2020 100 2"));
        ChunkLoader.Result again = loader.load(chunk(b, 1, "33.01 2020 555 2"));
        assertThat(again.alreadyLoaded()).isTrue();
        assertThat(stored("33.01", 2020)).containsEntry("live_births", 100L);
        assertThat(batches.find(b).orElseThrow().rowsLoaded()).isEqualTo(1);
        assertThat(batches.find(b).orElseThrow().status()).isEqualTo(BatchStatus.QUEUED);
    }

    @Test
    void aNewerBatchUpdatesEveryRowAndAnOlderOneNeverOverwrites() throws Exception {
        long older = batch(2);
        long newer = batch(1);
        loader.load(chunk(older, 1, "33.01 2020 100 2", "33.02 2020 101 3"));
        loader.load(chunk(newer, 1, "33.01 2020 700 2", "33.02 2020 701 3", "33.03 2020 702 4"));
        // a late chunk of the older batch (a redelivery after a failure, or a dead-letter replay)
        ChunkLoader.Result late = loader.load(chunk(older, 2, "33.03 2020 102 4", "33.04 2020 103 5"));
        assertThat(stored("33.01", 2020)).containsEntry("live_births", 700L).containsEntry("_batch", newer);
        assertThat(stored("33.03", 2020)).containsEntry("live_births", 702L).containsEntry("_batch", newer);
        assertThat(stored("33.04", 2020)).containsEntry("live_births", 103L).containsEntry("_batch", older);
        assertThat(late.rowsRejected()).isZero();
        assertThat(rejects(older)).isEmpty();
        assertThat(rejects(newer)).isEmpty();
        assertThat(batches.find(newer).orElseThrow().status()).isEqualTo(BatchStatus.LOADED);
    }
}
