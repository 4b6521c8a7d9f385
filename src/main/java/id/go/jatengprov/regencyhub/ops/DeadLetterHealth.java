package id.go.jatengprov.regencyhub.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * DEGRADED while chunks wait in the dead-letter queue: dead-lettered, and not loaded since (a replay that loaded
 * them ends it). Read from hub.chunk_failure, which the loader keeps in step with the queue, so health never
 * browses the broker.
 */
@Component("deadLetterQueue")
public class DeadLetterHealth implements HealthIndicator {

    private final JdbcTemplate jdbc;

    public DeadLetterHealth(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        List<Map<String, Object>> waiting;
        try {
            waiting = jdbc.queryForList("""
                    SELECT f.batch_id, count(*) AS chunks FROM hub.chunk_failure f
                    WHERE f.dead_lettered
                      AND NOT EXISTS (SELECT 1 FROM hub.load_log l WHERE l.batch_id = f.batch_id AND l.chunk = f.chunk)
                    GROUP BY f.batch_id ORDER BY f.batch_id""");
        } catch (DataAccessException e) {
            // the database's own indicator is DOWN then; this one cannot tell
            return Health.status(Status.UNKNOWN).withDetail("deadLetters", "cannot tell: the database does not answer").build();
        }
        if (waiting.isEmpty()) {
            return Health.up().withDetail("waiting", 0).build();
        }
        long chunks = waiting.stream().mapToLong(r -> ((Number) r.get("chunks")).longValue()).sum();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("waiting", chunks);
        details.put("batches", waiting.stream().map(r -> String.valueOf(r.get("batch_id"))).toList());
        details.put("action", "see GET /api/v1/dead-letters; fix the cause, then POST /api/v1/dead-letters/replay");
        return Health.status(HubHealth.DEGRADED).withDetails(details).build();
    }
}
