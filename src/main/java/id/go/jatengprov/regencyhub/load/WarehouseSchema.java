package id.go.jatengprov.regencyhub.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import id.go.jatengprov.regencyhub.config.ConfigProblem;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.HubConfig;

/**
 * Makes {@code warehouse.<dataset>} match the dataset definitions: creates missing tables, adds
 * columns for new fields, and refuses (listing every case) a change that would damage data: a field
 * whose type changed, or a changed natural key. Columns of removed fields are kept, never dropped. Each table gets
 * what keeps the rows a load overwrites ({@link RowHistory}). Then the views ({@link DatasetViews}) and the comments
 * ({@link WarehouseComments}) follow the datasets' definitions and metadata.
 */
public class WarehouseSchema {

    private static final Logger log = LoggerFactory.getLogger(WarehouseSchema.class);

    /** The warehouse does not match the datasets in a way the hub must not repair by itself. */
    public static class IncompatibleSchemaException extends RuntimeException {
        private final transient List<ConfigProblem> problems;

        public IncompatibleSchemaException(List<ConfigProblem> problems) {
            super("The datasets no longer match the warehouse tables:\n" + problems.stream().map(p -> "  " + p)
                    .collect(Collectors.joining("\n")));
            this.problems = problems;
        }

        public List<ConfigProblem> problems() { return problems; }
    }

    private final JdbcTemplate jdbc;

