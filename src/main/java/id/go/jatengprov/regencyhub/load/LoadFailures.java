package id.go.jatengprov.regencyhub.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.batch.BatchState;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;

/**
 * Remembers why chunks failed, for operators: attempts, first and last failure, last error, and whether
 * the broker has given up on the chunk (dead-lettered). Written outside the failed transaction. When the
 * database itself is the failure nothing can be written; for a retry that is fine (the broker's redelivery
 * is what matters), and a chunk dead-lettered then is found in the dead-letter queue later by the
 * stalled-batch sweep ({@link #recordFound}), so that its batch still ends FAILED with what to do.
 */
@Component
public class LoadFailures {

    private static final Logger log = LoggerFactory.getLogger(LoadFailures.class);

    private final JdbcTemplate jdbc;
    private final BatchStore batches;
    private final EarlyLoads early;

    public LoadFailures(JdbcTemplate jdbc, BatchStore batches, EarlyLoads early) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.early = early;
    }

    /**
     * A failed attempt; on the last one the chunk is in the dead-letter queue and its batch FAILED, unless the batch
     * is still being normalised with its chunks loading early (it stays RECEIVED, so that it is taken up again after a
     * crash, and is failed when it is queued: {@link #failIfDeadLettered}) or was withdrawn (it is FAILED already).
     */
    public void record(long batchId, int chunk, int attempt, boolean lastAttempt, String error) {
        try {
            jdbc.update("""
                    INSERT INTO hub.chunk_failure (batch_id, chunk, attempts, last_error, dead_lettered)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (batch_id, chunk) DO UPDATE SET attempts = EXCLUDED.attempts, last_failure = now(),
                        last_error = EXCLUDED.last_error, dead_lettered = EXCLUDED.dead_lettered""",
                    batchId, chunk, attempt, error, lastAttempt);
            if (lastAttempt) {
                BatchStore.Transition t = jdbc.execute((ConnectionCallback<BatchStore.Transition>) c -> {
                    boolean auto = c.getAutoCommit();
                    c.setAutoCommit(false);
                    try {
                        BatchStore.Transition x = early.holdsBack(c, batchId) ? null
                                : batches.deadLettered(c, batchId, LoadFailures::message);
                        c.commit();
                        return x;
                    } catch (SQLException | RuntimeException e) {
                        c.rollback();
                        throw e;
                    } finally {
                        c.setAutoCommit(auto);
                    }
                });
                batches.committed(t, "dead-lettered");
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of chunk {}/{} ({}): {}{}", batchId, chunk, error, e.getMessage(),
                    lastAttempt ? "; it is in the dead-letter queue, where the sweep of stalled batches will find it" : "");
        }
    }

    /**
     * Chunks of a batch that sit in the dead-letter queue while the database does not know them as dead-lettered:
     * their last attempt failed when the failure could not be written (the database was down). Records them
     * now, then fails their batch once, with the counts and what to do.
     */
    public void recordFound(long batchId, List<Integer> chunks, int attempts) {
        for (int chunk : chunks) {
            jdbc.update("""
                    INSERT INTO hub.chunk_failure (batch_id, chunk, attempts, last_error, dead_lettered)
                    VALUES (?, ?, ?, ?, true)
                    ON CONFLICT (batch_id, chunk) DO UPDATE SET attempts = greatest(hub.chunk_failure.attempts, EXCLUDED.attempts),
                        dead_lettered = true""",
                    batchId, chunk, attempts, "the broker gave up after " + attempts + " attempts whose failures could not be"
                            + " recorded (the database could not be reached)");
        }
        batches.deadLettered(batchId, LoadFailures::message);
    }

    /**
     * After the batch was queued: a chunk that went to the dead-letter queue while the batch was still being normalised
     * (its chunks loading early) fails it now, with the counts and what to do.
     */
    public void failIfDeadLettered(long batchId) {
        boolean waiting = Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM hub.chunk_failure f WHERE f.batch_id = ? AND f.dead_lettered
                               AND NOT EXISTS (SELECT 1 FROM hub.load_log l WHERE l.batch_id = f.batch_id AND l.chunk = f.chunk))""",
                Boolean.class, batchId));
        if (waiting && batches.find(batchId).map(b -> b.status() == BatchStatus.QUEUED).orElse(false)) {
            batches.deadLettered(batchId, LoadFailures::message);
        }
    }

    /** Whether the database knows the chunk as loaded or as dead-lettered. */
    public boolean recorded(long batchId, int chunk) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM hub.load_log WHERE batch_id = ? AND chunk = ?)
                    OR EXISTS (SELECT 1 FROM hub.chunk_failure WHERE batch_id = ? AND chunk = ? AND dead_lettered)""",
                Boolean.class, batchId, chunk, batchId, chunk));
    }

    /**
     * The batch's message while chunks wait in the dead-letter queue, made under its row lock: "38 of 40 chunks
     * loaded; 2 in the dead-letter queue: replay them ...", with the first waiting chunk's last error. Without
     * a waiting chunk, the message stays as it is.
     */
    public static String message(Connection c, long batchId, BatchState s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) OVER (), f.chunk, f.attempts, f.last_error FROM hub.chunk_failure f
                WHERE f.batch_id = ? AND f.dead_lettered
                  AND NOT EXISTS (SELECT 1 FROM hub.load_log l WHERE l.batch_id = f.batch_id AND l.chunk = f.chunk)
                ORDER BY f.chunk LIMIT 1""")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return s.message();
                }
                return message(s.chunksLoaded(), s.chunksTotal(), rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4));
            }
        }
    }

    static String message(int loaded, Integer total, int waiting, int chunk, int attempts, String error) {
        return loaded + " of " + (total == null ? "?" : total) + " chunks loaded; " + waiting
                + " in the dead-letter queue: replay them once the cause is fixed (POST /api/v1/dead-letters/replay)."
                + " Last error" + (waiting > 1 ? " of the first, chunk " : ", chunk ") + chunk + " after " + attempts
                + (attempts == 1 ? " attempt: " : " attempts: ") + error;
    }
}
