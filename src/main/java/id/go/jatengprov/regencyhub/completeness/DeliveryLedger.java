package id.go.jatengprov.regencyhub.completeness;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.Expectation;
import id.go.jatengprov.regencyhub.config.HubConfig;

/**
 * Keeps {@code hub.delivery}: per dataset with an {@code expect:}, regency and period, the rows the warehouse
 * holds, how many distinct regions they cover, and the batches behind them. The console's grid reads this small
 * table, never the warehouse.
 *
 * <p>A dataset is rebuilt when the fingerprint of its final batches (count, newest id, rows loaded, newest finish)
 * differs from the one of its last rebuild: after each final batch, at most once per
 * {@code hub.completeness.refresh-interval}, on a thread of its own, off the load path. A rebuild is one
 * aggregate over {@code warehouse.<dataset>} (bench/completeness.sh measures it on 10 M rows). The batch with
 * which a cell became complete is the newest of its regions' oldest batches; it and the first delivery are
 * carried over from one rebuild to the next, so that a correction sent later does not turn an on-time delivery
 * late.
 */
@Component
@EnableConfigurationProperties(CompletenessProperties.class)
public class DeliveryLedger {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLedger.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ActiveConfig config;
    private final Clock clock;
    /** One rebuild at a time, on its own thread: Spring's scheduler has one thread that reloads and recovers too. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "delivery-ledger");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean busy = new AtomicBoolean();
    /** Per dataset, the earliest next rebuild: ten times the last one's duration later, so rebuilds take at most a tenth of a core. */
    private final Map<String, Long> notBefore = new java.util.concurrent.ConcurrentHashMap<>();

