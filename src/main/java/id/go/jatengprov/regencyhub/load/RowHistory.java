package id.go.jatengprov.regencyhub.load;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;

/**
 * The rows a load overwrites, kept twice and for two reasons, by one statement trigger per warehouse table
 * ({@code keep_old_rows}, function {@code history.<id>()}), fed by PostgreSQL's transition tables: the versions the
 * statement really replaced and what replaced them, with no second look at the table (PostgreSQL 17 has no
 * {@code RETURNING old.*}). The loader says per transaction what it wants (settings {@value #UNDO_SETTING} and
 * {@value #REVISIONS_SETTING}); without them the trigger does nothing.
 * <ul>
 *   <li>{@code undo.<id>}: every row a batch overwrote while its reject ratio was not yet known (see
 *       {@link EarlyLoads}), as it was, so that a batch over the ratio can be undone to the last detail
 *       ({@code _batch}, {@code _row}, {@code _loaded_at} included);</li>
 *   <li>{@code history.<id>}: one row per warehouse row whose values a newer batch changed, before and after; analysts
 *       read it as the view {@code warehouse.<id>_revisions}, one row per changed field. A reload of the same figures
 *       writes nothing there: only a value that differs counts.</li>
 * </ul>
 * One row per changed row, not per changed field, because that is what it costs: an all-updates reload of a million
 * rows that changes four fields each wrote four million rows in a table of text values, which doubled the load's
 * time; a million typed rows add a third (bench/README.md).
 */
public final class RowHistory {

    /** Set to a batch id: the trigger keeps the rows it overwrites in {@code undo.<id>}. */
    public static final String UNDO_SETTING = "hub.undo_batch";
    /** {@code on}: rows whose values changed go to {@code history.<id>}; {@code replace}: see {@link #functionBody}. */
    public static final String REVISIONS_SETTING = "hub.revisions";
    public static final String TRIGGER = "keep_old_rows";

    private RowHistory() {}

    static String undoTable(String id) {
        return "undo.\"" + id + "\"";
    }

    static String historyTable(String id) {
        return "history.\"" + id + "\"";
    }

    /** The undo table: a batch and a row as it was before that batch overwrote it. */
    static String createUndo(String id) {
        return "CREATE TABLE IF NOT EXISTS " + undoTable(id) + " (batch_id bigint NOT NULL, old warehouse.\"" + id + "\" NOT NULL)";
    }

    /**
     * The history table and its two BRIN indexes (tiny, and cheap to keep: rows come in batch and time order): one to
     * find a batch's rows when it is withdrawn, one for "what changed since".
     */
    static List<String> createHistory(String id) {
        return List.of("CREATE TABLE " + historyTable(id) + " (\n"
                        + "  _old_batch bigint,\n"
                        + "  _new_batch bigint NOT NULL,\n"
                        + "  _changed_at timestamptz NOT NULL DEFAULT now(),\n"
                        + "  _old warehouse.\"" + id + "\" NOT NULL,\n"
                        + "  _new warehouse.\"" + id + "\" NOT NULL)",
                "CREATE INDEX ON " + historyTable(id) + " USING brin (_new_batch)",
                "CREATE INDEX ON " + historyTable(id) + " USING brin (_changed_at)");
    }

    static String createFunction(String id, List<String> columns, List<String> key) {
        return "CREATE OR REPLACE FUNCTION " + historyTable(id) + "() RETURNS trigger LANGUAGE plpgsql AS $hub$"
                + functionBody(id, columns, key) + "$hub$";
    }

    static String createTrigger(String id) {
        return "CREATE TRIGGER " + TRIGGER + " AFTER UPDATE ON warehouse.\"" + id + "\" REFERENCING OLD TABLE AS old_rows"
                + " NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION " + historyTable(id) + "()";
    }

