package id.go.jatengprov.regencyhub.completeness;

import java.sql.Array;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.Expectation;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.reference.Region;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;

/**
 * The completeness grid: for a dataset with an {@code expect:}, each expected regency × each period that has
 * ended, in one of the {@link CellState}s. Read from the small {@code hub.delivery} ledger ({@link DeliveryLedger})
 * and the newest final batch of each source, never from the warehouse; "now" is the hub's {@link Clock}.
 *
 * <p>A cell (dataset D, regency R, period P) is decided in this order:
 * <ol>
 * <li><b>complete</b>: rows for every grain period within P (one, unless {@code every} is coarser than the grain),
 *     each covering every region of R at the dataset's level (R itself, or all of R's districts or villages in
 *     the reference data). It is {@code on-time} if it became complete (the batch that completed it was
 *     received) by the deadline, the end of P plus {@code due}, and {@code late} otherwise.</li>
 * <li>{@code failed}: the newest final batch (LOADED, LOADED_WITH_REJECTS or FAILED; a DUPLICATE does not count)
 *     of the sources that deliver D for R (R's own, and the province's, which deliver for every regency) is
 *     FAILED, and P is the period it was for: a delivery is taken to be for the newest period that had ended
 *     when it was received (a file received in June 2025 is for 2024, for a yearly dataset).</li>
 * <li>{@code partial}: some rows, but not complete.</li>
 * <li>{@code due}: nothing yet and the deadline has not passed; {@code overdue}: nothing and it has.</li>
 * </ol>
 * A period appears once it has ended; a range reaching later is cut there.
 */
@Component
public class Completeness {

    private final JdbcTemplate jdbc;
    private final ActiveConfig config;
    private final Clock clock;
    private final CompletenessProperties props;
    private final DeliveryLedger ledger;

    public Completeness(JdbcTemplate jdbc, ActiveConfig config, Clock clock, CompletenessProperties props, DeliveryLedger ledger) {
        this.jdbc = jdbc;
        this.config = config;
        this.clock = clock;
        this.props = props;
        this.ledger = ledger;
    }

    /** One cell. Batch ids and times are null where there is none. */
    public record Cell(String period, LocalDate start, CellState state, long rows, int regions, int expectedRegions,
                       int periodsDelivered, int periodsExpected, OffsetDateTime dueAt, Long firstBatch,
                       OffsetDateTime firstDeliveryAt, Long lastBatch, OffsetDateTime lastDeliveryAt,
                       OffsetDateTime completeAt, Long failedBatch) {}

    /** One regency's row. */
    public record Row(String regency, String bps, String name, List<Cell> cells) {}

    /** A dataset's grid. */
    public record Grid(DatasetDef dataset, List<String> periods, List<Row> rows, Map<CellState, Integer> totals,
                       OffsetDateTime ledgerRefreshedAt) {}

    /** The hub's clock, the "now" of every state. */
    public Clock clock() {
        return clock;
    }

