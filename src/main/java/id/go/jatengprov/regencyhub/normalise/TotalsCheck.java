package id.go.jatengprov.regencyhub.normalise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;

/**
 * Checks a file's total rows against the sum of its rows: per group of the key without the region (a period,
 * a sex, a facility type), each whole-number field of a total row should equal the sum over the rows of that
 * group. Only whole numbers (counts) are added up: a decimal is a rate, an index or a share, whose province
 * value is no sum. A mismatch is a warning, not an error: a file of some regencies with the province's total
 * below cannot add up.
 */
final class TotalsCheck {

    /** Past this many groups the file is no regency table: the check stops rather than hold them all. */
    static final int MAX_GROUPS = 10_000;
    /** At most this many mismatches are reported; the rest are counted. */
    static final int MAX_WARNINGS = 10;

    private record Total(long row, String group, long[] values, boolean[] present) {}

    private final DatasetDef dataset;
    private final int[] groupFields;
    private final int[] sumFields;
    private final Map<String, long[]> sums = new HashMap<>();
    private final Map<String, Long> rowsPerGroup = new HashMap<>();
    private final List<Total> totals = new ArrayList<>();
    private boolean overflowed;

    private TotalsCheck(DatasetDef dataset, int[] groupFields, int[] sumFields) {
        this.dataset = dataset;
        this.groupFields = groupFields;
        this.sumFields = sumFields;
    }

    /** A check for the dataset, or null when it has no region or no whole-number field to add up. */
    static TotalsCheck forDataset(DatasetDef dataset) {
        List<Integer> group = new ArrayList<>();
        List<Integer> sum = new ArrayList<>();
        boolean region = false;
        for (int i = 0; i < dataset.fields().size(); i++) {
            FieldDef f = dataset.fields().get(i);
            if (f.type() == FieldType.REGION) {
                region = true;
            } else if (dataset.key().contains(f.name())) {
                group.add(i);
            } else if (f.type() == FieldType.INTEGER) {
                sum.add(i);
            }
        }
        if (!region || sum.isEmpty()) return null;
        return new TotalsCheck(dataset, group.stream().mapToInt(Integer::intValue).toArray(),
                sum.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A row that goes to the warehouse. */
    void row(String[] values) {
        if (overflowed) return;
        String g = group(values);
        long[] s = sums.get(g);
        if (s == null) {
            if (sums.size() >= MAX_GROUPS) {
                overflowed = true;
                sums.clear();
                rowsPerGroup.clear();
                return;
            }
            s = new long[sumFields.length];
            sums.put(g, s);
        }
        rowsPerGroup.merge(g, 1L, Long::sum);
        for (int i = 0; i < sumFields.length; i++) {
            String v = values[sumFields[i]];
            if (v != null) s[i] += Long.parseLong(v);
        }
    }

    /** The values of a total row (null where a value did not convert). */
    void total(long row, String[] values) {
        if (totals.size() >= MAX_GROUPS) return;
        long[] v = new long[sumFields.length];
        boolean[] present = new boolean[sumFields.length];
        for (int i = 0; i < sumFields.length; i++) {
            String x = values[sumFields[i]];
            if (x != null) {
                v[i] = Long.parseLong(x);
                present[i] = true;
            }
        }
        totals.add(new Total(row, group(values), v, present));
    }

    /** One sentence per total that does not match the sum of its rows. */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (overflowed || totals.isEmpty()) return out;
        int mismatches = 0;
        for (Total t : totals) {
            long[] s = sums.get(t.group());
            if (s == null) continue; // a total of rows this file does not have: nothing to compare
            for (int i = 0; i < sumFields.length; i++) {
                if (!t.present()[i] || t.values()[i] == s[i]) continue;
                if (++mismatches > MAX_WARNINGS) continue;
                out.add("total row " + t.row() + " says " + dataset.fields().get(sumFields[i]).name() + " "
                        + t.values()[i] + (t.group().isEmpty() ? "" : " for " + describe(t.group())) + ", but the "
                        + rowsPerGroup.get(t.group()) + " rows of the file add up to " + s[i]);
            }
        }
        if (mismatches > MAX_WARNINGS) {
            out.add((mismatches - MAX_WARNINGS) + " more totals do not match the sum of their rows");
        }
        return out;
    }

    private String group(String[] values) {
        if (groupFields.length == 1) {
            return String.valueOf(values[groupFields[0]]);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groupFields.length; i++) {
            if (i > 0) sb.append('\u0001');
            sb.append(values[groupFields[i]]);
        }
        return sb.toString();
    }

    private String describe(String group) {
        String[] parts = group.split("\u0001", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < groupFields.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dataset.fields().get(groupFields[i]).name()).append(' ').append(parts[i]);
        }
        return sb.toString();
    }
}