    /**
     * The trigger function's body for a table with these columns (all of them, in any order; the lineage columns
     * included) and this key. With {@value #REVISIONS_SETTING} {@code replace} it handles the one update in which a
     * batch overwrites its own row: a key repeated in a file, whose later row loaded first (chunks load in parallel)
     * and is now replaced by the earlier one. The revision the later row left is corrected to what the earlier row
     * changed; where the later row had changed nothing, the batch before it is not known any more ({@code _old_batch}
     * null).
     */
    static String functionBody(String id, List<String> columns, List<String> key) {
        String type = "warehouse.\"" + id + "\"";
        List<String> values = columns.stream().filter(c -> !key.contains(c) && !WarehouseComments.LINEAGE.containsKey(c)).sorted()
                .toList();
        String keyMatch = key.stream().map(k -> "o.\"" + k + "\" = n.\"" + k + "\"").collect(Collectors.joining(" AND "));
        String changed = values.isEmpty() ? "false" : "(" + list("o", values) + ") IS DISTINCT FROM (" + list("n", values) + ")";
        String sameKey = key.stream().map(k -> "(h._new).\"" + k + "\" = (s.n).\"" + k + "\"").collect(Collectors.joining(" AND "));
        String goneKey = key.stream().map(k -> "(g._old).\"" + k + "\" = (s.n).\"" + k + "\"").collect(Collectors.joining(" AND "));
        String replacedChanged = values.isEmpty() ? "false" : "(" + values.stream().map(v -> "(coalesce(g._old, s.o)).\"" + v + "\"")
                .collect(Collectors.joining(", ")) + ") IS DISTINCT FROM (" + values.stream().map(v -> "(s.n).\"" + v + "\"")
                .collect(Collectors.joining(", ")) + ")";
        return """

                -- Generated by the hub (load/RowHistory) for warehouse."%1$s"; replaced when its columns change.
                DECLARE
                  undo_batch bigint := nullif(current_setting('%2$s', true), '')::bigint;
                  revisions text := coalesce(current_setting('%3$s', true), '');
                BEGIN
                  IF undo_batch IS NOT NULL THEN
                    INSERT INTO undo."%1$s" (batch_id, old)
                    SELECT undo_batch, ROW(o.*)::%4$s FROM old_rows o WHERE o._batch <> undo_batch;
                  END IF;
                  IF revisions = 'on' THEN
                    INSERT INTO history."%1$s" (_old_batch, _new_batch, _old, _new)
                    SELECT o._batch, n._batch, ROW(o.*)::%4$s, ROW(n.*)::%4$s
                    FROM old_rows o JOIN new_rows n ON %5$s
                    WHERE o._batch <> n._batch AND %6$s;
                  ELSIF revisions = 'replace' THEN
                    WITH s AS (
                      SELECT ROW(o.*)::%4$s AS o, ROW(n.*)::%4$s AS n FROM old_rows o JOIN new_rows n ON %5$s),
                    g AS (
                      DELETE FROM history."%1$s" h USING s WHERE h._new_batch = (s.n)._batch AND %7$s
                      RETURNING h._old_batch, h._old)
                    INSERT INTO history."%1$s" (_old_batch, _new_batch, _old, _new)
                    SELECT g._old_batch, (s.n)._batch, coalesce(g._old, s.o), s.n FROM s LEFT JOIN g ON %8$s
                    WHERE %9$s;
                  END IF;
                  RETURN NULL;
                END
                """.formatted(id, UNDO_SETTING, REVISIONS_SETTING, type, keyMatch, changed, sameKey, goneKey, replacedChanged);
    }

    private static String list(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + ".\"" + c + "\"").collect(Collectors.joining(", "));
    }

    /**
     * The analysts' view {@code warehouse.<id>_revisions}: one row per value a delivery changed, with the key, the
     * field, the value before and after (as text), both batches and when.
     */
    public static DatasetViews.View view(DatasetDef d) {
        List<DatasetViews.Column> cols = new ArrayList<>();
        for (String k : d.key()) {
            FieldDef f = d.field(k).orElseThrow();
            cols.add(new DatasetViews.Column(k, "(h._new).\"" + k + "\"", "Key: " + WarehouseComments.fieldComment(f)));
        }
        cols.add(new DatasetViews.Column("field", "f.field", "The field whose value changed (a column of warehouse." + d.id() + ")"));
        cols.add(new DatasetViews.Column("old_value", "f.old_value", "Its value before, as text (numbers with a decimal point,"
                + " dates as YYYY-MM-DD); empty (null) when it had none"));
        cols.add(new DatasetViews.Column("new_value", "f.new_value", "Its value after, as text; null when the delivery left it empty"));
        cols.add(new DatasetViews.Column("old_batch", "h._old_batch", "The batch that had written the old value (warehouse.batch);"
                + " null in one case: a key repeated in one file, whose later row loaded first and changed nothing"));
        cols.add(new DatasetViews.Column("new_batch", "h._new_batch", "The batch that wrote the new value (warehouse.batch)"));
        cols.add(new DatasetViews.Column("changed_at", "h._changed_at", "When the new value was written"));
        List<String> values = d.valueFieldNames();
        String from = historyTable(d.id()) + " h\nCROSS JOIN LATERAL (VALUES "
                + (values.isEmpty() ? "(NULL::text, NULL::text, NULL::text)" : values.stream()
                        .map(v -> "('" + v + "', (h._old).\"" + v + "\"::text, (h._new).\"" + v + "\"::text)")
                        .collect(Collectors.joining(",\n  ")))
                + ") AS f(field, old_value, new_value)\nWHERE f.old_value IS DISTINCT FROM f.new_value";
        return new DatasetViews.View(d.id() + "_revisions", d.title() + ": every value a delivery changed in warehouse." + d.id()
                + ", one row per changed field: the key, the field, the value before and after, both batches and when (a"
                + " delivery of the same figures changes nothing here). Join warehouse." + d.id() + "_v on "
                + String.join(", ", d.key()) + " for labels. Read-only.", cols, from);
    }
}
