package id.go.jatengprov.regencyhub.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.DatasetInfo;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.config.HubConfig;

/**
 * The warehouse documents itself: {@code COMMENT ON} every dataset table and column, the lineage columns, and every
 * view the hub makes ({@link DatasetViews}), from the datasets' metadata. SQL clients and BI tools show these (Metabase
 * takes them as table and field descriptions). Refreshed at every start and reload; only comments that differ are
 * written, and a comment takes no lock that a running query would wait for.
 */
public class WarehouseComments {

    private static final Logger log = LoggerFactory.getLogger(WarehouseComments.class);

    /** The columns every dataset table has besides its fields, and what they mean. */
    public static final Map<String, String> LINEAGE;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("_source", "Lineage: the source that last wrote this row; join warehouse.source ON source = _source");
        m.put("_batch", "Lineage: the batch that last wrote this row (a newer batch with the same key replaces it); join"
                + " warehouse.batch ON batch = _batch for its file, time and status");
        m.put("_row", "Lineage: the record's number in its batch's file (the first data record is 1)");
        m.put("_loaded_at", "Lineage: when this row was last written");
        LINEAGE = java.util.Collections.unmodifiableMap(m);
    }

    /** The columns of warehouse.region (made by migration V1), and what they mean. */
    static final Map<String, String> REGION;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("code", "Kemendagri code, dotted: 33 (province), 33.74 (regency), 33.74.01 (district), 33.74.01.1001 (village);"
                + " the value of every region field");
        m.put("code_bps", "BPS code: 3374 for a regency (the Kemendagri code without the dot), 7 digits for a district"
                + " (a different numbering); none for villages");
        m.put("name", "Name without its type, as in the reference data: Semarang (both Kota and Kabupaten); use type || ' ' ||"
                + " name, or the _v views' *_name columns");
        m.put("level", "province, regency, district or village");
        m.put("type", "Provinsi, Kabupaten, Kota, Kecamatan, Desa or Kelurahan");
        m.put("parent_code", "Kemendagri code of the region it lies in (none for the province)");
        REGION = java.util.Collections.unmodifiableMap(m);
    }

    private final JdbcTemplate jdbc;

    public WarehouseComments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Comments on the tables of these datasets and on the views of {@link DatasetViews#views}. */
    public void apply(HubConfig config) {
        Map<String, String> have = existing();
        Set<String> columns = columns();
        int changed = 0;
        for (DatasetDef d : config.datasets().values()) {
            changed += set(have, "TABLE", d.id(), null, tableComment(d));
            for (FieldDef f : d.fields()) changed += set(have, "COLUMN", d.id(), f.name(), fieldComment(f));
            for (Map.Entry<String, String> e : LINEAGE.entrySet()) changed += set(have, "COLUMN", d.id(), e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : REGION.entrySet()) {
            if (columns.contains(key("region", e.getKey()))) changed += set(have, "COLUMN", "region", e.getKey(), e.getValue());
        }
        for (DatasetViews.View v : new DatasetViews(jdbc).views(config)) {
            if (!have.containsKey(key(v.name(), null)) && !exists(v.name())) continue; // not made (yet): logged there
            changed += set(have, "VIEW", v.name(), null, v.comment());
            for (DatasetViews.Column c : v.columns()) {
                // a view that could not be replaced yet lacks its new columns: they get their comment next time
                if (columns.contains(key(v.name(), c.name()))) changed += set(have, "COLUMN", v.name(), c.name(), c.comment());
            }
        }
        if (changed > 0) log.info("Updated {} comments in schema warehouse", changed);
    }

    /** A dataset's table comment: title, description, producer, steward, periodicity, licence, references, notes. */
    public static String tableComment(DatasetDef d) {
        DatasetInfo i = d.info();
        List<String> parts = new ArrayList<>();
        parts.add(d.title());
        if (i.description() != null) parts.add(i.description());
        List<String> facts = new ArrayList<>();
        if (i.producer() != null) facts.add("Producer (produsen data): " + i.producer() + ".");
        if (i.steward() != null) facts.add("Steward (walidata): " + i.steward() + ".");
        if (i.periodicity() != null) facts.add("Periodicity: " + i.periodicity().configName() + " (" + i.periodicity().indonesian() + ").");
        if (i.licence() != null) facts.add("Licence: " + i.licence() + ".");
        if (!i.references().isEmpty()) facts.add("Reference codes: " + String.join("; ", i.references()) + ".");
        if (!i.tags().isEmpty()) facts.add("Tags: " + String.join(", ", i.tags()) + ".");
        facts.add("One row per " + String.join(" + ", d.key()) + "; readable view: warehouse." + d.id() + "_v.");
        parts.add(String.join(" ", facts));
        if (i.sourceNotes() != null) parts.add("Sources: " + i.sourceNotes());
        return String.join("\n\n", parts);
    }

    /** A field's comment: its description, unit, codes with their labels, and what its type means here. */
    public static String fieldComment(FieldDef f) {
        List<String> parts = new ArrayList<>();
        parts.add(f.description() != null ? f.description() + "." : f.name() + ".");
        if (f.unit() != null) parts.add("Unit (satuan): " + f.unit() + ".");
        switch (f.type()) {
            case REGION -> parts.add("Kemendagri region code, " + f.level().configName() + " level (names, levels, BPS codes"
                    + " and parents in warehouse.region and the dataset's _v view).");
            case PERIOD -> parts.add("Period (" + f.grain().configName() + "), stored as its first day.");
            case CODE -> parts.add("Codes: " + (f.labels().isEmpty() ? String.join(", ", f.values())
                    : f.labels().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("; ")))
                    + ".");
            default -> parts.add(f.type().configName() + (f.type() == FieldType.INTEGER || f.type() == FieldType.DECIMAL
                    ? range(f) : "") + ".");
        }
        return String.join(" ", parts);
    }

    private static String range(FieldDef f) {
        if (f.min() == null && f.max() == null) return "";
        return f.min() != null && f.max() != null ? ", " + f.min().toPlainString() + " to " + f.max().toPlainString()
                : f.min() != null ? ", at least " + f.min().toPlainString() : ", at most " + f.max().toPlainString();
    }

    private int set(Map<String, String> have, String kind, String relation, String column, String text) {
        String k = key(relation, column);
        if (text.equals(have.get(k))) return 0;
        String target = "warehouse.\"" + relation + "\"" + (column == null ? "" : ".\"" + column + "\"");
        jdbc.execute("COMMENT ON " + kind + " " + target + " IS " + literal(text));
        have.put(k, text);
        return 1;
    }

    private boolean exists(String relation) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
                "warehouse.\"" + relation + "\""));
    }

    /** Every comment in schema warehouse: "relation" and "relation.column" to text. */
    private Map<String, String> existing() {
        Map<String, String> out = new HashMap<>();
        jdbc.query("""
                SELECT c.relname, a.attname, d.description
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
                WHERE n.nspname = 'warehouse'""", rs -> {
            out.put(key(rs.getString(1), rs.getString(2)), rs.getString(3));
        });
        return out;
    }

    /** Every column in schema warehouse, as "relation.column". */
    private Set<String> columns() {
        Set<String> out = new HashSet<>();
        jdbc.query("""
                SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'warehouse' AND a.attnum > 0 AND NOT a.attisdropped""", rs -> {
            out.add(key(rs.getString(1), rs.getString(2)));
        });
        return out;
    }

    private static String key(String relation, String column) {
        return column == null ? relation : relation + "." + column;
    }

    /** PostgreSQL's quote_literal for standard-conforming strings (the default since 9.1). */
    static String literal(String s) {
        return "'" + s.replace("\0", "").replace("'", "''") + "'";
    }
}
