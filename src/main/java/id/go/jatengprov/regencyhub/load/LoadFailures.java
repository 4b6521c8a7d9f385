package id.go.jatengprov.regencyhub.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.batch.BatchStore;

/**
 * Remembers why chunks failed, for operators: attempts, first and last failure, last error, and whether
 * the broker has given up on the chunk (dead-lettered). Written outside the failed transaction, and
 * best effort: when the database itself is the failure, the broker's redelivery is what matters.
 */
@Component
public class LoadFailures {

    private static final Logger log = LoggerFactory.getLogger(LoadFailures.class);

    private final JdbcTemplate jdbc;
    private final BatchStore batches;

    public LoadFailures(JdbcTemplate jdbc, BatchStore batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    public void record(long batchId, int chunk, int attempt, boolean lastAttempt, String error) {
        try {
            jdbc.update("""
                    INSERT INTO hub.chunk_failure (batch_id, chunk, attempts, last_error, dead_lettered)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (batch_id, chunk) DO UPDATE SET attempts = EXCLUDED.attempts, last_failure = now(),
                        last_error = EXCLUDED.last_error, dead_lettered = EXCLUDED.dead_lettered""",
                    batchId, chunk, attempt, error, lastAttempt);
            if (lastAttempt) {
                batches.deadLettered(batchId, "chunk " + chunk + " failed " + attempt
                        + " times and is in the dead-letter queue: " + error + "; fix the cause, then replay it");
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of chunk {}/{} ({}): {}", batchId, chunk, error, e.getMessage());
        }
    }
}
