package id.go.jatengprov.regencyhub.console;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import id.go.jatengprov.regencyhub.completeness.CellState;
import id.go.jatengprov.regencyhub.completeness.Completeness;
import id.go.jatengprov.regencyhub.config.ActiveConfig;

/**
 * The hub's own metrics for Prometheus (/actuator/prometheus, operators only), read from the database every
 * {@code hub.metrics.refresh-interval}, so that they say the same on every hub of a cluster and after a restart:
 * batches by source and status, rows by source, dataset and outcome, the load queue's depth, dead letters waiting,
 * per source its last success and failures in a row, per dataset its completeness cells by state. Batches that
 * end while this hub runs are counted, and timed from receipt to end, once each. Labels are bounded: source,
 * dataset, status, outcome, state; never a batch id or a file name. docs/console.md lists them.
 */
@Component
@EnableConfigurationProperties(MetricsProperties.class)
public class HubMetrics {

    private static final Logger log = LoggerFactory.getLogger(HubMetrics.class);
    static final List<String> ROW_OUTCOMES = List.of("read", "loaded", "rejected", "skipped");

    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;
    private final ActiveConfig config;
    private final Completeness completeness;
    private final SourceHealth health;

    private final MultiGauge batches;
    private final MultiGauge lastSuccess;
    private final MultiGauge failures;
    private final MultiGauge overdue;
    private final MultiGauge cells;
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Map<List<String>, AtomicLong> rows = new ConcurrentHashMap<>();

    /** Batches seen while not yet final, and the newest id seen: what to look at on the next refresh. */
    private final Set<Long> open = new HashSet<>();
    private long newestSeen = -1;

