package id.go.jatengprov.regencyhub.intake.poll;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** hub.source_state: one row per polled source (http, ckan, and jdbc: intake/jdbc records its runs here too). */
@Component
public class SourceStateStore {

    private final JdbcTemplate jdbc;

    public SourceStateStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SourceState> find(String id) {
        return jdbc.query("""
                SELECT source_id, last_run_at, last_outcome, last_http_status, last_message, last_batch, last_success_at,
                       consecutive_failures, etag, last_modified, ckan_last_modified, ckan_hash
                FROM hub.source_state WHERE source_id = ?""", (rs, i) -> new SourceState(rs.getString(1),
                rs.getObject(2, OffsetDateTime.class), rs.getString(3), (Integer) rs.getObject(4), rs.getString(5),
                (Long) rs.getObject(6), rs.getObject(7, OffsetDateTime.class), rs.getInt(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12)), id).stream().findFirst();
    }

    /** A poll that worked (loaded, unchanged or duplicate): failures reset, validators kept for next time. */
    public void success(String id, String outcome, Integer httpStatus, Long batch, String message, Validators v) {
        jdbc.update("""
                INSERT INTO hub.source_state (source_id, last_run_at, last_outcome, last_http_status, last_message, last_batch,
                                              last_success_at, consecutive_failures, etag, last_modified, ckan_last_modified, ckan_hash)
                VALUES (?, now(), ?, ?, ?, ?, now(), 0, ?, ?, ?, ?)
                ON CONFLICT (source_id) DO UPDATE SET last_run_at = now(), last_outcome = EXCLUDED.last_outcome,
                    last_http_status = EXCLUDED.last_http_status, last_message = EXCLUDED.last_message,
                    last_batch = COALESCE(EXCLUDED.last_batch, hub.source_state.last_batch), last_success_at = now(),
                    consecutive_failures = 0,
                    etag = COALESCE(EXCLUDED.etag, hub.source_state.etag),
                    last_modified = COALESCE(EXCLUDED.last_modified, hub.source_state.last_modified),
                    ckan_last_modified = COALESCE(EXCLUDED.ckan_last_modified, hub.source_state.ckan_last_modified),
                    ckan_hash = COALESCE(EXCLUDED.ckan_hash, hub.source_state.ckan_hash)""",
                id, outcome, httpStatus, message, batch, v.etag(), v.lastModified(), v.ckanLastModified(), v.ckanHash());
    }

    public void failure(String id, Integer httpStatus, String message, Long batch) {
        jdbc.update("""
                INSERT INTO hub.source_state (source_id, last_run_at, last_outcome, last_http_status, last_message, last_batch,
                                              consecutive_failures)
                VALUES (?, now(), 'FAILED', ?, ?, ?, 1)
                ON CONFLICT (source_id) DO UPDATE SET last_run_at = now(), last_outcome = 'FAILED',
                    last_http_status = EXCLUDED.last_http_status, last_message = EXCLUDED.last_message,
                    last_batch = COALESCE(EXCLUDED.last_batch, hub.source_state.last_batch),
                    consecutive_failures = hub.source_state.consecutive_failures + 1""", id, httpStatus, message, batch);
    }

    /** Change-detection values seen by a successful poll; null leaves the stored one. */
    public record Validators(String etag, String lastModified, String ckanLastModified, String ckanHash) {
        public static final Validators NONE = new Validators(null, null, null, null);
    }
}
