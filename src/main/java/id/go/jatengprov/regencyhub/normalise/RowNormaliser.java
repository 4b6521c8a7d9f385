package id.go.jatengprov.regencyhub.normalise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldMapping;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.config.Unpivot;
import id.go.jatengprov.regencyhub.normalise.read.SourceRecord;
import id.go.jatengprov.regencyhub.reference.RegionLevel;
import id.go.jatengprov.regencyhub.reference.RegionResolver;

/**
 * Maps one source record onto the dataset's fields (columns, constants, value maps, unpivot) and hands
 * each resulting row to a {@link Sink}: the fields' values in dataset order, with the source row number. A
 * value that cannot be converted becomes a {@link Reject}; the record's other rows still load unless the
 * failing value belongs to every row (a base field). A record whose region is a total ("JUMLAH", "Jawa
 * Tengah" below a regency table) is a {@link Skip}, not a reject.
 */
public final class RowNormaliser {

    /** Where rows and rejects go. */
    public interface Sink {
        /**
         * A normalised row: the dataset's fields in order (null = no value), each in its canonical text form.
         * The array is reused for the next row: take what you need before returning.
         */
        void row(long sourceRow, String[] values);

        void reject(Reject reject);

        /** A record recognised as a total row: not data and not a reject. Called once per such record. */
        default void skipped(Skip skip) {}

        /**
         * The values a skipped total row carries (its region field null), once per row it would have made: to
         * check it against the sum of the rows. The array is reused, as in {@link #row}.
         */
        default void totalRow(long sourceRow, String[] values) {}
    }

    /** How one dataset field gets its value. */
    /** @param totalsPossible a region below the province read from the file: a total row shows there */
    private record Slot(int field, FieldConverter converter, FieldMapping mapping, int[] columns, String constant,
                        Map<String, String> valueMap, String label, boolean totalsPossible) {}

    private final DatasetDef dataset;
    private final List<String> wanted;
    private final List<Slot> slots = new ArrayList<>();
    private final String[] unpivotConstants[];
    private final int[] unpivotColumns;
    private final String[] unpivotLabels;
    private final FieldConverter unpivotConverter;
    private final int unpivotField;
    private final String[] values;
    private final List<Reject> pending = new ArrayList<>();

    private RowNormaliser(DatasetDef dataset, SourceDef source, RegionResolver resolver, Map<String, Notation> notations) {
        this.dataset = dataset;
        this.wanted = wantedColumns(source);
        this.values = new String[dataset.fields().size()];
        Unpivot unpivot = source.unpivot();
        for (int i = 0; i < dataset.fields().size(); i++) {
            FieldDef f = dataset.fields().get(i);
            FieldMapping m = source.mapping().get(f.name());
            if (m == null) continue;
            FieldConverter conv = converter(f, dataset, source, resolver, notations.get(f.name()));
            int[] cols = m.sourceColumns().stream().mapToInt(c -> indexOf(wanted, c)).toArray();
            String label = m.isConstant() ? f.name() : String.join("+", m.sourceColumns());
            boolean totals = f.type() == FieldType.REGION && f.level() != RegionLevel.PROVINCE && !m.isConstant();
            slots.add(new Slot(i, conv, m, cols, m.value(), lowerKeys(m.values()), label, totals));
        }
        if (unpivot != null) {
            unpivotField = dataset.fieldNames().indexOf(unpivot.into());
            FieldDef into = dataset.fields().get(unpivotField);
            unpivotConverter = converter(into, dataset, source, resolver, notations.get(into.name()));
            int n = unpivot.columns().size();
            unpivotColumns = new int[n];
            unpivotLabels = new String[n];
            unpivotConstants = new String[n][];
            int j = 0;
            for (Map.Entry<String, Map<String, String>> e : unpivot.columns().entrySet()) {
                unpivotColumns[j] = indexOf(wanted, e.getKey());
                unpivotLabels[j] = e.getKey();
                String[] constants = new String[dataset.fields().size()];
                for (Map.Entry<String, String> c : e.getValue().entrySet()) {
                    int fi = dataset.fieldNames().indexOf(c.getKey());
                    FieldDef f = dataset.fields().get(fi);
                    FieldConverter.Converted cv = converter(f, dataset, source, resolver, Notation.DOT_DECIMAL).convert(c.getValue());
                    if (!cv.isOk()) {
                        throw new IllegalStateException(source.file() + ": unpivot constant " + c.getKey() + "=" + c.getValue() + ": " + cv.error());
                    }
                    constants[fi] = cv.value();
                }
                unpivotConstants[j++] = constants;
            }
        } else {
            unpivotField = -1;
            unpivotConverter = null;
            unpivotColumns = null;
            unpivotLabels = null;
            unpivotConstants = null;
        }
    }

    /**
     * @param notations per numeric field, the notation decided from the data (see {@link #numericColumns})
     */
    public static RowNormaliser create(DatasetDef dataset, SourceDef source, RegionResolver resolver,
                                       Map<String, Notation> notations) {
        return new RowNormaliser(dataset, source, resolver, notations);
    }

    private static FieldConverter converter(FieldDef f, DatasetDef d, SourceDef s, RegionResolver resolver, Notation n) {
        return new FieldConverter(f, d.isRequired(f), resolver, s.regency(), s.codes(), n == null ? Notation.DOT_DECIMAL : n);
    }

    /** The source columns this source reads, in a fixed order: the reader aligns cells to it. */
    public static List<String> wantedColumns(SourceDef source) {
        Set<String> cols = new LinkedHashSet<>();
        source.mapping().values().forEach(m -> cols.addAll(m.sourceColumns()));
        if (source.unpivot() != null) {
            cols.addAll(source.unpivot().columns().keySet());
        }
        return List.copyOf(cols);
    }

