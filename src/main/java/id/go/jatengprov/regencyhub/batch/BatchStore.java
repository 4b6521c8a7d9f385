package id.go.jatengprov.regencyhub.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.cluster.HubNode;

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

    /** A status change as it was committed: what the batch was and what it is now. */
    public record Transition(Batch before, Batch after) {}

    /** Which batches a list shows; null = any. {@code sourceIds}: an empty list matches nothing. */
    public record Filter(List<String> sourceIds, BatchStatus status, OffsetDateTime since, String regency, String dataset) {
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }

    private static final String COLUMNS = "id, source_id, dataset_id, origin, file_name, content_hash, bytes, landing_path, "
            + "status, duplicate_of, rows_read, rows_rejected, rows_rejected_load, rows_loaded, chunks_total, "
            + "chunks_loaded, detected, message, received_at, queued_at, finished_at, dedupe_hash IS NOT NULL AS counts, "
            + "regency, delivered_by, rows_skipped, skipped::text AS skipped, warnings::text AS warnings, period_from, period_to";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Findings.Skipped>> SKIPPED = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

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
        Findings findings = new Findings(rs.getLong("rows_skipped"), json(rs.getString("skipped"), SKIPPED),
                json(rs.getString("warnings"), STRINGS), rs.getObject("period_from", LocalDate.class),
                rs.getObject("period_to", LocalDate.class));
        return new Batch(rs.getLong("id"), rs.getString("source_id"), rs.getString("dataset_id"), Origin.of(rs.getString("origin")),
                rs.getString("file_name"), rs.getString("content_hash"), rs.getLong("bytes"), rs.getString("landing_path"),
                (Long) rs.getObject("duplicate_of"), rs.getString("regency"), rs.getString("delivered_by"), findings, state);
    }

    private static <T> List<T> json(String text, TypeReference<List<T>> type) {
        if (text == null) return List.of();
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("hub.batch holds JSON it cannot read: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a batch that was not delivered by a person or a named route says it came by. */
    public static String deliveredBy(Origin origin) {
        return switch (origin) {
            case DROP -> "drop folder";
            case POLL -> "poll";
            case ROUTE -> "route";
            case JDBC -> "database query";
            case UPLOAD -> null;
        };
    }

    /** {@link #register(String, String, String, Origin, String, String, String, long, String)} without regency or deliverer. */
    public Registration register(String sourceId, String datasetId, Origin origin, String fileName, String hash,
                                 long bytes, String landingPath) {
        return register(sourceId, datasetId, null, origin, deliveredBy(origin), fileName, hash, bytes, landingPath);
    }

    /**
     * Records a landed payload. The same bytes for the same source make a DUPLICATE batch, unless the
     * earlier batch is still RECEIVED (interrupted by a crash): then it is resumed. The earlier batch is
     * looked up before anything is inserted, so that a duplicate does not use up a batch id for nothing.
     *
     * @param regency     the source's regency now, kept with the batch
     * @param deliveredBy who or what brought it (see {@link Batch#deliveredBy()})
     */
    public Registration register(String sourceId, String datasetId, String regency, Origin origin, String deliveredBy,
                                 String fileName, String hash, long bytes, String landingPath) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("source", sourceId).addValue("dataset", datasetId).addValue("origin", origin.label())
                .addValue("file", fileName).addValue("hash", hash).addValue("bytes", bytes)
                .addValue("landing", landingPath).addValue("now", lifecycle.now())
                .addValue("regency", regency).addValue("by", deliveredBy);
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Batch> existing = jdbc.query("SELECT " + COLUMNS + " FROM hub.batch WHERE source_id = :source AND dedupe_hash = :hash",
                    p, MAPPER);
            if (existing.isEmpty()) {
                List<Long> created = jdbc.queryForList("""
                        INSERT INTO hub.batch (source_id, dataset_id, origin, file_name, content_hash, dedupe_hash, bytes,
                                               landing_path, status, received_at, regency, delivered_by)
                        VALUES (:source, :dataset, :origin, :file, :hash, :hash, :bytes, :landing, 'RECEIVED', :now,
                                :regency, :by)
                        ON CONFLICT (source_id, dedupe_hash) DO NOTHING
                        RETURNING id""", p, Long.class);
                if (!created.isEmpty()) {
                    Batch b = find(created.get(0)).orElseThrow();
                    BatchLog.registered(b, Outcome.NEW);
                    return new Registration(b, Outcome.NEW, null);
                }
                continue; // registered by someone else at the same moment: look again
            }
            Batch earlier = existing.get(0);
            if (earlier.status() == BatchStatus.RECEIVED) {
                BatchLog.registered(earlier, Outcome.RESUME);
                return new Registration(earlier, Outcome.RESUME, null);
            }
            Long dup = jdbc.queryForObject("""
                    INSERT INTO hub.batch (source_id, dataset_id, origin, file_name, content_hash, bytes, landing_path,
                                           status, duplicate_of, message, received_at, finished_at, regency, delivered_by)
                    VALUES (:source, :dataset, :origin, :file, :hash, :bytes, :landing, 'DUPLICATE', :earlier,
                            'the same bytes were already received as batch ' || :earlier || '; nothing loaded', :now, :now,
                            :regency, :by)
                    RETURNING id""", p.addValue("earlier", earlier.id()), Long.class);
            Batch b = find(dup).orElseThrow();
            BatchLog.registered(b, Outcome.DUPLICATE);
            return new Registration(b, Outcome.DUPLICATE, earlier.id());
        }
        throw new IllegalStateException("cannot register batch for source " + sourceId + ": concurrent changes");
    }

    public Optional<Batch> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub.batch WHERE id = :id", new MapSqlParameterSource("id", id), MAPPER)
                .stream().findFirst();
    }

    /** Batches that match, newest first, paged. */
    public List<Batch> list(Filter f, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM hub.batch WHERE true");
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("limit", limit).addValue("offset", offset);
        if (f.sourceIds() != null) {
            if (f.sourceIds().isEmpty()) return List.of();
            sql.append(" AND source_id IN (:sources)");
            p.addValue("sources", f.sourceIds());
        }
        if (f.status() != null) {
            sql.append(" AND status = :status");
            p.addValue("status", f.status().name());
        }
        if (f.since() != null) {
            sql.append(" AND received_at >= :since");
            p.addValue("since", f.since());
        }
        if (f.regency() != null) {
            sql.append(" AND regency = :regency");
            p.addValue("regency", f.regency());
        }
        if (f.dataset() != null) {
            sql.append(" AND dataset_id = :dataset");
            p.addValue("dataset", f.dataset());
        }
        sql.append(" ORDER BY id DESC LIMIT :limit OFFSET :offset");
        return jdbc.query(sql.toString(), p, MAPPER);
    }

    /** @param sourceIds null = every source; an empty list matches nothing */
    public List<Batch> list(List<String> sourceIds, BatchStatus status, OffsetDateTime since, int limit, int offset) {
        return list(new Filter(sourceIds, status, since, null, null), limit, offset);
    }

    public List<Batch> list(String sourceId, BatchStatus status, OffsetDateTime since, int limit, int offset) {
        return list(sourceId == null ? null : List.of(sourceId), status, since, limit, offset);
    }

    /** Batches between landing and queueing: interrupted by a crash or an outage, or being normalised now. */
    public List<Batch> unfinishedIntake() {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub.batch WHERE status = 'RECEIVED' ORDER BY id",
                new MapSqlParameterSource(), MAPPER);
    }

    // ------------------------------------------------------------------ ownership (several hubs: cluster.HubNode)

    /** A RECEIVED batch another hub may take up, with the hub that had it (null: none). */
    public record Takeable(Batch batch, String owner) {}

    /**
     * Makes {@code node} the owner of a RECEIVED batch, if the batch has no owner, is already the node's, or belongs
     * to a hub whose heartbeat is older than {@code expiry}. One UPDATE decides: of hubs claiming one batch at once,
     * the first takes the row lock and the owner, and each other one, once the lock is free, finds the owner alive.
     *
     * @return whether the node owns the batch now
     */
    public boolean claim(long id, String node, Duration expiry) {
        return !jdbc.queryForList("UPDATE hub.batch b SET owner = :node WHERE b.id = :id AND b.status = 'RECEIVED'"
                + " AND (b.owner IS NULL OR b.owner = :node OR NOT " + ALIVE + ") RETURNING b.id",
                new MapSqlParameterSource("id", id).addValue("node", node).addValue("expiry", expiry.toMillis() / 1000.0),
                Long.class).isEmpty();
    }

    /**
     * RECEIVED batches that {@code node} may take up now: those of a hub gone (heartbeat older than {@code expiry}),
     * at any age; its own and those of no hub once received before {@code before} (younger ones are still on their
     * own path, from landing to queueing).
     */
    public List<Takeable> takeable(String node, Duration expiry, OffsetDateTime before) {
        return jdbc.query("SELECT " + COLUMNS + ", owner FROM hub.batch b WHERE status = 'RECEIVED' AND ("
                + "((owner IS NULL OR owner = :node) AND received_at < :before) OR (owner <> :node AND NOT " + ALIVE + "))"
                + " ORDER BY id",
                new MapSqlParameterSource("node", node).addValue("expiry", expiry.toMillis() / 1000.0).addValue("before", before),
                (rs, i) -> new Takeable(map(rs), rs.getString("owner")));
    }

    /** The hub that owns a batch now (null: none). */
    public Optional<String> owner(long id) {
        return jdbc.queryForList("SELECT owner FROM hub.batch WHERE id = :id", new MapSqlParameterSource("id", id), String.class)
                .stream().filter(Objects::nonNull).findFirst();
    }

    /** "The owner {@code b.owner} is alive": its heartbeat in hub.node is younger than {@code :expiry} seconds. */
    private static final String ALIVE = HubNode.alive("b.owner");

    // ------------------------------------------------------------------ events

    /** Normalising is done: counts are final, chunks are about to be sent. */
    public Batch normalised(long id, long rowsRead, long rowsRejected, int chunksTotal, String detected) {
        return normalised(id, rowsRead, rowsRejected, chunksTotal, detected, Findings.NONE);
    }

    /** Normalising is done, with what it found beside the counts (total rows skipped, warnings, periods). */
    public Batch normalised(long id, long rowsRead, long rowsRejected, int chunksTotal, String detected, Findings findings) {
        return transition(id, "normalised", s -> lifecycle.normalised(s, rowsRead, rowsRejected, chunksTotal, detected), findings);
    }

    /**
     * {@link #normalised(long, long, long, int, String, Findings)} in the caller's transaction (chunks that loaded while
     * the batch was normalised are confirmed in the same one); hand the transition to {@link #committed} after commit.
     */
    public Transition normalised(Connection c, long id, long rowsRead, long rowsRejected, int chunksTotal, String detected,
                                 Findings findings) throws SQLException {
        return transition(c, id, s -> lifecycle.normalised(s, rowsRead, rowsRejected, chunksTotal, detected), findings);
    }

    /**
     * In the caller's transaction, which undoes what the batch's early chunks wrote: the batch cannot be loaded
     * (over max-reject-ratio, a bad file) and loaded nothing. See {@link BatchLifecycle#withdrawn}.
     */
    public Transition withdrawn(Connection c, long id, String message, long rowsRead, long rowsRejected, Findings findings)
            throws SQLException {
        return transition(c, id, s -> lifecycle.withdrawn(s, message, rowsRead, rowsRejected), findings);
    }

    /** Every chunk is on the queue; if the loaders were faster, the batch is final at once. */
    public Batch queued(long id) {
        Transition t = inTransaction(c -> {
            boolean waiting = deadLettersWaiting(c, id);
            return transition(c, id, s -> lifecycle.queued(s, waiting), null);
        });
        BatchLog.changed(t.before(), t.after(), "queued");
        return t.after();
    }

    /** The payload cannot be loaded; the counts read so far are kept. */
    public Batch failed(long id, String message, long rowsRead, long rowsRejected) {
        return failed(id, message, rowsRead, rowsRejected, null);
    }

    /** {@link #failed(long, String, long, long)}, with what normalising found (null: nothing new). */
    public Batch failed(long id, String message, long rowsRead, long rowsRejected, Findings findings) {
        return transition(id, "failed", s -> lifecycle.failed(s, message, rowsRead, rowsRejected), findings);
    }

    /** A chunk went to the dead-letter queue: the batch is FAILED until the chunk is replayed. */
    public Batch deadLettered(long id, String message) {
        return transition(id, "dead-lettered", s -> lifecycle.deadLettered(s, message), null);
    }

    /** A message made from the batch's state read under its row lock, in the same transaction. */
    @FunctionalInterface
    public interface StateMessage {
        String of(Connection c, long id, BatchState locked) throws SQLException;
    }

    /** {@link #deadLettered(long, String)} with a message made under the row lock (so its counts are current). */
    public Batch deadLettered(long id, StateMessage message) {
        Transition t = inTransaction(c -> deadLettered(c, id, message));
        BatchLog.changed(t.before(), t.after(), "dead-lettered");
        return t.after();
    }

    /**
     * The same in the caller's transaction (a chunk that loads while others wait changes the counts); the caller
     * hands the transition to {@link #committed} once its transaction has committed.
     */
    public Transition deadLettered(Connection c, long id, StateMessage message) throws SQLException {
        String text = message.of(c, id, lock(c, id).state());
        return transition(c, id, s -> lifecycle.deadLettered(s, text), null);
    }

    /** Dead-lettered chunks of the batch went back to the load queue. */
    public Batch replayed(long id) {
        return transition(id, "replayed", lifecycle::replayed, null);
    }

    /**
     * In the chunk's own transaction: a chunk committed with these counts. The caller hands the transition to
     * {@link #committed} once its transaction has committed.
     */
    public Transition chunkLoaded(Connection c, long id, long loaded, long rejected) throws SQLException {
        boolean waiting = deadLettersWaiting(c, id);
        return transition(c, id, s -> lifecycle.chunkLoaded(s, loaded, rejected, waiting), null);
    }

    /** In the chunk's own transaction: a chunk that had committed before came again. See {@link #committed}. */
    public Transition chunkRedelivered(Connection c, long id) throws SQLException {
        boolean waiting = deadLettersWaiting(c, id);
        return transition(c, id, s -> lifecycle.chunkRedelivered(s, waiting), null);
    }

    /** A transition made in the caller's transaction has committed: now it may be told. */
    public void committed(Transition t) {
        committed(t, "chunk");
    }

    /** {@link #committed(Transition)} for an event logged by its name ("dead-lettered" is always logged). */
    public void committed(Transition t, String event) {
        if (t != null) BatchLog.changed(t.before(), t.after(), event);
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

    private Batch transition(long id, String name, UnaryOperator<BatchState> event, Findings findings) {
        Transition t = inTransaction(c -> transition(c, id, event, findings));
        BatchLog.changed(t.before(), t.after(), name);
        return t.after();
    }

    /**
     * The batch's row, locked for the rest of the caller's transaction. NO KEY UPDATE, not UPDATE: a chunk's
     * transaction inserts its hub.load_log row first, whose foreign key takes a KEY SHARE lock on the batch row, which
     * FOR UPDATE would wait for; two chunks of a batch then deadlocked (found by the fault suite: "deadlock detected"
     * on a fifth of the chunk loads).
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

    /**
     * Reads the batch under a row lock, applies the event, writes the new state (and the findings, when given);
     * the caller commits.
     */
    private static Transition transition(Connection c, long id, UnaryOperator<BatchState> event, Findings findings)
            throws SQLException {
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
        Batch after = before.with(s);
        if (findings != null) {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE hub.batch SET rows_skipped = ?, skipped = ?::jsonb, warnings = ?::jsonb, period_from = ?, period_to = ?
                    WHERE id = ?""")) {
                ps.setLong(1, findings.rowsSkipped());
                ps.setString(2, json(findings.skipped()));
                ps.setString(3, json(findings.warnings()));
                ps.setObject(4, findings.periodFrom());
                ps.setObject(5, findings.periodTo());
                ps.setLong(6, id);
                ps.executeUpdate();
            }
            after = after.with(findings);
        }
        return new Transition(before, after);
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
        return rejects(batchId, Integer.MAX_VALUE);
    }

    /** The first {@code limit} rejects of a batch, by row. */
    public List<Reject> rejects(long batchId, int limit) {
        return jdbc.query("""
                SELECT row_no, column_name, value, reason, raw, cell FROM hub.reject WHERE batch_id = :id
                ORDER BY row_no, column_name LIMIT :limit""",
                new MapSqlParameterSource("id", batchId).addValue("limit", limit),
                (rs, i) -> new Reject(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)));
    }

    public void deleteIntakeRejects(long batchId) {
        jdbc.update("DELETE FROM hub.reject WHERE batch_id = :id AND stage = 'normalise'", new MapSqlParameterSource("id", batchId));
    }

    /** A stored reject as the API shows it; {@code cell} names a workbook's cell ({@code 'Tabel 1'!C7}), else null. */
    public record Reject(long row, String column, String value, String reason, String raw, String cell) {}
}
