package id.go.jatengprov.regencyhub.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.completeness.Completeness;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.Expectation;
import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * Turns conditions into alerts, every {@code hub.alerts.check-interval}: a source failing
 * {@code consecutive-failures} times in a row, a period's deadline passing with regencies still missing, a
 * batch FAILED, chunks of a batch dead-lettered. Each condition is one row of hub.alert: its firing message is
 * sent once, its "resolved" message once when the condition clears; a condition that comes back within
 * {@code cooldown} of its last message is recorded but not sent again (nor its resolution). The checks read the
 * database only, so they survive restarts and never touch the load path; sending is {@link WebhookSender}'s,
 * on its own thread. No webhook configured: nothing is checked.
 */
@Component
@EnableConfigurationProperties(AlertProperties.class)
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A condition that holds now. */
    record Condition(String key, String kind, String summary, Map<String, Object> details) {}

    private record State(boolean firing, boolean notified, OffsetDateTime notifiedAt, OffsetDateTime firedAt, String summary,
                         String details, String kind) {}

    private final JdbcTemplate jdbc;
    private final AlertProperties props;
    private final WebhookSender sender;
    private final SourceHealth health;
    private final Completeness completeness;
    private final ActiveConfig config;
    private final Clock clock;

    public Alerts(JdbcTemplate jdbc, AlertProperties props, WebhookSender sender, SourceHealth health, Completeness completeness,
                  ActiveConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.props = props;
        this.sender = sender;
        this.health = health;
        this.completeness = completeness;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${hub.alerts.check-interval:30s}", fixedDelayString = "${hub.alerts.check-interval:30s}")
    void scheduledCheck() {
        if (!sender.configured()) return;
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("Could not check the alert conditions: {}; trying again in {}", e.getMessage(), props.getCheckInterval());
        }
    }

    /** Checks every condition now and sends what changed. */
    public synchronized void check() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, State> states = new HashMap<>();
        jdbc.query("SELECT key, firing, notified, notified_at, fired_at, summary, details::text, kind FROM hub.alert", rs -> {
            states.put(rs.getString(1), new State(rs.getBoolean(2), rs.getBoolean(3), rs.getObject(4, OffsetDateTime.class),
                    rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getString(7), rs.getString(8)));
        });
        List<String> firing = states.entrySet().stream().filter(e -> e.getValue().firing()).map(Map.Entry::getKey).toList();
        Map<String, Condition> holding = new LinkedHashMap<>();
        for (Condition c : conditions(now, firing)) holding.put(c.key(), c);

        for (Condition c : holding.values()) {
            State s = states.get(c.key());
            String details = json(c.details());
            if (s == null) {
                jdbc.update("""
                        INSERT INTO hub.alert (key, kind, firing, summary, details, fired_at, notified_at, notified)
                        VALUES (?, ?, true, ?, ?::jsonb, ?, ?, true)""", c.key(), c.kind(), c.summary(), details, ts(now), ts(now));
                send(c.key(), c.kind(), "firing", c.summary(), details, now, null, now);
            } else if (!s.firing()) {
                boolean cooling = s.notifiedAt() != null && s.notifiedAt().plus(props.getCooldown()).isAfter(now);
                jdbc.update("""
                        UPDATE hub.alert SET firing = true, summary = ?, details = ?::jsonb, fired_at = ?, resolved_at = NULL,
                               notified = ?, notified_at = ? WHERE key = ?""", c.summary(), details, ts(now), !cooling,
                        ts(cooling ? s.notifiedAt() : now), c.key());
                if (cooling) {
                    log.info("Alert {} is back within the cooldown ({}); not sent again", c.key(), props.getCooldown());
                } else {
                    send(c.key(), c.kind(), "firing", c.summary(), details, now, null, now);
                }
            } else if (!c.summary().equals(s.summary())) {
                jdbc.update("UPDATE hub.alert SET summary = ?, details = ?::jsonb WHERE key = ?", c.summary(), details, c.key());
            }
        }
        for (String key : firing) {
            if (holding.containsKey(key)) continue;
            State s = states.get(key);
            jdbc.update("UPDATE hub.alert SET firing = false, resolved_at = ? WHERE key = ?", ts(now), key);
            if (s.notified()) send(key, s.kind(), "resolved", s.summary(), s.details(), s.firedAt(), now, now);
        }
    }

    private List<Condition> conditions(OffsetDateTime now, List<String> firing) {
        List<Condition> out = new ArrayList<>();
        sourcesFailing(out);
        overdue(out, now, firing);
        batchesFailed(out, now, firing);
        deadLettered(out, now, firing);
        return out;
    }

    private void sourcesFailing(List<Condition> out) {
        Map<String, SourceHealth.Health> h = health.read();
        for (SourceDef s : config.config().sources().values()) {
            SourceHealth.Health x = h.get(s.id());
            if (x == null || x.consecutiveFailures() < props.getConsecutiveFailures()) continue;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("source", s.id());
            d.put("regency", s.regency());
            d.put("dataset", s.dataset());
            d.put("consecutiveFailures", x.consecutiveFailures());
            d.put("lastSuccessAt", text(x.lastSuccess()));
            d.put("lastError", x.lastError());
            out.add(new Condition("source-failing:" + s.id(), "source-failing", "source " + s.id() + " failed "
                    + x.consecutiveFailures() + " times in a row", d));
        }
    }

    /**
     * A period whose deadline passed within the lookback, or whose overdue alert is firing, with regencies that
     * have not delivered it completely (overdue, failed or partial after the deadline).
     */
    private void overdue(List<Condition> out, OffsetDateTime now, List<String> firing) {
        for (DatasetDef d : completeness.datasets()) {
            Expectation e = d.expect();
            List<String> periods = new ArrayList<>();
            OffsetDateTime since = now.minus(props.getLookback());
            // Deadlines grow with the period: walk back from the newest ended period until one is older than the lookback.
            for (var p = completeness.lastEnded(e); e.from() == null || !p.isBefore(e.from()); p = Expectation.previous(e.every(), p)) {
                OffsetDateTime due = Expectation.end(e.every(), p).plus(e.due()).atStartOfDay(clock.getZone()).toOffsetDateTime();
                if (due.isBefore(since)) break;
                if (!due.isAfter(now)) periods.add(Expectation.label(e.every(), p));
            }
            String prefix = "overdue:" + d.id() + ":";
            firing.stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                    .filter(p -> !periods.contains(p)).forEach(periods::add);
            for (String period : periods) {
                Completeness.Grid g = completeness.grid(d, period, period, null);
                if (g.periods().isEmpty()) continue;
                List<Map<String, Object>> missing = new ArrayList<>();
                OffsetDateTime dueAt = null;
                for (Completeness.Row r : g.rows()) {
                    Completeness.Cell c = r.cells().get(0);
                    dueAt = c.dueAt();
                    if (c.state().missing() && !now.isBefore(c.dueAt())) {
                        missing.add(Map.of("regency", r.regency(), "name", r.name(), "state", c.state().label()));
                    }
                }
                if (missing.isEmpty()) continue;
                Map<String, Object> det = new LinkedHashMap<>();
                det.put("dataset", d.id());
                det.put("period", period);
                det.put("dueAt", text(dueAt));
                det.put("regencies", missing);
                out.add(new Condition(prefix + period, "overdue", d.id() + " " + period + ": " + missing.size()
                        + " regencies have not delivered, due " + text(dueAt), det));
            }
        }
    }

    private void batchesFailed(List<Condition> out, OffsetDateTime now, List<String> firing) {
        Long[] alerted = ids(firing, "batch-failed:");
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT id, source_id, dataset_id, message, received_at, finished_at FROM hub.batch
                    WHERE status = 'FAILED' AND (finished_at >= ? OR id = ANY (?)) ORDER BY id""");
            ps.setObject(1, now.minus(props.getLookback()));
            ps.setArray(2, con.createArrayOf("bigint", alerted));
            return ps;
        }, rs -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("batch", String.valueOf(rs.getLong(1)));
            d.put("source", rs.getString(2));
            d.put("dataset", rs.getString(3));
            d.put("message", rs.getString(4));
            d.put("receivedAt", text(rs.getObject(5, OffsetDateTime.class)));
            d.put("finishedAt", text(rs.getObject(6, OffsetDateTime.class)));
            out.add(new Condition("batch-failed:" + rs.getLong(1), "batch-failed", "batch " + rs.getLong(1) + " of source "
                    + rs.getString(2) + " FAILED", d));
        });
    }

    private void deadLettered(List<Condition> out, OffsetDateTime now, List<String> firing) {
        Long[] alerted = ids(firing, "dead-lettered:");
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT f.batch_id, b.source_id, count(*), max(f.last_failure), (array_agg(f.last_error ORDER BY f.chunk))[1]
                    FROM hub.chunk_failure f JOIN hub.batch b ON b.id = f.batch_id
                    WHERE f.dead_lettered AND NOT EXISTS (SELECT 1 FROM hub.load_log l WHERE l.batch_id = f.batch_id AND l.chunk = f.chunk)
                    GROUP BY f.batch_id, b.source_id
                    HAVING max(f.last_failure) >= ? OR f.batch_id = ANY (?) ORDER BY f.batch_id""");
            ps.setObject(1, now.minus(props.getLookback()));
            ps.setArray(2, con.createArrayOf("bigint", alerted));
            return ps;
        }, rs -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("batch", String.valueOf(rs.getLong(1)));
            d.put("source", rs.getString(2));
            d.put("chunks", rs.getInt(3));
            d.put("lastFailureAt", text(rs.getObject(4, OffsetDateTime.class)));
            d.put("lastError", rs.getString(5));
            out.add(new Condition("dead-lettered:" + rs.getLong(1), "dead-lettered", rs.getInt(3) + " chunk(s) of batch "
                    + rs.getLong(1) + " (source " + rs.getString(2) + ") are in the dead-letter queue", d));
        });
    }

    private void send(String key, String kind, String status, String summary, String details, OffsetDateTime firedAt,
                      OffsetDateTime resolvedAt, OffsetDateTime now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", UUID.randomUUID().toString());
        m.put("alert", key);
        m.put("kind", kind);
        m.put("status", status);
        m.put("summary", summary);
        try {
            m.put("details", JSON.readTree(details));
        } catch (JsonProcessingException e) {
            m.put("details", Map.of());
        }
        m.put("firedAt", text(firedAt));
        m.put("resolvedAt", text(resolvedAt));
        m.put("sentAt", text(now));
        m.put("hub", "regency-hub");
        log.info("Alert {} {}: {}", key, status, summary);
        sender.send(json(m));
    }

    private static Long[] ids(List<String> keys, String prefix) {
        return keys.stream().filter(k -> k.startsWith(prefix)).map(k -> Long.parseLong(k.substring(prefix.length())))
                .toArray(Long[]::new);
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }

    private static Timestamp ts(OffsetDateTime t) {
        return t == null ? null : Timestamp.from(t.toInstant());
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