    public WarehouseSchema(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What making the warehouse match the datasets would do, read only: the changes it would make (tables to
     * create, columns to add, table comments to refresh from a dataset's title) and the ones it must refuse.
     * {@code check --against-db} shows this before a change is deployed.
     */
    public record Plan(List<ConfigProblem> refused, List<String> changes, List<Runnable> steps) {}

    public Plan plan(HubConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> described = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        for (DatasetDef d : config.datasets().values()) {
            Map<String, String> existing = columns(d.id());
            if (existing.isEmpty()) {
                described.add("create table warehouse." + d.id() + " (key " + d.key() + ")");
                changes.add(() -> create(d));
                continue;
            }
            List<String> columns = new ArrayList<>(existing.keySet());
            for (FieldDef f : d.fields()) {
                String have = existing.get(f.name());
                if (have == null) {
                    described.add("add column warehouse." + d.id() + "." + f.name() + " (" + f.type().sqlType() + ")");
                    changes.add(() -> addColumn(d, f));
                    columns.add(f.name());
                } else if (!have.equals(f.type().sqlType())) {
                    problems.add(new ConfigProblem(d.file(), f.line(), "field '" + f.name() + "' is now "
                            + f.type().configName() + " (" + f.type().sqlType() + ") but warehouse." + d.id()
                            + " stores it as " + have + "; changing a type would damage loaded data: restore the old type, or"
                            + " add a new field and migrate the column by hand"));
                }
            }
            List<String> key = keyColumns(d.id());
            if (!key.equals(d.key())) {
                problems.add(new ConfigProblem(d.file(), 0, "key is now " + d.key() + " but warehouse." + d.id()
                        + " was built with key " + key + "; a new key changes which rows are the same: restore the key,"
                        + " or define a new dataset"));
            }
            keepOldRows(d, columns, described, changes);
            // The table's comment is its title and metadata (WarehouseComments); a reload says when it changes.
            String comment = tableComment(d.id());
            String wanted = WarehouseComments.tableComment(d);
            if (!wanted.equals(comment)) {
                String oldTitle = comment == null ? null : comment.split("\n\n", 2)[0];
                described.add(d.title().equals(oldTitle)
                        ? "comment on table warehouse." + d.id() + ": metadata refreshed"
                        : "comment on table warehouse." + d.id() + ": " + (oldTitle == null ? "none" : "'" + oldTitle + "'")
                                + " → '" + d.title() + "'");
                changes.add(() -> jdbc.execute("COMMENT ON TABLE warehouse.\"" + d.id() + "\" IS " + WarehouseComments.literal(wanted)));
            }
        }
        return new Plan(List.copyOf(problems), List.copyOf(described), List.copyOf(changes));
    }

    /**
     * Makes the warehouse match the datasets, or changes nothing and throws when a change must be refused.
     *
     * @return what it changed, one sentence each
     */
    public List<String> apply(HubConfig config) {
        Plan plan = plan(config);
        if (!plan.refused().isEmpty()) {
            throw new IncompatibleSchemaException(plan.refused());
        }
        return execute(plan, config);
    }

    /**
     * Runs a plan {@link #plan} made for {@code config} (tables, columns, table comments), then brings the views
     * ({@link DatasetViews}) and every comment ({@link WarehouseComments}) in line.
     *
     * @return what the plan changed, one sentence each
     */
    public List<String> execute(Plan plan, HubConfig config) {
        plan.steps().forEach(Runnable::run);
        new DatasetViews(jdbc).apply(config);
        new WarehouseComments(jdbc).apply(config);
        return plan.changes();
    }

    /**
     * What keeps the rows a load overwrites (RowHistory): the undo table, the history table when the dataset keeps its
     * revisions, the trigger and its function, which lists the table's columns ({@code columns}: as they will be) and
     * so is replaced when a column is added. Revisions turned off keep the history table (what it holds stays readable).
     */
    private void keepOldRows(DatasetDef d, List<String> columns, List<String> described, List<Runnable> changes) {
        String id = d.id();
        if (!exists(RowHistory.undoTable(id))) {
            described.add("create table undo." + id + " (the rows a batch overwrites before its reject ratio is known)");
            changes.add(() -> jdbc.execute(RowHistory.createUndo(id)));
        }
        if (d.revisions() && !exists(RowHistory.historyTable(id))) {
            described.add("create table history." + id + " and view warehouse." + id + "_revisions (the values deliveries change)");
            changes.add(() -> RowHistory.createHistory(id).forEach(jdbc::execute));
        }
        String function = RowHistory.createFunction(id, columns, d.key());
        boolean trigger = triggerExists(id);
        if (!function.endsWith("$hub$" + functionSource(id) + "$hub$") || !trigger) {
            if (!trigger) described.add("create trigger " + RowHistory.TRIGGER + " on warehouse." + id + " (keeps overwritten rows)");
            changes.add(() -> {
                jdbc.execute(function);
                if (!trigger) jdbc.execute(RowHistory.createTrigger(id));
            });
        }
    }

    private boolean exists(String relation) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, relation));
    }

    private String functionSource(String id) {
        List<String> src = jdbc.queryForList("""
                SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'history' AND p.proname = ? AND p.pronargs = 0""", String.class, id);
        return src.isEmpty() ? null : src.get(0);
    }

    private boolean triggerExists(String id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ?)""", Boolean.class,
                "warehouse.\"" + id + "\"", RowHistory.TRIGGER));
    }

    private String tableComment(String table) {
        return jdbc.queryForObject("SELECT obj_description(to_regclass(?), 'pg_class')", String.class,
                "warehouse.\"" + table + "\"");
    }

    private Map<String, String> columns(String table) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.query("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'warehouse' AND table_name = ? ORDER BY ordinal_position""",
                rs -> { out.put(rs.getString(1), rs.getString(2)); }, table);
        return out;
    }

    private List<String> keyColumns(String table) {
        return jdbc.queryForList("""
                SELECT a.attname FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) ON true
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                WHERE n.nspname = 'warehouse' AND t.relname = ? AND c.conname = ? ORDER BY k.ord""",
                String.class, table, table + "_key");
    }

    private void create(DatasetDef d) {
        StringBuilder sql = new StringBuilder("CREATE TABLE warehouse.\"" + d.id() + "\" (\n");
        for (FieldDef f : d.fields()) {
            sql.append("  \"").append(f.name()).append("\" ").append(f.type().sqlType())
                    .append(d.isRequired(f) ? " NOT NULL" : "").append(",\n");
        }
        sql.append("  _source text NOT NULL,\n  _batch bigint NOT NULL,\n  _row bigint NOT NULL,\n")
                .append("  _loaded_at timestamptz NOT NULL DEFAULT now(),\n")
                .append("  CONSTRAINT \"").append(d.id()).append("_key\" UNIQUE (")
                .append(d.key().stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "))).append("))");
        // The natural key is the only index. An index on _batch would have to change with every row a new batch
        // rewrites, and so took a fifth of a re-load's time; without it, such a rewrite can stay on its page (a
        // HOT update) and touch no index at all.
        jdbc.execute(sql.toString());
        List<String> columns = new ArrayList<>(d.fieldNames());
        columns.addAll(WarehouseComments.LINEAGE.keySet());
        // Left by a table dropped by hand (DROP TABLE ... CASCADE took their row columns): nothing in them is usable.
        jdbc.execute("DROP TABLE IF EXISTS " + RowHistory.undoTable(d.id()) + ", " + RowHistory.historyTable(d.id()));
        jdbc.execute(RowHistory.createUndo(d.id()));
        if (d.revisions()) RowHistory.createHistory(d.id()).forEach(jdbc::execute);
        jdbc.execute(RowHistory.createFunction(d.id(), columns, d.key()));
        jdbc.execute(RowHistory.createTrigger(d.id()));
        // A new table (also one dropped and made again) is published whole: its rows are all new to the portal
        jdbc.update("UPDATE hub.publish_state SET run_all_rows = true WHERE dataset_id = ?", d.id());
        log.info("Created table warehouse.{} (key {})", d.id(), d.key());
    }

    private void addColumn(DatasetDef d, FieldDef f) {
        // New fields are nullable: rows loaded before the field existed have no value for it.
        jdbc.execute("ALTER TABLE warehouse.\"" + d.id() + "\" ADD COLUMN \"" + f.name() + "\" " + f.type().sqlType());
        log.info("Added column warehouse.{}.{} ({})", d.id(), f.name(), f.type().sqlType());
    }

}