    /** The datasets that declare an expectation, in id order. */
    public List<DatasetDef> datasets() {
        return config.config().datasets().values().stream().filter(d -> d.expect() != null)
                .sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    /** The last {@code every} period that has ended by now. */
    public LocalDate lastEnded(Expectation e) {
        LocalDate today = LocalDate.now(clock);
        return Expectation.previous(e.every(), Expectation.start(e.every(), today));
    }

    /** A request asked for something that is not there; the message says what to ask instead. */
    public static class BadRequest extends RuntimeException {
        public BadRequest(String message) { super(message); }
    }

    /**
     * The grid of one dataset.
     *
     * @param from      first period (any grain's label: 2024, 2024-Q1, 2024-03), or null for the default window
     * @param to        last period, or null for the last that has ended
     * @param regencies Kemendagri codes to show, or null for every expected regency
     */
    public Grid grid(DatasetDef d, String from, String to, Collection<String> regencies) {
        Expectation e = d.expect();
        if (e == null) throw new BadRequest("dataset '" + d.id() + "' declares no expect: in " + d.file());
        LocalDate last = lastEnded(e);
        LocalDate toStart;
        LocalDate fromStart;
        try {
            toStart = to == null || to.isBlank() ? last : Expectation.parse(e.every(), to);
            if (toStart.isAfter(last)) toStart = last;
            if (from == null || from.isBlank()) {
                fromStart = toStart;
                for (int i = 1; i < props.getDefaultPeriods(); i++) fromStart = Expectation.previous(e.every(), fromStart);
            } else {
                fromStart = Expectation.parse(e.every(), from);
            }
        } catch (IllegalArgumentException ex) {
            throw new BadRequest("from/to: " + ex.getMessage());
        }
        if (e.from() != null && fromStart.isBefore(e.from())) fromStart = e.from();
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate p = fromStart; !p.isAfter(toStart); p = Expectation.next(e.every(), p)) {
            starts.add(p);
            if (starts.size() > props.getMaxPeriods()) {
                throw new BadRequest("the range " + from + ".." + to + " holds more than " + props.getMaxPeriods()
                        + " periods; ask for a shorter one");
            }
        }
        HubConfig c = config.config();
        RegionRegistry regions = c.regions();
        List<String> expected = e.regencies().stream().filter(r -> regencies == null || regencies.contains(r)).toList();
        Map<String, Integer> expectedRegions = ExpectedRegions.of(regions, e);
        Map<String, LedgerRow> ledgerRows = starts.isEmpty() ? Map.of()
                : ledger(d.id(), starts.get(0), Expectation.end(e.every(), starts.get(starts.size() - 1)));
        Map<String, NewestBatch> newest = newestFinal(c, d);
        ZoneId zone = clock.getZone();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<CellState, Integer> totals = new EnumMap<>(CellState.class);
        for (CellState s : CellState.values()) totals.put(s, 0);
        List<Row> rows = new ArrayList<>();
        for (String regency : expected) {
            NewestBatch failed = newestFor(c, d, regency, newest);
            List<Cell> cells = new ArrayList<>();
            for (LocalDate p : starts) {
                Cell cell = cell(e, regency, p, expectedRegions.getOrDefault(regency, 1), ledgerRows, failed, zone, now);
                totals.merge(cell.state(), 1, Integer::sum);
                cells.add(cell);
            }
            Region r = regions.byCode(regency).orElse(null);
            rows.add(new Row(regency, r == null ? null : r.codeBps(), r == null ? regency : r.displayName(), cells));
        }
        List<String> labels = starts.stream().map(p -> Expectation.label(e.every(), p)).toList();
        return new Grid(d, labels, rows, totals, ledger.refreshedAt().get(d.id()));
    }

    private static Cell cell(Expectation e, String regency, LocalDate p, int expectedRegions, Map<String, LedgerRow> ledger,
                             NewestBatch newest, ZoneId zone, OffsetDateTime now) {
        LocalDate end = Expectation.end(e.every(), p);
        OffsetDateTime dueAt = end.plus(e.due()).atStartOfDay(zone).toOffsetDateTime();
        long rows = 0;
        int regionsSeen = 0;
        int delivered = 0;
        int expectedPeriods = e.subPeriods(p);
        boolean complete = true;
        Long firstBatch = null, lastBatch = null;
        OffsetDateTime firstAt = null, lastAt = null, completeAt = null;
        for (LocalDate sub = p; sub.isBefore(end); sub = Expectation.next(e.grain(), sub)) {
            LedgerRow l = ledger.get(regency + "|" + sub);
            if (l == null) {
                complete = false;
                continue;
            }
            delivered++;
            rows += l.rows;
            regionsSeen = Math.max(regionsSeen, l.regions);
            if (l.regions < expectedRegions) complete = false;
            if (firstBatch == null || l.firstBatch < firstBatch) {
                firstBatch = l.firstBatch;
                firstAt = l.firstAt;
            }
            if (lastBatch == null || l.lastBatch > lastBatch) {
                lastBatch = l.lastBatch;
                lastAt = l.lastAt;
            }
            OffsetDateTime done = l.completeAt != null ? l.completeAt : l.lastAt;
            if (done != null && (completeAt == null || done.isAfter(completeAt))) completeAt = done;
        }
        CellState state;
        Long failedBatch = null;
        if (complete && delivered > 0) {
            state = completeAt != null && completeAt.isAfter(dueAt) ? CellState.LATE : CellState.ON_TIME;
        } else if (newest != null && newest.failed && p.equals(Expectation.previous(e.every(),
                Expectation.start(e.every(), newest.receivedAt.atZoneSameInstant(zone).toLocalDate())))) {
            state = CellState.FAILED;
            failedBatch = newest.id;
        } else if (rows > 0) {
            state = CellState.PARTIAL;
        } else {
            state = now.isBefore(dueAt) ? CellState.DUE : CellState.OVERDUE;
        }
        return new Cell(Expectation.label(e.every(), p), p, state, rows, regionsSeen, expectedRegions, delivered,
                expectedPeriods, dueAt, firstBatch, firstAt, lastBatch, lastAt, state.missing() ? null : completeAt, failedBatch);
    }