    public HubMetrics(MeterRegistry registry, JdbcTemplate jdbc, ActiveConfig config, Completeness completeness,
                      SourceHealth health) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.config = config;
        this.completeness = completeness;
        this.health = health;
        batches = MultiGauge.builder("hub.batches").description("Batches now in each status, per source (from hub.batch)")
                .register(registry);
        lastSuccess = MultiGauge.builder("hub.source.last.success").baseUnit("seconds")
                .description("When the source last delivered a batch that loaded (or a poll that succeeded), seconds since the epoch")
                .register(registry);
        failures = MultiGauge.builder("hub.source.consecutive.failures")
                .description("Failed polls or FAILED batches of the source since its last success").register(registry);
        overdue = MultiGauge.builder("hub.completeness.overdue.cells")
                .description("Regency × period cells of the dataset that are overdue, over the default completeness window")
                .register(registry);
        cells = MultiGauge.builder("hub.completeness.cells")
                .description("Regency × period cells of the dataset in each state, over the default completeness window")
                .register(registry);
        Gauge.builder("hub.load.queue.depth", queueDepth, AtomicLong::get)
                .description("Chunks of queued batches not loaded yet (and not dead-lettered)").register(registry);
        Gauge.builder("hub.dead.letters.waiting", deadLetters, AtomicLong::get)
                .description("Dead-lettered chunks not loaded yet (waiting for a replay)").register(registry);
    }

    @Scheduled(initialDelayString = "${hub.metrics.refresh-interval:15s}", fixedDelayString = "${hub.metrics.refresh-interval:15s}")
    void scheduledRefresh() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not refresh the metrics from the database: {}; they keep their last values", e.getMessage());
        }
    }

    /** Reads everything again; the scrape then shows it. */
    public synchronized void refresh() {
        List<MultiGauge.Row<?>> b = new ArrayList<>();
        jdbc.query("SELECT source_id, status, count(*) FROM hub.batch GROUP BY source_id, status",
                rs -> { b.add(MultiGauge.Row.of(Tags.of("source", rs.getString(1), "status", rs.getString(2)), rs.getLong(3))); });
        batches.register(b, true);

        String skipped = hasColumn("rows_skipped") ? "sum(rows_skipped)" : "0";
        jdbc.query("SELECT source_id, dataset_id, sum(rows_read), sum(rows_loaded), sum(rows_rejected + rows_rejected_load), "
                + skipped + " FROM hub.batch WHERE status IN ('LOADED', 'LOADED_WITH_REJECTS', 'FAILED') GROUP BY source_id, dataset_id", rs -> {
            for (int i = 0; i < ROW_OUTCOMES.size(); i++) {
                rowCounter(rs.getString(1), rs.getString(2), ROW_OUTCOMES.get(i)).set(rs.getLong(3 + i));
            }
        });

        queueDepth.set(jdbc.queryForObject("""
                SELECT coalesce(sum(greatest(b.chunks_total - b.chunks_loaded - (SELECT count(*) FROM hub.chunk_failure f
                         WHERE f.batch_id = b.id AND f.dead_lettered), 0)), 0)
                FROM hub.batch b WHERE b.status = 'QUEUED' AND b.chunks_total IS NOT NULL""", Long.class));
        deadLetters.set(jdbc.queryForObject("""
                SELECT count(*) FROM hub.chunk_failure f WHERE f.dead_lettered
                AND NOT EXISTS (SELECT 1 FROM hub.load_log l WHERE l.batch_id = f.batch_id AND l.chunk = f.chunk)""", Long.class));

        List<MultiGauge.Row<?>> success = new ArrayList<>();
        List<MultiGauge.Row<?>> fails = new ArrayList<>();
        Map<String, SourceHealth.Health> h = health.read();
        for (String source : config.config().sources().keySet()) {
            SourceHealth.Health s = h.get(source);
            fails.add(MultiGauge.Row.of(Tags.of("source", source), s == null ? 0 : s.consecutiveFailures()));
            if (s != null && s.lastSuccess() != null) {
                success.add(MultiGauge.Row.of(Tags.of("source", source), s.lastSuccess().toEpochSecond()));
            }
        }
        lastSuccess.register(success, true);
        failures.register(fails, true);

        List<MultiGauge.Row<?>> o = new ArrayList<>();
        List<MultiGauge.Row<?>> c = new ArrayList<>();
        completeness.defaultGrids(null).forEach((dataset, grid) -> {
            o.add(MultiGauge.Row.of(Tags.of("dataset", dataset), grid.totals().get(CellState.OVERDUE)));
            for (CellState s : CellState.values()) {
                c.add(MultiGauge.Row.of(Tags.of("dataset", dataset, "state", s.label()), grid.totals().get(s)));
            }
        });
        overdue.register(o, true);
        cells.register(c, true);

        countFinishedBatches();
    }

    private AtomicLong rowCounter(String source, String dataset, String outcome) {
        return rows.computeIfAbsent(List.of(source, dataset, outcome), k -> {
            AtomicLong v = new AtomicLong();
            FunctionCounter.builder("hub.rows", v, AtomicLong::get).tags("source", source, "dataset", dataset, "outcome", outcome)
                    .description("Rows of final batches by outcome: read, loaded, rejected (bad values and repeated keys), skipped"
                            + " (totals and notes left out)").register(registry);
            return v;
        });
    }

    /** Batches that became final since the last look: counted and timed once each. The first look sets the start. */
    private void countFinishedBatches() {
        if (newestSeen < 0) {
            newestSeen = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM hub.batch", Long.class);
            open.addAll(jdbc.queryForList("SELECT id FROM hub.batch WHERE status IN ('RECEIVED', 'QUEUED')", Long.class));
            return;
        }
        Long[] watch = open.toArray(Long[]::new);
        long floor = newestSeen;
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT id, source_id, status, received_at, finished_at FROM hub.batch"
                    + " WHERE id > ? OR id = ANY (?) ORDER BY id");
            ps.setLong(1, floor);
            ps.setArray(2, con.createArrayOf("bigint", watch));
            return ps;
        }, rs -> {
            long id = rs.getLong(1);
            String status = rs.getString(3);
            newestSeen = Math.max(newestSeen, id);
            if (status.equals("RECEIVED") || status.equals("QUEUED")) {
                open.add(id);
                return;
            }
            open.remove(id);
            Tags tags = Tags.of("source", rs.getString(2), "status", status);
            Counter.builder("hub.batches.finished").tags(tags).description("Batches that ended while this hub ran, by final status")
                    .register(registry).increment();
            OffsetDateTime received = rs.getObject(4, OffsetDateTime.class);
            OffsetDateTime finished = rs.getObject(5, OffsetDateTime.class);
            if (received != null && finished != null) {
                Timer.builder("hub.batch.duration").tags(tags).description("From receipt to the final status")
                        .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1),
                                Duration.ofMinutes(5), Duration.ofMinutes(30))
                        .register(registry).record(Duration.between(received, finished).abs());
            }
        });
    }

    private boolean hasColumn(String column) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'hub' AND table_name = 'batch'
                               AND column_name = ?)""", Boolean.class, column));
    }
}
