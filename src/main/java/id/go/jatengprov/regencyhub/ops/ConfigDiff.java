package id.go.jatengprov.regencyhub.ops;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.DatasetInfo;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * What differs between two configurations, one sentence per change, as a reload reports it: datasets and sources
 * added or removed, a dataset's title, key and fields (each changed property with its old and new value: "dataset
 * births: field live_births max 5000 → 9000"), a source's changed keys. Where a definition sits in its file (line
 * numbers) is no change.
 */
final class ConfigDiff {

    /** Config keys of a source's parts, for the sentences (the record's names are Java's). */
    private static final Map<String, String> SOURCE_KEYS = Map.ofEntries(Map.entry("maxRejectRatio", "max-reject-ratio"),
            Map.entry("dropInclude", "drop.include"), Map.entry("fileFormat", "format"), Map.entry("decimal", "csv.decimal"));
    /** Record parts that say where a definition is written, not what it is. */
    private static final Set<String> POSITION = Set.of("line", "lines", "file");

    private ConfigDiff() {}

    static List<String> between(HubConfig before, HubConfig after) {
        List<String> out = new ArrayList<>();
        for (String id : union(before.datasets().keySet(), after.datasets().keySet())) {
            DatasetDef a = before.datasets().get(id);
            DatasetDef b = after.datasets().get(id);
            if (a == null) {
                out.add("added dataset " + id);
            } else if (b == null) {
                out.add("removed dataset " + id + " (its table warehouse." + id + " is kept)");
            } else {
                dataset(a, b, out);
            }
        }
        for (String id : union(before.sources().keySet(), after.sources().keySet())) {
            SourceDef a = before.sources().get(id);
            SourceDef b = after.sources().get(id);
            if (a == null) {
                out.add("added source " + id);
            } else if (b == null) {
                out.add("removed source " + id);
            } else if (!same(a, b)) {
                List<String> parts = new ArrayList<>();
                for (RecordComponent c : SourceDef.class.getRecordComponents()) {
                    if (POSITION.contains(c.getName())) continue;
                    Object x = value(c, a), y = value(c, b);
                    if (same(x, y)) continue;
                    String key = SOURCE_KEYS.getOrDefault(c.getName(), c.getName());
                    parts.add(scalar(x) && scalar(y) ? key + " " + show(x) + " → " + show(y) : key);
                }
                out.add("changed source " + id + ": " + String.join(", ", parts));
            }
        }
        return out;
    }

    /** Do two definitions say the same, wherever they are written? */
    static boolean same(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y) == 0;
        if (a instanceof Record && a.getClass() == b.getClass()) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                if (!POSITION.contains(c.getName()) && !same(value(c, a), value(c, b))) return false;
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) return false;
            return x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            Iterator<?> i = x.iterator(), j = y.iterator();
            while (i.hasNext()) if (!same(i.next(), j.next())) return false;
            return true;
        }
        return a.equals(b);
    }

    private static void dataset(DatasetDef a, DatasetDef b, List<String> out) {
        String at = "dataset " + a.id() + ": ";
        if (!a.title().equals(b.title())) out.add(at + "title '" + a.title() + "' → '" + b.title() + "'");
        if (!a.key().equals(b.key())) out.add(at + "key " + a.key() + " → " + b.key());
        if (!same(a.expect(), b.expect())) out.add(at + "expect changed");
        // The metadata (Satu Data) becomes the warehouse's comments and what is published
        for (RecordComponent c : DatasetInfo.class.getRecordComponents()) {
            if (POSITION.contains(c.getName())) continue;
            Object u = value(c, a.info()), v = value(c, b.info());
            if (same(u, v)) continue;
            out.add(at + c.getName() + (scalar(u) && scalar(v) ? " " + show(u) + " → " + show(v) : " changed"));
        }
        Set<String> names = new LinkedHashSet<>(a.fieldNames());
        names.addAll(b.fieldNames());
        for (String name : names) {
            FieldDef x = a.field(name).orElse(null);
            FieldDef y = b.field(name).orElse(null);
            if (x == null) {
                out.add(at + "field " + name + " added (" + y.type().configName() + ")");
            } else if (y == null) {
                out.add(at + "field " + name + " removed (its column stays in warehouse." + a.id() + ")");
            } else {
                for (RecordComponent c : FieldDef.class.getRecordComponents()) {
                    if (POSITION.contains(c.getName()) || c.getName().equals("name")) continue;
                    Object u = value(c, x), v = value(c, y);
                    if (!same(u, v)) out.add(at + "field " + name + " " + c.getName() + " " + show(u) + " → " + show(v));
                }
            }
        }
    }

    private static boolean scalar(Object o) {
        return o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>;
    }

    private static String show(Object o) {
        if (o == null) return "none";
        if (o instanceof BigDecimal d) return d.toPlainString();
        if (o instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT);
        if (o instanceof String s) return "'" + s + "'";
        if (o instanceof Collection<?> c && c.isEmpty()) return "none";
        return String.valueOf(o);
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> union(Collection<String> a, Collection<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all.stream().sorted().toList());
    }
}