    public DeliveryLedger(JdbcTemplate jdbc, TransactionTemplate tx, ActiveConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${hub.completeness.refresh-interval:10s}", fixedDelayString = "${hub.completeness.refresh-interval:10s}")
    void check() {
        if (!busy.compareAndSet(false, true)) return;
        try {
            worker.execute(() -> {
                try {
                    refreshChanged(true);
                } catch (RuntimeException e) {
                    log.warn("Could not rebuild the delivery ledger: {}; the console shows the previous state until the next try",
                            e.getMessage());
                } finally {
                    busy.set(false);
                }
            });
        } catch (RuntimeException e) {
            busy.set(false);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** Rebuilds every dataset with an expectation whose batches changed since its last rebuild, now; returns their ids. */
    public List<String> refreshChanged() {
        return refreshChanged(false);
    }

    /** @param paced skip a dataset whose last rebuild was too recent for its cost (the scheduled checks) */
    synchronized List<String> refreshChanged(boolean paced) {
        HubConfig c = config.config();
        Map<String, String> now = new HashMap<>();
        jdbc.query("""
                SELECT dataset_id, count(*) || ':' || max(id) || ':' || sum(rows_loaded) || ':' || coalesce(max(finished_at)::text, '')
                FROM hub.batch WHERE status IN ('LOADED', 'LOADED_WITH_REJECTS', 'FAILED') AND rows_loaded > 0
                GROUP BY dataset_id""", rs -> { now.put(rs.getString(1), rs.getString(2)); });
        Map<String, String> before = new HashMap<>();
        jdbc.query("SELECT dataset_id, fingerprint FROM hub.delivery_state", rs -> { before.put(rs.getString(1), rs.getString(2)); });
        List<String> rebuilt = new ArrayList<>();
        for (DatasetDef d : c.datasets().values()) {
            if (d.expect() == null) continue;
            String fp = now.getOrDefault(d.id(), "none");
            if (fp.equals(before.get(d.id()))) continue;
            if (paced && System.nanoTime() - notBefore.getOrDefault(d.id(), System.nanoTime() - 1) < 0) continue;
            long t0 = System.nanoTime();
            rebuild(d, fp);
            notBefore.put(d.id(), System.nanoTime() + 9 * (System.nanoTime() - t0));
            rebuilt.add(d.id());
        }
        return rebuilt;
    }

    /** One ledger row as stored. */
    record Entry(String regency, LocalDate period, long rows, int regions, long firstBatch, long lastBatch, Long completeBatch) {}

    /** Rebuilds the dataset's rows of hub.delivery from its warehouse table. */
    synchronized void rebuild(DatasetDef d, String fingerprint) {
        Expectation e = d.expect();
        if (!ConfigLoader.DATASET_ID.matcher(d.id()).matches() || !ConfigLoader.FIELD_NAME.matcher(e.regionField()).matches()
                || !ConfigLoader.FIELD_NAME.matcher(e.periodField()).matches()) {
            throw new IllegalStateException("dataset " + d.id() + ": identifiers must match [a-z][a-z0-9_]*");
        }
        long t0 = System.nanoTime();
        Map<String, Integer> expected = ExpectedRegions.of(config.config().regions(), e);
        Map<String, Entry> previous = new HashMap<>();
        jdbc.query("SELECT regency, period, first_batch, complete_batch FROM hub.delivery WHERE dataset_id = ?",
                rs -> {
                    previous.put(rs.getString(1) + "|" + rs.getObject(2, LocalDate.class), new Entry(rs.getString(1),
                            rs.getObject(2, LocalDate.class), 0, 0, rs.getLong(3), 0, (Long) rs.getObject(4)));
                }, d.id());
        // Two steps: per region and period first (a hash aggregate), then per regency: counting distinct regions
        // directly would sort every row.
        String sql = """
                SELECT left(r, 5) AS regency, p, sum(n), count(*), min(mn), max(mx), max(mn)
                FROM (SELECT "%s" AS r, "%s" AS p, count(*) AS n, min(_batch) AS mn, max(_batch) AS mx
                      FROM warehouse."%s" GROUP BY 1, 2) x
                WHERE length(r) >= 5 AND p IS NOT NULL
                GROUP BY 1, 2""".formatted(e.regionField(), e.periodField(), d.id());
        List<Entry> fresh = new ArrayList<>();
        jdbc.query(sql, rs -> {
            String regency = rs.getString(1);
            LocalDate period = rs.getObject(2, LocalDate.class);
            long rows = rs.getLong(3);
            int regions = rs.getInt(4);
            long first = rs.getLong(5);
            long last = rs.getLong(6);
            // The cell became complete when its last region got its first row: the newest of the regions' oldest
            // batches (exact unless rows were rewritten since; a rebuild that finds it complete earlier keeps its own).
            long completedBy = rs.getLong(7);
            Entry old = previous.get(regency + "|" + period);
            if (old != null) first = Math.min(first, old.firstBatch());
            boolean complete = regions >= expected.getOrDefault(regency, Integer.MAX_VALUE);
            Long completeBatch = !complete ? null : old != null && old.completeBatch() != null ? old.completeBatch() : completedBy;
            fresh.add(new Entry(regency, period, rows, regions, first, last, completeBatch));
        });
        Map<Long, OffsetDateTime> received = receivedAt(fresh);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM hub.delivery WHERE dataset_id = ?", d.id());
            jdbc.batchUpdate("""
                    INSERT INTO hub.delivery (dataset_id, regency, period, rows, regions, first_batch, last_batch, complete_batch,
                                              first_at, last_at, complete_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", fresh, 500, (ps, x) -> {
                ps.setString(1, d.id());
                ps.setString(2, x.regency());
                ps.setDate(3, Date.valueOf(x.period()));
                ps.setLong(4, x.rows());
                ps.setInt(5, x.regions());
                ps.setLong(6, x.firstBatch());
                ps.setLong(7, x.lastBatch());
                ps.setObject(8, x.completeBatch());
                ps.setObject(9, received.get(x.firstBatch()));
                ps.setObject(10, received.get(x.lastBatch()));
                ps.setObject(11, x.completeBatch() == null ? null : received.get(x.completeBatch()));
            });
            jdbc.update("""
                    INSERT INTO hub.delivery_state (dataset_id, fingerprint, refreshed_at, millis) VALUES (?, ?, ?, ?)
                    ON CONFLICT (dataset_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
                        refreshed_at = EXCLUDED.refreshed_at, millis = EXCLUDED.millis""",
                    d.id(), fingerprint, OffsetDateTime.now(clock), millis);
        });
        log.debug("Delivery ledger of {}: {} cells from warehouse.{} in {} ms", d.id(), fresh.size(), d.id(), millis);
    }

    /** When the batches of these ledger rows were received (a batch's receipt never changes). */
    private Map<Long, OffsetDateTime> receivedAt(List<Entry> entries) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (Entry e : entries) {
            ids.add(e.firstBatch());
            ids.add(e.lastBatch());
            if (e.completeBatch() != null) ids.add(e.completeBatch());
        }
        Map<Long, OffsetDateTime> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT id, received_at FROM hub.batch WHERE id = ANY (?)");
            ps.setArray(1, con.createArrayOf("bigint", ids.toArray()));
            return ps;
        }, rs -> { out.put(rs.getLong(1), rs.getObject(2, OffsetDateTime.class)); });
        return out;
    }

    /** When each dataset's ledger was last rebuilt. */
    public Map<String, OffsetDateTime> refreshedAt() {
        Map<String, OffsetDateTime> out = new LinkedHashMap<>();
        jdbc.query("SELECT dataset_id, refreshed_at FROM hub.delivery_state",
                rs -> { out.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class)); });
        return out;
    }
}