    private record LedgerRow(long rows, int regions, long firstBatch, OffsetDateTime firstAt, long lastBatch,
                             OffsetDateTime lastAt, OffsetDateTime completeAt) {}

    private Map<String, LedgerRow> ledger(String dataset, LocalDate from, LocalDate toExclusive) {
        Map<String, LedgerRow> out = new HashMap<>();
        jdbc.query("""
                SELECT regency, period, rows, regions, first_batch, first_at, last_batch, last_at, complete_at
                FROM hub.delivery WHERE dataset_id = ? AND period >= ? AND period < ?""", rs -> {
            out.put(rs.getString(1) + "|" + rs.getObject(2, LocalDate.class), new LedgerRow(rs.getLong(3), rs.getInt(4),
                    rs.getLong(5), rs.getObject(6, OffsetDateTime.class), rs.getLong(7), rs.getObject(8, OffsetDateTime.class),
                    rs.getObject(9, OffsetDateTime.class)));
        }, dataset, Date.valueOf(from), Date.valueOf(toExclusive));
        return out;
    }

    private record NewestBatch(long id, boolean failed, OffsetDateTime receivedAt) {}

    /** The newest final batch of each source of the dataset (one index lookup per source). */
    private Map<String, NewestBatch> newestFinal(HubConfig c, DatasetDef d) {
        List<String> sources = c.sources().values().stream().filter(s -> s.dataset().equals(d.id())).map(SourceDef::id).toList();
        Map<String, NewestBatch> out = new HashMap<>();
        if (sources.isEmpty()) return out;
        jdbc.query(con -> {
            var ps = con.prepareStatement("""
                    SELECT s.id, b.id, b.status, b.received_at FROM unnest(?::text[]) AS s(id)
                    CROSS JOIN LATERAL (SELECT id, status, received_at FROM hub.batch
                                        WHERE source_id = s.id AND status IN ('LOADED', 'LOADED_WITH_REJECTS', 'FAILED')
                                        ORDER BY id DESC LIMIT 1) b""");
            Array a = con.createArrayOf("text", sources.toArray());
            ps.setArray(1, a);
            return ps;
        }, rs -> {
            out.put(rs.getString(1), new NewestBatch(rs.getLong(2), "FAILED".equals(rs.getString(3)),
                    rs.getObject(4, OffsetDateTime.class)));
        });
        return out;
    }

    /** Of the sources that deliver the dataset for this regency (its own and the province's), the newest final batch. */
    private static NewestBatch newestFor(HubConfig c, DatasetDef d, String regency, Map<String, NewestBatch> newest) {
        NewestBatch best = null;
        for (SourceDef s : c.sources().values()) {
            if (!s.dataset().equals(d.id())) continue;
            if (!regency.equals(s.regency()) && !RegionRegistry.PROVINCE_CODE.equals(s.regency())) continue;
            NewestBatch b = newest.get(s.id());
            if (b != null && (best == null || b.id > best.id)) best = b;
        }
        return best;
    }

    /** The sources that deliver the dataset for this regency: its own and the province's. */
    public List<SourceDef> sourcesFor(DatasetDef d, String regency) {
        return config.config().sources().values().stream().filter(s -> s.dataset().equals(d.id()))
                .filter(s -> regency.equals(s.regency()) || RegionRegistry.PROVINCE_CODE.equals(s.regency()))
                .sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    /** Cells per state over the default window of every dataset (for metrics and alerts). */
    public Map<String, Grid> defaultGrids(Set<String> datasetIds) {
        Map<String, Grid> out = new java.util.LinkedHashMap<>();
        for (DatasetDef d : datasets()) {
            if (datasetIds == null || datasetIds.contains(d.id())) out.put(d.id(), grid(d, null, null, null));
        }
        return out;
    }
}
