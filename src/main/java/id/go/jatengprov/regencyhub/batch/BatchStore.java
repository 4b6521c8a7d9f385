package id.go.jatengprov.regencyhub.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.stereotype.Component;

/**
 * The hub.batch table, and the one owner of a batch's status, counters and timestamps: every change is an
 * event of {@link BatchLifecycle}, applied to the row read under a row lock. The loader passes its own
 * connection, so that a chunk's counts commit together with the chunk.
 */
@Component
public class BatchStore {

    /** What registering a payload found. */
    public enum Outcome { NEW, RESUME, DUPLICATE }

    /** @param batch the batch registered (for a DUPLICATE: the new duplicate record) */
    public record Registration(Batch batch, Outcome outcome, Long duplicateOf) {
        public long batchId() { return batch.id(); }
    }

    private static final String COLUMNS = "id, source_id, dataset_id, origin, file_name, content_hash, bytes, landing_path, "
            + "status, duplicate_of, rows_read, rows_rejected, rows_rejected_load, rows_loaded, chunks_total, "
            + "chunks_loaded, detected, message, received_at, queued_at, finished_at, dedupe_hash IS NOT NULL AS counts";

    private static final RowMapper<Batch> MAPPER = (ResultSet rs, int i) -> map(rs);

    private final NamedParameterJdbcTemplate jdbc;
    private final DataSource dataSource;
    private final BatchLifecycle lifecycle;

