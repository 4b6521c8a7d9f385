package id.go.jatengprov.regencyhub.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.config.ConfigLoader;

/**
 * Loads one chunk in ONE database transaction and writes its (batch, chunk) row of hub.load_log. A chunk of
 * new keys only is copied straight into the table. Any other goes the long way: COPY into a temporary table,
 * refuse rows whose natural key repeats within the chunk, upsert on the natural key, refuse rows whose key
 * repeats in another chunk of the batch ("duplicate of row N": the earlier row wins, whichever chunk loads
 * first). A chunk whose load-log row exists already committed: a redelivery of it changes nothing.
 *
 * <p>The upsert never lets an older batch overwrite what a newer one wrote (batch ids grow with
 * receipt), so a late redelivery or a dead-letter replay cannot roll data back.
 *
 * <p>A chunk of a batch still being normalised ({@link EarlyLoads}: pending) keeps every row it overwrites, in its own
 * transaction, so that the batch can be undone if it ends over max-reject-ratio; a chunk of a withdrawn batch changes
 * nothing. Values a newer batch changes go to the dataset's revisions. Both are kept by the table's trigger
 * ({@link RowHistory}), told what to keep through two settings of the transaction.
 */
@Component
public class ChunkLoader {

    private static final Logger log = LoggerFactory.getLogger(ChunkLoader.class);

    /**
     * What a load did; {@code batch}: the batch's change, told once the chunk's transaction committed.
     * {@code alreadyLoaded}: nothing was done, the chunk had loaded before or its batch was withdrawn.
     */
    public record Result(boolean alreadyLoaded, int rowsLoaded, int rowsRejected, BatchStore.Transition batch) {}

    /** The longest a chunk waits for another batch of its dataset to be confirmed or withdrawn, before it fails. */
    static final Duration PENDING_WAIT = Duration.ofMinutes(10);

    private final DataSource dataSource;
    private final WarehouseTables tables;
    private final BatchStore batches;
    private final EarlyLoads early;

    public ChunkLoader(DataSource dataSource, WarehouseTables tables, BatchStore batches, EarlyLoads early) {
        this.dataSource = dataSource;
        this.tables = tables;
        this.batches = batches;
        this.early = early;
    }

    public Result load(ChunkMessage chunk) throws SQLException, IOException {
        List<String> key = chunk.key() == null ? List.of() : chunk.key();
        for (String c : concat(List.of(chunk.datasetId()), chunk.columns(), key)) {
            if (c == null || !ConfigLoader.FIELD_NAME.matcher(c).matches()) {
                throw new IllegalStateException("chunk " + chunk.chunk() + " of batch " + chunk.batchId()
                        + " names '" + c + "', which is not a table or column name; it cannot be loaded");
            }
        }
        boolean waited = false;
        while (true) {
            try {
                return loadOnce(chunk);
            } catch (EarlyLoads.PendingBatchInTheWay e) {
                if (!waited) {
                    log.info("Chunk {}/{} waits: {}", chunk.batchId(), chunk.chunk(), e.getMessage());
                    waited = true;
                }
                try {
                    if (!early.awaitSettled(e.pending(), PENDING_WAIT)) {
                        throw new IllegalStateException(e.getMessage() + ", and it still was after " + PENDING_WAIT.toMinutes()
                                + " minutes; the chunk is tried again later", e);
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while " + e.getMessage(), stop);
                }
            }
        }
    }

    private Result loadOnce(ChunkMessage chunk) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                EarlyLoads.ForChunk state = early.forChunk(c, chunk.batchId(), chunk.datasetId());
                if (state.mine() == EarlyLoads.State.WITHDRAWN) {
                    c.commit();
                    log.info("Chunk {}/{} not loaded: its batch was withdrawn (it could not be loaded, and what its"
                            + " earlier chunks wrote was undone)", chunk.batchId(), chunk.chunk());
                    return new Result(true, 0, 0, null);
                }
                boolean pending = state.mine() == EarlyLoads.State.PENDING;
                if (pending) {
                    early.lockWriters(c, chunk.datasetId(), false);
                } else if (state.otherPending() != null && !early.tryLockWriters(c, chunk.datasetId())) {
                    throw new EarlyLoads.PendingBatchInTheWay(state.otherPending()); // rolled back, waits, tries again
                }
                Keep keep = new Keep(pending, state.otherPending(), state.history() && !Boolean.FALSE.equals(chunk.revisions()));
                Result r = loadInTransaction(c, chunk, sql(c, chunk), keep);
                c.commit();
                batches.committed(r.batch());
                return r;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * What this chunk's transaction keeps besides loading: the rows it overwrites ({@code pending}: its batch's ratio
     * is not known yet), the values it changes ({@code revisions}); {@code otherPending}: another batch of the dataset
     * that is pending, whose rows this chunk must not touch.
     */
    private record Keep(boolean pending, Long otherPending, boolean revisions) {}

