package id.go.jatengprov.regencyhub.publish;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * hub.publish_state and hub.publish_batch: what is on each dataset's portal, the run in progress and its
 * checkpoint, and the failures. A batch is waiting when it is final with rows loaded (LOADED, LOADED_WITH_REJECTS)
 * and not yet in hub.publish_batch: nothing is written on the load path; the publisher finds the waiting batches.
 */
@Component
public class PublishStateStore {

    private static final RowMapper<PublishState> MAPPER = PublishStateStore::map;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public PublishStateStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public Optional<PublishState> find(String datasetId) {
        return jdbc.query("SELECT * FROM hub.publish_state WHERE dataset_id = ?", MAPPER, datasetId).stream().findFirst();
    }

    /**
     * The state for this target, made or started afresh when the dataset had none or was published elsewhere: a new
     * target gets every row.
     */
    PublishState forTarget(String datasetId, String target) {
        tx.executeWithoutResult(st -> {
            List<String> current = jdbc.queryForList("SELECT target FROM hub.publish_state WHERE dataset_id = ? FOR UPDATE",
                    String.class, datasetId);
            if (current.isEmpty()) {
                jdbc.update("INSERT INTO hub.publish_state (dataset_id, target, run_all_rows) VALUES (?, ?, true)", datasetId, target);
            } else if (!current.get(0).equals(target)) {
                jdbc.update("""
                        UPDATE hub.publish_state SET target = ?, package_id = NULL, resource_id = NULL, metadata_sha256 = NULL,
                            run_batches = NULL, run_all_rows = true, run_last_key = NULL, run_rows_sent = 0, run_started_at = NULL,
                            published_through = NULL, rows_published = 0, last_success_at = NULL, consecutive_failures = 0,
                            last_error = NULL, next_attempt_at = NULL
                        WHERE dataset_id = ?""", target, datasetId);
            } else {
                return;
            }
            jdbc.update("DELETE FROM hub.publish_batch WHERE dataset_id = ?", datasetId);
        });
        return find(datasetId).orElseThrow();
    }

    /** Is a failed dataset's backoff over (or was there no failure)? */
    boolean due(String datasetId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT next_attempt_at IS NULL OR next_attempt_at <= now() FROM hub.publish_state WHERE dataset_id = ?""",
                Boolean.class, datasetId));
    }

    /** Final batches of the dataset with rows loaded whose rows are not on the portal yet, oldest first. */
    public List<Long> waitingBatches(String datasetId) {
        return jdbc.queryForList("""
                SELECT b.id FROM hub.batch b
                WHERE b.dataset_id = ? AND b.status IN ('LOADED', 'LOADED_WITH_REJECTS') AND b.rows_loaded > 0
                  AND NOT EXISTS (SELECT 1 FROM hub.publish_batch p WHERE p.dataset_id = b.dataset_id AND p.batch_id = b.id)
                ORDER BY b.id""", Long.class, datasetId);
    }

    /** Records the run before anything is sent: after a crash, the same run resumes. */
    void startRun(String datasetId, List<Long> batches, boolean allRows) {
        jdbc.update("""
                UPDATE hub.publish_state SET run_batches = ?, run_all_rows = ?, run_last_key = NULL, run_rows_sent = 0,
                    run_started_at = now() WHERE dataset_id = ?""", batches.toArray(Long[]::new), allRows, datasetId);
    }

    /** The run must send every row after all (the portal's table is new or lacks rows): it starts over. */
    void widenRun(String datasetId) {
        jdbc.update("UPDATE hub.publish_state SET run_all_rows = true, run_last_key = NULL, run_rows_sent = 0 WHERE dataset_id = ?",
                datasetId);
    }

    void resource(String datasetId, String packageId, String resourceId) {
        jdbc.update("UPDATE hub.publish_state SET package_id = ?, resource_id = ? WHERE dataset_id = ?", packageId, resourceId,
                datasetId);
    }

    /** The checkpoint: the portal confirmed the rows up to this key. */
    void pageSent(String datasetId, String lastKeyJson, long rowsSent) {
        jdbc.update("UPDATE hub.publish_state SET run_last_key = ?::jsonb, run_rows_sent = ? WHERE dataset_id = ?",
                lastKeyJson, rowsSent, datasetId);
    }

    /** The run is done: its batches are on the portal, in one transaction with the end of the run. */
    void finishRun(String datasetId, List<Long> batches, long rowsSent, String metadataHash) {
        tx.executeWithoutResult(s -> {
            jdbc.batchUpdate("INSERT INTO hub.publish_batch (dataset_id, batch_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    batches.stream().map(b -> new Object[] {datasetId, b}).toList());
            jdbc.update("""
                    UPDATE hub.publish_state SET run_batches = NULL, run_all_rows = false, run_last_key = NULL, run_rows_sent = 0,
                        run_started_at = NULL, rows_published = rows_published + ?, metadata_sha256 = ?,
                        published_through = GREATEST(published_through, (SELECT max(b) FROM unnest(?::bigint[]) b)),
                        last_success_at = now(), last_attempt_at = now(), next_attempt_at = NULL, consecutive_failures = 0,
                        last_error = NULL
                    WHERE dataset_id = ?""", rowsSent, metadataHash, batches.toArray(Long[]::new), datasetId);
        });
    }

    /** A failed attempt: the run stays for the next one, which comes after a backoff. */
    void failed(String datasetId, String error, Duration initial, Duration max) {
        PublishState s = find(datasetId).orElseThrow();
        int failures = s.consecutiveFailures() + 1;
        Duration wait = initial.multipliedBy(1L << Math.min(20, failures - 1));
        if (wait.compareTo(max) > 0 || wait.isNegative()) wait = max;
        jdbc.update("""
                UPDATE hub.publish_state SET consecutive_failures = ?, last_error = ?, last_attempt_at = now(),
                    next_attempt_at = now() + ? * interval '1 millisecond' WHERE dataset_id = ?""",
                failures, error.length() > 2000 ? error.substring(0, 2000) + "…" : error, wait.toMillis(), datasetId);
    }

    /** Clears the backoff, so that the next look publishes at once; with {@code allRows}, every row is sent again. */
    void replay(String datasetId, boolean allRows) {
        jdbc.update("UPDATE hub.publish_state SET next_attempt_at = NULL, run_all_rows = run_all_rows OR ?,"
                + " run_last_key = CASE WHEN ? THEN NULL ELSE run_last_key END,"
                + " run_rows_sent = CASE WHEN ? THEN 0 ELSE run_rows_sent END WHERE dataset_id = ?",
                allRows, allRows, allRows, datasetId);
    }

    private static PublishState map(ResultSet rs, int i) throws SQLException {
        Array a = rs.getArray("run_batches");
        List<Long> batches = a == null ? null : Arrays.stream((Long[]) a.getArray()).toList();
        return new PublishState(rs.getString("dataset_id"), rs.getString("target"), rs.getString("package_id"),
                rs.getString("resource_id"), rs.getString("metadata_sha256"), batches, rs.getBoolean("run_all_rows"), rs.getString("run_last_key"),
                rs.getLong("run_rows_sent"), rs.getObject("run_started_at", OffsetDateTime.class),
                (Long) rs.getObject("published_through"), rs.getLong("rows_published"),
                rs.getObject("last_success_at", OffsetDateTime.class), rs.getObject("last_attempt_at", OffsetDateTime.class),
                rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getInt("consecutive_failures"),
                rs.getString("last_error"));
    }
}