    /**
     * Which wanted columns hold numbers, per dataset field: their notation (1.234,5 or 1,234.5) is
     * decided from a sample of the data before normalising.
     */
    public static Map<String, List<Integer>> numericColumns(DatasetDef dataset, SourceDef source) {
        List<String> wanted = wantedColumns(source);
        Map<String, List<Integer>> out = new HashMap<>();
        for (FieldDef f : dataset.fields()) {
            if (!f.type().isNumeric()) continue;
            List<Integer> idx = new ArrayList<>();
            FieldMapping m = source.mapping().get(f.name());
            if (m != null) m.sourceColumns().forEach(c -> idx.add(indexOf(wanted, c)));
            if (source.unpivot() != null && f.name().equals(source.unpivot().into())) {
                source.unpivot().columns().keySet().forEach(c -> idx.add(indexOf(wanted, c)));
            }
            if (!idx.isEmpty()) out.put(f.name(), idx);
        }
        return out;
    }

    public List<String> wanted() { return wanted; }

    /**
     * Normalises one record.
     *
     * @return the number of rejects it produced (0 = every row of it was written)
     */
    public int normalise(SourceRecord record, Sink sink) {
        if (record.problem() != null) {
            sink.reject(new Reject(record.row(), null, null, record.problem(), record.raw(), record.problemRef()));
            return 1;
        }
        java.util.Arrays.fill(values, null);
        String[] cells = record.cells();
        pending.clear();
        String total = null;
        for (Slot s : slots) {
            FieldConverter.Converted c;
            String raw;
            if (s.constant != null) {
                raw = s.constant;
                c = s.converter.convert(raw);
            } else if (s.columns.length == 2 && s.converter.field().type() == FieldType.PERIOD) {
                String a = mapped(s, cells[s.columns[0]]);
                String b = mapped(s, cells[s.columns[1]]);
                raw = a + " " + b;
                c = s.converter.convertPeriod(a, b);
            } else if (s.columns.length == 1) {
                raw = mapped(s, cells[s.columns[0]]);
                c = s.converter.convert(raw);
            } else {
                StringBuilder joined = new StringBuilder();
                for (int col : s.columns) {
                    if (joined.length() > 0) joined.append(' ');
                    String v = cells[col];
                    if (v != null) joined.append(v);
                }
                raw = mapped(s, joined.toString());
                c = s.converter.convert(raw);
            }
            if (c.isOk()) {
                values[s.field] = c.value();
            } else {
                // Asked only of a region that did not resolve, so a clean row pays nothing for it.
                if (total == null && s.totalsPossible && RegionResolver.isTotalRow(raw)) {
                    total = (c.error().startsWith("province total row") ? "province total row" : "total row")
                            + " ('" + raw.strip() + "')";
                    continue;
                }
                pending.add(new Reject(record.row(), s.label, raw, c.error(), record.raw(),
                        s.columns.length == 0 ? null : record.cellRef(s.columns[0])));
            }
        }
        if (total != null) {
            sink.skipped(new Skip(record.row(), total));
            emitTotals(record, cells, sink);
            return 0;
        }
        if (!pending.isEmpty()) {
            pending.forEach(sink::reject);
            return pending.size();
        }
        if (unpivotColumns == null) {
            emit(record.row(), values, sink);
            return 0;
        }
        int rejects = 0;
        for (int j = 0; j < unpivotColumns.length; j++) {
            String raw = cells[unpivotColumns[j]];
            FieldConverter.Converted c = unpivotConverter.convert(raw);
            if (!c.isOk()) {
                sink.reject(new Reject(record.row(), unpivotLabels[j], raw, c.error(), record.raw(), record.cellRef(unpivotColumns[j])));
                rejects++;
                continue;
            }
            String[] constants = unpivotConstants[j];
            for (int i = 0; i < values.length; i++) {
                if (constants[i] != null) values[i] = constants[i];
            }
            values[unpivotField] = c.value();
            emit(record.row(), values, sink);
        }
        return rejects;
    }

    /** A total row's values, as far as they convert, for the check against the sum of the rows. */
    private void emitTotals(SourceRecord record, String[] cells, Sink sink) {
        if (unpivotColumns == null) {
            sink.totalRow(record.row(), values);
            return;
        }
        for (int j = 0; j < unpivotColumns.length; j++) {
            FieldConverter.Converted c = unpivotConverter.convert(cells[unpivotColumns[j]]);
            String[] constants = unpivotConstants[j];
            for (int i = 0; i < values.length; i++) {
                if (constants[i] != null) values[i] = constants[i];
            }
            values[unpivotField] = c.isOk() ? c.value() : null;
            sink.totalRow(record.row(), values);
        }
    }

    private static void emit(long row, String[] vals, Sink sink) {
        sink.row(row, vals);
    }

    private static String mapped(Slot s, String raw) {
        if (raw == null || s.valueMap.isEmpty()) return raw;
        String to = s.valueMap.get(normKey(raw));
        return to == null ? raw : to;
    }

    private static Map<String, String> lowerKeys(Map<String, String> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(normKey(k), v));
        return out;
    }

    private static String normKey(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static int indexOf(List<String> wanted, String column) {
        int i = wanted.indexOf(column);
        if (i < 0) throw new IllegalStateException("column " + column + " not in " + wanted);
        return i;
    }

    public DatasetDef dataset() { return dataset; }
}
