package id.go.jatengprov.regencyhub.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.config.Grain;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.reference.RegionLevel;
import id.go.jatengprov.regencyhub.support.Sha256;

/**
 * The read-only views analysts start from, in schema warehouse:
 * <ul>
 *   <li>{@code <id>_v} per dataset: every row of {@code warehouse.<id>} with its region's display name ("Kota
 *       Semarang" and "Kabupaten Semarang" apart), level and BPS code, the parent regency (and district) of a district
 *       or village, the period as a label ("2024", "Maret 2024", "Triwulan I 2024") and as a date range, and each
 *       code's label; the lineage columns last;</li>
 *   <li>{@code <id>_revisions} per dataset that keeps its revisions: every value a delivery changed
 *       ({@link RowHistory#view}); it joins {@code <id>_v} by key;</li>
 *   <li>{@code batch}: hub.batch without paths or messages, so that {@code _batch} means something;</li>
 *   <li>{@code source}: the configured sources ({@code hub.source_info}), so that {@code _source} does.</li>
 * </ul>
 * A view is replaced only when its definition changed (its hash is kept in {@code hub.warehouse_view}): replacing
 * takes a lock that an analyst's running query would hold up, so it waits at most a few seconds and otherwise
 * leaves the old view for the next start or reload.
 */
public class DatasetViews {

    private static final Logger log = LoggerFactory.getLogger(DatasetViews.class);
    static final String LOCK_TIMEOUT = "5s";

    /** A column of a view: its name, its SQL, and its comment. */
    public record Column(String name, String sql, String comment) {}

    /** A view: its name in schema warehouse, what it is, its columns and what they are selected from. */
    public record View(String name, String comment, List<Column> columns, String from) {
        String sql() {
            return "CREATE OR REPLACE VIEW warehouse.\"" + name + "\" AS SELECT\n  "
                    + columns.stream().map(c -> c.sql() + " AS \"" + c.name() + "\"").collect(Collectors.joining(",\n  "))
                    + "\nFROM " + from;
        }
    }

    private static final String[] MONTHS = {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
            "September", "Oktober", "November", "Desember"};

    private final JdbcTemplate jdbc;

    public DatasetViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The views for these datasets and the two lineage views; views of datasets not given are left alone. */
    public List<View> views(HubConfig config) {
        List<View> out = new ArrayList<>();
        for (DatasetDef d : config.datasets().values()) {
            out.add(of(d));
            if (d.revisions()) out.add(RowHistory.view(d));
        }
        out.add(batch());
        out.add(source());
        return out;
    }