    public BatchStore(NamedParameterJdbcTemplate jdbc, DataSource dataSource, BatchLifecycle lifecycle) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.lifecycle = lifecycle;
    }

    private static Batch map(ResultSet rs) throws SQLException {
        BatchState state = new BatchState(BatchStatus.valueOf(rs.getString("status")), rs.getLong("rows_read"),
                rs.getLong("rows_rejected"), rs.getLong("rows_rejected_load"), rs.getLong("rows_loaded"),
                (Integer) rs.getObject("chunks_total"), rs.getInt("chunks_loaded"), rs.getString("detected"),
                rs.getString("message"), rs.getObject("received_at", OffsetDateTime.class),
                rs.getObject("queued_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                rs.getBoolean("counts"));
        return new Batch(rs.getLong("id"), rs.getString("source_id"), rs.getString("dataset_id"), Origin.of(rs.getString("origin")),
                rs.getString("file_name"), rs.getString("content_hash"), rs.getLong("bytes"), rs.getString("landing_path"),
                (Long) rs.getObject("duplicate_of"), state);
    }

    /**
     * Records a landed payload. The same bytes for the same source make a DUPLICATE batch, unless the
     * earlier batch is still RECEIVED (interrupted by a crash): then it is resumed. The earlier batch is
     * looked up before anything is inserted, so that a duplicate does not use up a batch id for nothing.
     */
    public Registration register(String sourceId, String datasetId, Origin origin, String fileName, String hash,
                                 long bytes, String landingPath) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("source", sourceId).addValue("dataset", datasetId).addValue("origin", origin.label())
                .addValue("file", fileName).addValue("hash", hash).addValue("bytes", bytes)
                .addValue("landing", landingPath).addValue("now", lifecycle.now());
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Batch> existing = jdbc.query("SELECT " + COLUMNS + " FROM hub.batch WHERE source_id = :source AND dedupe_hash = :hash",
                    p, MAPPER);
            if (existing.isEmpty()) {
                List<Long> created = jdbc.queryForList("""
                        INSERT INTO hub.batch (source_id, dataset_id, origin, file_name, content_hash, dedupe_hash, bytes,
                                               landing_path, status, received_at)
                        VALUES (:source, :dataset, :origin, :file, :hash, :hash, :bytes, :landing, 'RECEIVED', :now)
                        ON CONFLICT (source_id, dedupe_hash) DO NOTHING
                        RETURNING id""", p, Long.class);
                if (!created.isEmpty()) {
                    return new Registration(find(created.get(0)).orElseThrow(), Outcome.NEW, null);
                }
                continue; // registered by someone else at the same moment: look again
            }
            Batch earlier = existing.get(0);
            if (earlier.status() == BatchStatus.RECEIVED) {
                return new Registration(earlier, Outcome.RESUME, null);
            }
            Long dup = jdbc.queryForObject("""
                    INSERT INTO hub.batch (source_id, dataset_id, origin, file_name, content_hash, bytes, landing_path,
                                           status, duplicate_of, message, received_at, finished_at)
                    VALUES (:source, :dataset, :origin, :file, :hash, :bytes, :landing, 'DUPLICATE', :earlier,
                            'the same bytes were already received as batch ' || :earlier || '; nothing loaded', :now, :now)
                    RETURNING id""", p.addValue("earlier", earlier.id()), Long.class);
            return new Registration(find(dup).orElseThrow(), Outcome.DUPLICATE, earlier.id());
        }
        throw new IllegalStateException("cannot register batch for source " + sourceId + ": concurrent changes");
    }

    public Optional<Batch> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub.batch WHERE id = :id", new MapSqlParameterSource("id", id), MAPPER)
                .stream().findFirst();
    }

    /** @param sourceIds null = every source; an empty list matches nothing */
    public List<Batch> list(List<String> sourceIds, BatchStatus status, OffsetDateTime since, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hub.batch WHERE true");
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("limit", limit).addValue("offset", offset);
        if (sourceIds != null) {
            if (sourceIds.isEmpty()) return List.of();
            sql.append(" AND source_id IN (:sources)");
            p.addValue("sources", sourceIds);
        }
        if (status != null) {
            sql.append(" AND status = :status");
            p.addValue("status", status.name());
        }
        if (since != null) {
            sql.append(" AND received_at >= :since");
            p.addValue("since", since);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit OFFSET :offset");
        return jdbc.query(sql.toString(), p, MAPPER);
    }

    public List<Batch> list(String sourceId, BatchStatus status, OffsetDateTime since, int limit, int offset) {
        return list(sourceId == null ? null : List.of(sourceId), status, since, limit, offset);
    }

    /** Batches between landing and queueing: interrupted by a crash or an outage, or being normalised now. */
    public List<Batch> unfinishedIntake() {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub.batch WHERE status = 'RECEIVED' ORDER BY id",
                new MapSqlParameterSource(), MAPPER);
    }

    // ------------------------------------------------------------------ events

    /** Normalising is done: counts are final, chunks are about to be sent. */
    public Batch normalised(long id, long rowsRead, long rowsRejected, int chunksTotal, String detected) {
        return transition(id, s -> lifecycle.normalised(s, rowsRead, rowsRejected, chunksTotal, detected));
    }

    /** Every chunk is on the queue; if the loaders were faster, the batch is final at once. */
    public Batch queued(long id) {
        return inTransaction(c -> {
            boolean waiting = deadLettersWaiting(c, id);
            return transition(c, id, s -> lifecycle.queued(s, waiting));
        });
    }

    /** The payload cannot be loaded; the counts read so far are kept. */
    public Batch failed(long id, String message, long rowsRead, long rowsRejected) {
        return transition(id, s -> lifecycle.failed(s, message, rowsRead, rowsRejected));
    }

    /** A chunk went to the dead-letter queue: the batch is FAILED until the chunk is replayed. */
    public Batch deadLettered(long id, String message) {
        return transition(id, s -> lifecycle.deadLettered(s, message));
    }

    /** A message made from the batch's state read under its row lock, in the same transaction. */
    @FunctionalInterface
    public interface StateMessage {
        String of(Connection c, long id, BatchState locked) throws SQLException;
    }

    /** {@link #deadLettered(long, String)} with a message made under the row lock (so its counts are current). */
    public Batch deadLettered(long id, StateMessage message) {
        return inTransaction(c -> deadLettered(c, id, message));
    }

    /** The same in the caller's transaction: a chunk that loads while others wait changes the counts. */
    public Batch deadLettered(Connection c, long id, StateMessage message) throws SQLException {
        String text = message.of(c, id, lock(c, id).state());
        return transition(c, id, s -> lifecycle.deadLettered(s, text));
    }

    /** Dead-lettered chunks of the batch went back to the load queue. */
    public Batch replayed(long id) {
        return transition(id, lifecycle::replayed);
    }

    /** In the chunk's own transaction: a chunk committed with these counts. */
    public Batch chunkLoaded(Connection c, long id, long loaded, long rejected) throws SQLException {
        boolean waiting = deadLettersWaiting(c, id);
        return transition(c, id, s -> lifecycle.chunkLoaded(s, loaded, rejected, waiting));
    }

    /** In the chunk's own transaction: a chunk that had committed before came again. */
    public Batch chunkRedelivered(Connection c, long id) throws SQLException {
        boolean waiting = deadLettersWaiting(c, id);
        return transition(c, id, s -> lifecycle.chunkRedelivered(s, waiting));
    }

    private static boolean deadLettersWaiting(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM hub.chunk_failure f WHERE f.batch_id = ? AND f.dead_lettered
                               AND NOT EXISTS (SELECT 1 FROM hub.load_log l WHERE l.batch_id = f.batch_id AND l.chunk = f.chunk))""")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private Batch transition(long id, UnaryOperator<BatchState> event) {
        return inTransaction(c -> transition(c, id, event));
    }

    /**
     * NO KEY UPDATE, not UPDATE: a chunk's transaction inserts its hub.load_log row first, whose foreign key takes a
     * KEY SHARE lock on the batch row, which FOR UPDATE would wait for; two chunks of a batch then deadlocked
     * (found by the fault suite: "deadlock detected" on a fifth of the chunk loads).
     */
    private static Batch lock(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM hub.batch WHERE id = ? FOR NO KEY UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalArgumentException("no batch " + id);
                return map(rs);
            }
        }
    }

    /** Reads the batch under a row lock, applies the event, writes the new state; the caller commits. */
    private static Batch transition(Connection c, long id, UnaryOperator<BatchState> event) throws SQLException {
        Batch before = lock(c, id);
        BatchState s = event.apply(before.state());
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE hub.batch SET status = ?, rows_read = ?, rows_rejected = ?, rows_rejected_load = ?, rows_loaded = ?,
                       chunks_total = ?, chunks_loaded = ?, detected = ?, message = ?, queued_at = ?, finished_at = ?,
                       dedupe_hash = CASE WHEN ? THEN dedupe_hash END
                WHERE id = ?""")) {
            int i = 0;
            ps.setString(++i, s.status().name());
            ps.setLong(++i, s.rowsRead());
            ps.setLong(++i, s.rowsRejected());
            ps.setLong(++i, s.rowsRejectedLoad());
            ps.setLong(++i, s.rowsLoaded());
            ps.setObject(++i, s.chunksTotal());
            ps.setInt(++i, s.chunksLoaded());
            ps.setString(++i, s.detected());
            ps.setString(++i, s.message());
            ps.setObject(++i, s.queuedAt());
            ps.setObject(++i, s.finishedAt());
            ps.setBoolean(++i, s.countsForDedupe());
            ps.setLong(++i, id);
            ps.executeUpdate();
        }
        return new Batch(before.id(), before.sourceId(), before.datasetId(), before.origin(), before.fileName(),
                before.contentHash(), before.bytes(), before.landingPath(), before.duplicateOf(), s);
    }

    @FunctionalInterface
    private interface InTransaction<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(InTransaction<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            DataAccessException translated = new SQLErrorCodeSQLExceptionTranslator(dataSource).translate("batch transition", null, e);
            throw translated != null ? translated : new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ rejects

    public List<Reject> rejects(long batchId) {
        return jdbc.query("""
                SELECT row_no, column_name, value, reason, raw FROM hub.reject WHERE batch_id = :id ORDER BY row_no, column_name""",
                new MapSqlParameterSource("id", batchId),
                (rs, i) -> new Reject(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    public void deleteIntakeRejects(long batchId) {
        jdbc.update("DELETE FROM hub.reject WHERE batch_id = :id AND stage = 'normalise'", new MapSqlParameterSource("id", batchId));
    }

    /** A stored reject as the API shows it. */
    public record Reject(long row, String column, String value, String reason, String raw) {}
}
