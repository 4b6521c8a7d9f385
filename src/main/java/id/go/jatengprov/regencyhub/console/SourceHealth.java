package id.go.jatengprov.regencyhub.console;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per source: when it last delivered something that loaded, and how many times in a row it has failed since. A
 * polled source counts its failed polls (hub.source_state, a poll that fails makes no batch); every source
 * counts its FAILED batches since its last LOADED one; the larger of the two is the source's count. Read by the
 * metrics and the alerts.
 */
@Component
public class SourceHealth {

    /** @param lastError the last failed poll's message, or the last failed batch's */
    public record Health(String source, OffsetDateTime lastSuccess, int consecutiveFailures, String lastError) {}

    private final JdbcTemplate jdbc;

    public SourceHealth(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Health> read() {
        Map<String, OffsetDateTime> success = new HashMap<>();
        Map<String, Integer> failures = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        jdbc.query("""
                SELECT source_id, max(finished_at) FROM hub.batch WHERE status IN ('LOADED', 'LOADED_WITH_REJECTS')
                GROUP BY source_id""", rs -> { success.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class)); });
        jdbc.query("""
                SELECT b.source_id, count(*), (array_agg(b.message ORDER BY b.id DESC))[1] FROM hub.batch b
                WHERE b.status = 'FAILED' AND b.id > coalesce((SELECT max(g.id) FROM hub.batch g WHERE g.source_id = b.source_id
                                                               AND g.status IN ('LOADED', 'LOADED_WITH_REJECTS')), 0)
                GROUP BY b.source_id""", rs -> {
            failures.put(rs.getString(1), rs.getInt(2));
            errors.put(rs.getString(1), rs.getString(3));
        });
        jdbc.query("SELECT source_id, last_success_at, consecutive_failures, last_message FROM hub.source_state", rs -> {
            String s = rs.getString(1);
            OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
            if (at != null && (success.get(s) == null || at.isAfter(success.get(s)))) success.put(s, at);
            int n = rs.getInt(3);
            if (n > 0 && n >= failures.getOrDefault(s, 0)) {
                failures.put(s, n);
                errors.put(s, rs.getString(4));
            }
        });
        Map<String, Health> out = new HashMap<>();
        for (String s : union(success.keySet(), failures.keySet())) {
            out.put(s, new Health(s, success.get(s), failures.getOrDefault(s, 0), errors.get(s)));
        }
        return out;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