    /** Creates or replaces the views whose definition changed; a view that cannot be replaced now is logged. */
    public void apply(HubConfig config) {
        Map<String, String> known = new LinkedHashMap<>();
        jdbc.query("SELECT name, definition_sha256 FROM hub.warehouse_view", rs -> {
            known.put(rs.getString(1), rs.getString(2));
        });
        Set<String> existing = new HashSet<>(jdbc.queryForList("""
                SELECT table_name FROM information_schema.views WHERE table_schema = 'warehouse'""", String.class));
        boolean analyst = Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'analyst')", Boolean.class));
        for (View v : views(config)) {
            String sql = v.sql();
            String hash = Sha256.of(sql);
            if (hash.equals(known.get(v.name())) && existing.contains(v.name())) continue;
            jdbc.execute((ConnectionCallback<Void>) c -> {
                replace(c, v, sql, hash, analyst);
                return null;
            });
        }
    }

    private static void replace(Connection c, View v, String sql, String hash, boolean analyst) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            Savepoint before = c.setSavepoint();
            try {
                st.execute(sql);
            } catch (SQLException columnsChanged) {
                // CREATE OR REPLACE keeps the columns it had; a field added or a label column changes them
                c.rollback(before);
                st.execute("DROP VIEW IF EXISTS warehouse.\"" + v.name() + "\"");
                st.execute(sql);
            }
            if (analyst) st.execute("GRANT SELECT ON warehouse.\"" + v.name() + "\" TO analyst");
            try (var ps = c.prepareStatement("""
                    INSERT INTO hub.warehouse_view (name, definition_sha256) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET definition_sha256 = EXCLUDED.definition_sha256, updated_at = now()""")) {
                ps.setString(1, v.name());
                ps.setString(2, hash);
                ps.executeUpdate();
            }
            c.commit();
            log.info("View warehouse.{} is up to date with its definition", v.name());
        } catch (SQLException e) {
            c.rollback();
            // 55P03: lock_timeout (an analyst's query holds the view); 2BP01: another object depends on it
            log.warn("View warehouse.{} not replaced ({}: {}); it stays as it was until the next start or reload{}", v.name(),
                    e.getSQLState(), e.getMessage(), "2BP01".equals(e.getSQLState())
                            ? ": drop the objects that depend on it (DROP VIEW ... CASCADE shows them)" : "");
        } finally {
            c.setAutoCommit(auto);
        }
    }

    // ------------------------------------------------------------------ the dataset's view

    /** The view {@code <id>_v} of a dataset. */
    public static View of(DatasetDef d) {
        List<Column> cols = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        Set<String> taken = new HashSet<>(d.fieldNames());
        taken.addAll(WarehouseComments.LINEAGE.keySet());
        int n = 0;
        for (FieldDef f : d.fields()) {
            String col = "t.\"" + f.name() + "\"";
            cols.add(new Column(f.name(), col, WarehouseComments.fieldComment(f)));
            if (f.type() == FieldType.REGION) {
                String r = "r" + n++;
                joins.add("LEFT JOIN warehouse.region " + r + " ON " + r + ".code = " + col);
                add(cols, taken, f.name() + "_name", r + ".type || ' ' || " + r + ".name",
                        "Name of " + f.name() + " with its type, as people write it: \"Kota Semarang\", \"Kabupaten Semarang\","
                                + " \"Kecamatan Tugu\"");
                add(cols, taken, f.name() + "_level", r + ".level", "Administrative level of " + f.name()
                        + ": province, regency, district or village");
                add(cols, taken, f.name() + "_code_bps", r + ".code_bps", "BPS code of " + f.name()
                        + " (for regencies the Kemendagri code without the dot; for districts a different 7-digit code;"
                        + " none for villages)");
                String prefix = f.name().equals("region") ? "" : f.name() + "_";
                if (f.level() == RegionLevel.DISTRICT || f.level() == RegionLevel.VILLAGE) {
                    String p = "r" + n++;
                    joins.add("LEFT JOIN warehouse.region " + p + " ON " + p + ".code = left(" + col + ", 5)");
                    parent(cols, taken, prefix + "regency", p, "regency (kabupaten/kota)");
                }
                if (f.level() == RegionLevel.VILLAGE) {
                    String p = "r" + n++;
                    joins.add("LEFT JOIN warehouse.region " + p + " ON " + p + ".code = left(" + col + ", 8)");
                    parent(cols, taken, prefix + "district", p, "district (kecamatan)");
                }
            } else if (f.type() == FieldType.PERIOD) {
                add(cols, taken, f.name() + "_label", periodLabel(col, f.grain()), "The " + f.grain().configName()
                        + " as people write it: " + example(f.grain()));
                add(cols, taken, f.name() + "_start", col, "First day of the " + f.grain().configName() + " (= " + f.name() + ")");
                add(cols, taken, f.name() + "_end", periodEnd(col, f.grain()), "Last day of the " + f.grain().configName());
            } else if (f.type() == FieldType.CODE && !f.labels().isEmpty()) {
                StringBuilder sql = new StringBuilder("CASE " + col);
                f.labels().forEach((code, label) -> sql.append(" WHEN ").append(WarehouseComments.literal(code))
                        .append(" THEN ").append(WarehouseComments.literal(label)));
                sql.append(" END");
                add(cols, taken, f.name() + "_label", sql.toString(), "What the code in " + f.name() + " means, e.g. "
                        + f.labels().entrySet().iterator().next().getValue());
            }
        }
        WarehouseComments.LINEAGE.forEach((name, comment) -> cols.add(new Column(name, "t." + name, comment)));
        return new View(d.id() + "_v", d.title() + ": every row of warehouse." + d.id() + ", readable: region names, levels"
                + " and parents, period labels and date ranges, code labels. Read-only.", cols,
                "warehouse.\"" + d.id() + "\" t" + (joins.isEmpty() ? "" : "\n" + String.join("\n", joins)));
    }

    private static void parent(List<Column> cols, Set<String> taken, String name, String alias, String what) {
        add(cols, taken, name, alias + ".code", "Kemendagri code of the " + what + " the row lies in");
        add(cols, taken, name + "_name", alias + ".type || ' ' || " + alias + ".name", "Name of the " + what
                + " the row lies in, e.g. \"Kota Semarang\"");
        add(cols, taken, name + "_code_bps", alias + ".code_bps", "BPS code of the " + what + " the row lies in");
    }

    /** A derived column, unless a field already has its name (then the field wins and the view goes without it). */
    private static void add(List<Column> cols, Set<String> taken, String name, String sql, String comment) {
        if (!taken.add(name)) {
            log.warn("View column {} is left out: a field has that name", name);
            return;
        }
        cols.add(new Column(name, sql, comment));
    }

    /** SQL giving the period in {@code col} as people write it: "2024", "Triwulan I 2024", "Maret 2024", "17 Maret 2024". */
    public static String periodLabel(String col, Grain grain) {
        String year = "to_char(" + col + ", 'YYYY')";
        String month = "(ARRAY[" + java.util.Arrays.stream(MONTHS).map(m -> "'" + m + "'").collect(Collectors.joining(","))
                + "])[extract(month FROM " + col + ")::int]";
        return switch (grain) {
            case YEAR -> year;
            case QUARTER -> "'Triwulan ' || (ARRAY['I','II','III','IV'])[extract(quarter FROM " + col + ")::int] || ' ' || " + year;
            case MONTH -> month + " || ' ' || " + year;
            case DAY -> "extract(day FROM " + col + ")::int || ' ' || " + month + " || ' ' || " + year;
        };
    }

    /** SQL giving the last day of the period that starts at {@code col}. */
    public static String periodEnd(String col, Grain grain) {
        return switch (grain) {
            case YEAR -> "(" + col + " + interval '1 year' - interval '1 day')::date";
            case QUARTER -> "(" + col + " + interval '3 months' - interval '1 day')::date";
            case MONTH -> "(" + col + " + interval '1 month' - interval '1 day')::date";
            case DAY -> col;
        };
    }

    private static String example(Grain grain) {
        return switch (grain) {
            case YEAR -> "\"2024\"";
            case QUARTER -> "\"Triwulan I 2024\"";
            case MONTH -> "\"Maret 2024\"";
            case DAY -> "\"17 Agustus 2024\"";
        };
    }

    // ------------------------------------------------------------------ lineage

    /** hub.batch for analysts: what each batch was and what became of it; no landing path, no message. */
    static View batch() {
        List<Column> c = List.of(
                new Column("batch", "b.id", "The batch: the value of _batch in the dataset tables"),
                new Column("source", "b.source_id", "The source that sent it (warehouse.source)"),
                new Column("dataset", "b.dataset_id", "The dataset it feeds (warehouse.<dataset>)"),
                new Column("origin", "b.origin", "How it came: drop, upload, poll or route"),
                new Column("file_name", "b.file_name", "The file's name as the sender gave it"),
                new Column("sha256", "b.content_hash", "SHA-256 of the bytes received: the same file twice is one batch"),
                new Column("bytes", "b.bytes", "Size of what was received"),
                new Column("status", "b.status", "RECEIVED, QUEUED, LOADED, LOADED_WITH_REJECTS, FAILED or DUPLICATE"),
                new Column("duplicate_of", "b.duplicate_of", "For a DUPLICATE: the batch that had the same bytes"),
                new Column("rows_read", "b.rows_read", "Records read from the file"),
                new Column("rows_loaded", "b.rows_loaded", "Rows written to the warehouse (new or changed)"),
                new Column("rows_rejected", "b.rows_rejected + b.rows_rejected_load", "Records refused (see the batch's rejects"
                        + " in the hub's API)"),
                new Column("received_at", "b.received_at", "When the hub received it"),
                new Column("queued_at", "b.queued_at", "When its rows were on the load queue"),
                new Column("finished_at", "b.finished_at", "When it reached its final status"));
        return new View("batch", "Every batch the hub received (hub.batch without paths or messages): join a dataset's"
                + " _batch to batch to see where and when its rows came from. Read-only.", c, "hub.batch b");
    }

    /** The configured sources, from hub.source_info: what each is and whom it belongs to; no addresses, no secrets. */
    static View source() {
        List<Column> c = List.of(
                new Column("source", "s.source_id", "The source: the value of _source in the dataset tables"),
                new Column("title", "s.title", "What the source is"),
                new Column("description", "s.description", "More about it"),
                new Column("regency", "s.regency", "Kemendagri code of the regency that owns it (33: the province)"),
                new Column("regency_name", "r.type || ' ' || r.name", "Name of the owning regency, e.g. \"Kota Semarang\""),
                new Column("dataset", "s.dataset_id", "The dataset it feeds"),
                new Column("kind", "s.kind", "drop (files pushed or uploaded), http or ckan (polled)"),
                new Column("schedule", "s.schedule", "For polled sources: when (Quartz cron)"),
                new Column("format", "s.format", "csv, xlsx or json"),
                new Column("in_config", "s.in_config", "False for a source since removed from the configuration"),
                new Column("updated_at", "s.updated_at", "When this description last changed"));
        return new View("source", "The hub's sources (config/sources), kept in step with the configuration: join a dataset's"
                + " _source to source. Read-only.", c, "hub.source_info s LEFT JOIN warehouse.region r ON r.code = s.regency");
    }
}
