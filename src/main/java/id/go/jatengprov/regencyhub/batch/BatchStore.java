package id.go.jatengprov.regencyhub.batch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The hub.batch table: registering payloads, moving them through their states, reading them back. */
@Component
public class BatchStore {

    /** What registering a payload found. */
    public enum Outcome { NEW, RESUME, DUPLICATE }

    public record Registration(long batchId, Outcome outcome, Long duplicateOf) {}

    private static final String COLUMNS = "id, source_id, dataset_id, origin, file_name, content_hash, bytes, landing_path, "
            + "status, duplicate_of, rows_read, rows_rejected + rows_rejected_load AS rejected, rows_loaded, chunks_total, "
            + "chunks_loaded, detected, message, received_at, queued_at, finished_at";

    private static final RowMapper<Batch> MAPPER = (ResultSet rs, int i) -> new Batch(
            rs.getLong("id"), rs.getString("source_id"), rs.getString("dataset_id"), rs.getString("origin"),
            rs.getString("file_name"), rs.getString("content_hash"), rs.getLong("bytes"), rs.getString("landing_path"),
            BatchStatus.valueOf(rs.getString("status")), (Long) rs.getObject("duplicate_of"), rs.getLong("rows_read"),
            rs.getLong("rejected"), rs.getLong("rows_loaded"), (Integer) rs.getObject("chunks_total"),
            rs.getInt("chunks_loaded"), rs.getString("detected"), rs.getString("message"),
            rs.getObject("received_at", OffsetDateTime.class), rs.getObject("queued_at", OffsetDateTime.class),
            rs.getObject("finished_at", OffsetDateTime.class));

    private final NamedParameterJdbcTemplate jdbc;

    public BatchStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a landed payload. The same bytes for the same source make a DUPLICATE batch, unless the
     * earlier batch is still RECEIVED (interrupted by a crash): then it is resumed.
     */
    public Registration register(String sourceId, String datasetId, String origin, String fileName, String hash,
                                 long bytes, String landingPath) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("source", sourceId).addValue("dataset", datasetId).addValue("origin", origin)
                .addValue("file", fileName).addValue("hash", hash).addValue("bytes", bytes)
                .addValue("landing", landingPath);
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Long> created = jdbc.queryForList("""
                    INSERT INTO hub.batch (source_id, dataset_id, origin, file_name, content_hash, dedupe_hash, bytes, landing_path, status)
                    VALUES (:source, :dataset, :origin, :file, :hash, :hash, :bytes, :landing, 'RECEIVED')
                    ON CONFLICT (source_id, dedupe_hash) DO NOTHING
                    RETURNING id""", p, Long.class);
            if (!created.isEmpty()) {
                return new Registration(created.get(0), Outcome.NEW, null);
            }
            List<Object[]> existing = jdbc.query("""
                    SELECT id, status FROM hub.batch WHERE source_id = :source AND dedupe_hash = :hash""", p,
                    (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)});
            if (existing.isEmpty()) {
                continue; // the earlier batch failed meanwhile and no longer counts: try again
            }
            long earlier = (Long) existing.get(0)[0];
            if (BatchStatus.RECEIVED.name().equals(existing.get(0)[1])) {
                return new Registration(earlier, Outcome.RESUME, null);
            }
            Long dup = jdbc.queryForObject("""
                    INSERT INTO hub.batch (source_id, dataset_id, origin, file_name, content_hash, bytes, landing_path,
                                           status, duplicate_of, message, finished_at)
                    VALUES (:source, :dataset, :origin, :file, :hash, :bytes, :landing, 'DUPLICATE', :earlier,
                            'the same bytes were already received as batch ' || :earlier || '; nothing loaded', now())
                    RETURNING id""", p.addValue("earlier", earlier), Long.class);
            return new Registration(dup, Outcome.DUPLICATE, earlier);
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

    /** Batches that a crash interrupted between landing and queueing. */
    public List<Batch> unfinishedIntake() {
        return jdbc.query("SELECT " + COLUMNS + " FROM hub.batch WHERE status = 'RECEIVED' ORDER BY id",
                new MapSqlParameterSource(), MAPPER);
    }

    /** Normalisation is done: counts are final, chunks are about to be sent. */
    public void recordIntake(long id, long rowsRead, long rowsRejected, int chunksTotal, String detected) {
        jdbc.update("""
                UPDATE hub.batch SET rows_read = :read, rows_rejected = :rejected, chunks_total = :chunks, detected = :detected
                WHERE id = :id AND status = 'RECEIVED'""",
                new MapSqlParameterSource("id", id).addValue("read", rowsRead).addValue("rejected", rowsRejected)
                        .addValue("chunks", chunksTotal).addValue("detected", detected));
    }

    /** Every chunk is on the queue; if the loaders were faster, the batch is final at once. */
    public void markQueued(long id) {
        jdbc.update("""
                UPDATE hub.batch SET queued_at = now(),
                    status = CASE WHEN chunks_loaded >= chunks_total
                                  THEN CASE WHEN rows_rejected + rows_rejected_load > 0 THEN 'LOADED_WITH_REJECTS' ELSE 'LOADED' END
                                  ELSE 'QUEUED' END,
                    finished_at = CASE WHEN chunks_loaded >= chunks_total THEN now() END
                WHERE id = :id AND status = 'RECEIVED'""", new MapSqlParameterSource("id", id));
    }

    /** The payload cannot be loaded: it no longer counts for dedupe, so a corrected resend is taken. */
    public void markFailed(long id, String message) {
        jdbc.update("""
                UPDATE hub.batch SET status = 'FAILED', dedupe_hash = NULL, message = :message, finished_at = now()
                WHERE id = :id AND status IN ('RECEIVED', 'QUEUED')""",
                new MapSqlParameterSource("id", id).addValue("message", message));
    }

    /** A chunk went to the dead-letter queue: the batch is FAILED until the chunk is replayed. */
    public void markDeadLettered(long id, String message) {
        jdbc.update("""
                UPDATE hub.batch SET status = 'FAILED', message = :message, finished_at = now()
                WHERE id = :id AND status IN ('RECEIVED', 'QUEUED', 'FAILED')""",
                new MapSqlParameterSource("id", id).addValue("message", message));
    }

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