    /**
     * The statements for the chunk, checked against the table as it is: the chunk's columns are those of the
     * configuration its batch started with, which a reload since may have changed (a removed field's column
     * stays in the table, so its chunk still loads).
     */
    private Sql sql(Connection c, ChunkMessage chunk) throws SQLException {
        WarehouseTables.Table table = tables.describe(c, chunk.datasetId(), chunk.columns());
        for (String col : chunk.columns()) {
            if (!table.columns().contains(col)) {
                throw new IllegalStateException("chunk " + chunk.chunk() + " of batch " + chunk.batchId() + " names column '"
                        + col + "', which warehouse." + table.name() + " does not have (columns: " + table.columns().stream()
                        .filter(x -> !x.startsWith("_")).sorted().toList() + ")");
            }
        }
        List<String> key = chunk.key() != null ? chunk.key() : table.key();
        if (key.isEmpty() || !chunk.columns().containsAll(key) || !key.equals(table.key())) {
            throw new IllegalStateException("chunk " + chunk.chunk() + " of batch " + chunk.batchId() + " has key " + key
                    + " and columns " + chunk.columns() + ", but warehouse." + table.name() + " has key " + table.key());
        }
        return new Sql(table.name(), chunk.columns(), key);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private Result loadInTransaction(Connection c, ChunkMessage chunk, Sql sql, Keep keep) throws SQLException, IOException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM hub.load_log WHERE batch_id = ? AND chunk = ? FOR UPDATE")) {
            ps.setLong(1, chunk.batchId());
            ps.setInt(2, chunk.chunk());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    log.info("Chunk {}/{} already loaded; redelivery ignored", chunk.batchId(), chunk.chunk());
                    // a replay may have reopened the batch
                    return new Result(true, 0, 0, batches.chunkRedelivered(c, chunk.batchId()));
                }
            }
        }
        long t0 = System.nanoTime();
        long direct = copyIfAllNew(c, chunk, sql);
        if (direct >= 0) {
            if (log.isDebugEnabled()) {
                log.debug("Chunk {}/{}: {} rows, all new keys: copied into the table in {} ms", chunk.batchId(),
                        chunk.chunk(), direct, (System.nanoTime() - t0) / 1_000_000);
            }
            return record(c, chunk, (int) direct, 0, keep);
        }
        long tDirect = System.nanoTime() - t0;
        t0 = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute(sql.createTemp);
        }
        long copied = copyIn(c, sql.copy, chunk.body());
        long t1 = System.nanoTime();
        // Ranking every row by key to find repeats took a quarter of a chunk's load; a hash aggregate tells
        // first whether any key repeats at all.
        int rejected = exists(c, sql.anyKeyRepeats) ? update(c, sql.rejectInChunk, chunk.batchId()) : 0;
        if (keep.otherPending() != null && exists(c, sql.meetsBatch, keep.otherPending())) {
            throw new EarlyLoads.PendingBatchInTheWay(keep.otherPending());
        }
        if (keep.pending() || keep.revisions()) {
            keep(c, keep.pending() ? String.valueOf(chunk.batchId()) : "", keep.revisions() ? "on" : "");
        }
        long t2 = System.nanoTime();
        // Upsert first, letting only an older batch's row be replaced. Every row of the chunk is then written
        // unless its key met a row of this batch (a duplicate across chunks) or of a newer batch. Only then is
        // it worth looking for duplicates across chunks: those joins against the warehouse cost as much as the
        // upsert itself, on every chunk, and nearly every chunk has none. Rows of concurrent chunks are
        // committed by then (the upsert waits for them), so their duplicates are found too: chunks of one batch
        // load in parallel and a key repeated across two concurrent chunks is still "duplicate of row N" (the
        // fault suite's IntakeAndLoadEdgesFaultIT proves it).
        int written = update(c, sql.upsert, chunk.sourceId(), chunk.batchId());
        long t3 = System.nanoTime();
        if (written < copied - rejected) {
            rejected += update(c, sql.rejectEarlierInBatch, chunk.batchId(), chunk.batchId());
            int overwritten = update(c, sql.rejectLaterInBatch, chunk.batchId(), chunk.batchId());
            if (overwritten > 0) {
                // the revisions the later rows left are corrected to what the earlier rows change (RowHistory)
                if (keep.revisions()) keep(c, keep.pending() ? String.valueOf(chunk.batchId()) : "", "replace");
                update(c, sql.replaceLaterInBatch, chunk.sourceId(), chunk.batchId());
            }
            rejected += overwritten;
        }
        long t4 = System.nanoTime();
        if (log.isDebugEnabled()) {
            log.debug("Chunk {}/{}: {} rows; not all new ({} ms), copy {} ms, in-chunk duplicates {} ms, upsert {} ms,"
                    + " across chunks {} ms", chunk.batchId(), chunk.chunk(), copied, tDirect / 1_000_000,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
        }
        return record(c, chunk, (int) copied - rejected, rejected, keep);
    }

    /** Tells the table's trigger what to keep for the rest of the transaction (RowHistory). */
    private static void keep(Connection c, String undoBatch, String revisions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true), set_config(?, ?, true)")) {
            ps.setString(1, RowHistory.UNDO_SETTING);
            ps.setString(2, undoBatch);
            ps.setString(3, RowHistory.REVISIONS_SETTING);
            ps.setString(4, revisions);
            ps.execute();
        }
    }

    /**
     * Writes what the chunk did into hub.load_log and tells the batch, which ends if this was its last chunk.
     * The batch row is locked only here, at the end, so that chunks of one batch still load in parallel.
     */
    private Result record(Connection c, ChunkMessage chunk, int loaded, int rejected, Keep keep) throws SQLException {
        update(c, "INSERT INTO hub.load_log (batch_id, chunk, rows_loaded, rows_rejected) VALUES (?, ?, ?, ?)",
                chunk.batchId(), chunk.chunk(), loaded, rejected);
        update(c, "DELETE FROM hub.chunk_failure WHERE batch_id = ? AND chunk = ?", chunk.batchId(), chunk.chunk());
        BatchStore.Transition t = batches.chunkLoaded(c, chunk.batchId(), loaded, rejected);
        if (keep.pending()) {
            early.afterChunk(c, chunk.batchId(), chunk.datasetId()); // under the batch's row lock, as confirming
        }
        if (t.after().status() == BatchStatus.FAILED) {
            // other chunks wait in the dead-letter queue: the batch's message counts the chunks loaded
            t = new BatchStore.Transition(t.before(), batches.deadLettered(c, chunk.batchId(), LoadFailures::message).after());
        }
        return new Result(false, loaded, rejected, t);
    }

    /**
     * A chunk whose keys are all new (a first load, a new period) is copied straight into the table, as fast as
     * PostgreSQL takes rows. The unique key refuses a key that exists, in the table, in a concurrent chunk
     * (once that commits) or earlier in this chunk: then nothing of the copy stays and the chunk goes the long
     * way, which finds out which rows are updates and which are duplicates.
     *
     * @return the rows copied, or -1 when some key was not new
     */
    private static long copyIfAllNew(Connection c, ChunkMessage chunk, Sql sql) throws SQLException, IOException {
        Savepoint sp = c.setSavepoint();
        try {
            long n = copyIn(c, sql.copyDirect, withLineage(chunk.body(), chunk.sourceId(), chunk.batchId()));
            c.releaseSavepoint(sp);
            return n;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(sp);
            return -1;
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private static long copyIn(Connection c, String copySql, byte[] copyText) throws SQLException, IOException {
        return c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new ByteArrayInputStream(copyText));
    }

    /**
     * The chunk's COPY lines with the source and batch appended, for {@code COPY ... (columns, _row, _source,
     * _batch)}. COPY text escapes a line break inside a value, so every newline byte ends a row; a source id
     * is [a-z0-9-]+ (checked when the config is read), which COPY text takes as it is.
     */
    static byte[] withLineage(byte[] body, String sourceId, long batchId) {
        byte[] suffix = ("\t" + sourceId + "\t" + batchId).getBytes(StandardCharsets.UTF_8);
        int lines = 0;
        for (byte b : body) {
            if (b == '\n') lines++;
        }
        byte[] out = new byte[body.length + lines * suffix.length];
        int from = 0, to = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                int n = i - from;
                System.arraycopy(body, from, out, to, n);
                to += n;
                System.arraycopy(suffix, 0, out, to, suffix.length);
                to += suffix.length;
                out[to++] = '\n';
                from = i + 1;
            }
        }
        System.arraycopy(body, from, out, to, body.length - from); // an unterminated last line: left as it is
        return out;
    }

    private static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** The statements for one table, column list and key; identifiers were checked against [a-z][a-z0-9_]*. */
    static final class Sql {
        final String createTemp;
        final String copy;
        final String copyDirect;
        final String anyKeyRepeats;
        final String meetsBatch;
        final String rejectInChunk;
        final String rejectEarlierInBatch;
        final String rejectLaterInBatch;
        final String replaceLaterInBatch;
        final String upsert;

        Sql(String tableName, List<String> columns, List<String> key) {
            String table = "warehouse.\"" + tableName + "\"";
            String cols = quoted(columns);
            String keyText = "concat_ws(' | ', " + key.stream().map(k -> "c.\"" + k + "\"::text").collect(Collectors.joining(", ")) + ")";
            String keyNames = String.join(", ", key);
            String keyMatch = key.stream().map(k -> "w.\"" + k + "\" = c.\"" + k + "\"").collect(Collectors.joining(" AND "));
            createTemp = "CREATE TEMP TABLE hub_chunk ON COMMIT DROP AS SELECT " + cols + ", _row FROM " + table + " WITH NO DATA";
            copy = "COPY hub_chunk (" + cols + ", _row) FROM STDIN";
            copyDirect = "COPY " + table + " (" + cols + ", _row, _source, _batch) FROM STDIN";
            anyKeyRepeats = "SELECT EXISTS (SELECT 1 FROM hub_chunk c GROUP BY "
                    + key.stream().map(k -> "c.\"" + k + "\"").collect(Collectors.joining(", ")) + " HAVING count(*) > 1)";
            meetsBatch = "SELECT EXISTS (SELECT 1 FROM hub_chunk c JOIN " + table + " w ON " + keyMatch + " WHERE w._batch = ?)";
            rejectInChunk = """
                    WITH ranked AS (
                        SELECT c.ctid AS id, c._row, %s AS key_text,
                               row_number() OVER w AS rn, first_value(c._row) OVER w AS first_row
                        FROM hub_chunk c WINDOW w AS (PARTITION BY %s ORDER BY c._row)),
                    gone AS (DELETE FROM hub_chunk c USING ranked r WHERE c.ctid = r.id AND r.rn > 1
                             RETURNING r._row, r.first_row, r.key_text)
                    INSERT INTO hub.reject (batch_id, row_no, column_name, value, reason, stage)
                    SELECT ?, _row, '%s', key_text, 'duplicate of row ' || first_row || ': same key (%s)', 'load' FROM gone"""
                    .formatted(keyText, key.stream().map(k -> "c.\"" + k + "\"").collect(Collectors.joining(", ")), keyNames, keyNames);
            // After the upsert: a row of this chunk that met an earlier row of the batch was not written.
            rejectEarlierInBatch = """
                    INSERT INTO hub.reject (batch_id, row_no, column_name, value, reason, stage)
                    SELECT ?, c._row, '%s', %s, 'duplicate of row ' || w._row || ': same key (%s)', 'load'
                    FROM hub_chunk c JOIN %s w ON %s WHERE w._batch = ? AND w._row < c._row"""
                    .formatted(keyNames, keyText, keyNames, table, keyMatch);
            // A later row of this batch loaded first (chunks can load out of order): the earlier row wins.
            rejectLaterInBatch = """
                    INSERT INTO hub.reject (batch_id, row_no, column_name, value, reason, stage)
                    SELECT ?, w._row, '%s', %s, 'duplicate of row ' || c._row || ': same key (%s)', 'load'
                    FROM hub_chunk c JOIN %s w ON %s WHERE w._batch = ? AND w._row > c._row"""
                    .formatted(keyNames, keyText, keyNames, table, keyMatch);
            String set = columns.stream().filter(col -> !key.contains(col))
                    .map(col -> "\"" + col + "\" = EXCLUDED.\"" + col + "\"").collect(Collectors.joining(", "));
            upsert = "INSERT INTO " + table + " AS t (" + cols + ", _source, _batch, _row) SELECT " + cols
                    + ", ?, ?, _row FROM hub_chunk ON CONFLICT ON CONSTRAINT \"" + tableName + "_key\" DO UPDATE SET "
                    + (set.isEmpty() ? "" : set + ", ")
                    + "_source = EXCLUDED._source, _batch = EXCLUDED._batch, _row = EXCLUDED._row, _loaded_at = now() "
                    + "WHERE t._batch < EXCLUDED._batch";
            // ... and the earlier row wins: it replaces the later row of the batch that an earlier chunk loaded.
            String setFromChunk = columns.stream().filter(col -> !key.contains(col))
                    .map(col -> "\"" + col + "\" = c.\"" + col + "\"").collect(Collectors.joining(", "));
            replaceLaterInBatch = "UPDATE " + table + " w SET " + (setFromChunk.isEmpty() ? "" : setFromChunk + ", ")
                    + "_source = ?, _row = c._row, _loaded_at = now() FROM hub_chunk c WHERE " + keyMatch
                    + " AND w._batch = ? AND w._row > c._row";
        }

        private static String quoted(List<String> cols) {
            return cols.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        }
    }
}
