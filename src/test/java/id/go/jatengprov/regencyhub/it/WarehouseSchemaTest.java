package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.config.Grain;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.load.WarehouseSchema;
import id.go.jatengprov.regencyhub.reference.RegionLevel;

/** Datasets become typed, keyed warehouse tables; new fields add columns; damaging changes are refused. */
class WarehouseSchemaTest extends HubTestSupport {

    static FieldDef region = new FieldDef("region", FieldType.REGION, RegionLevel.REGENCY, null, List.of(), null, null, null, false, 3);
    static FieldDef period = new FieldDef("period", FieldType.PERIOD, null, Grain.YEAR, List.of(), null, null, null, false, 4);
    static FieldDef total = new FieldDef("total", FieldType.INTEGER, null, null, List.of(), "jiwa", null, null, true, 5);

    @AfterEach
    void drop() {
        jdbc.execute("DROP VIEW IF EXISTS warehouse.schema_test_v, warehouse.schema_test_revisions");
        jdbc.execute("DELETE FROM hub.warehouse_view WHERE name IN ('schema_test_v', 'schema_test_revisions')");
        jdbc.execute("DROP TABLE IF EXISTS history.schema_test, undo.schema_test");
        jdbc.execute("DROP TABLE IF EXISTS warehouse.schema_test");
        jdbc.execute("DROP FUNCTION IF EXISTS history.schema_test()");
    }

    HubConfig config(DatasetDef d) {
        return new HubConfig(Map.of(d.id(), d), Map.of(), null);
    }

    @Test
    void aDatasetBecomesATableAndANewFieldANewColumn() {
        WarehouseSchema schema = new WarehouseSchema(jdbc);
        schema.apply(config(new DatasetDef("schema_test", "Test", List.of(region, period, total), List.of("region", "period"), "config/datasets/schema_test.yaml")));
        assertThat(jdbc.queryForList("""
                SELECT column_name || ':' || data_type || ':' || is_nullable FROM information_schema.columns
                WHERE table_schema = 'warehouse' AND table_name = 'schema_test' ORDER BY ordinal_position""", String.class))
                .containsExactly("region:text:NO", "period:date:NO", "total:bigint:NO", "_source:text:NO", "_batch:bigint:NO",
                        "_row:bigint:NO", "_loaded_at:timestamp with time zone:NO");
        assertThat(jdbc.queryForObject("SELECT col_description('warehouse.schema_test'::regclass, 3)", String.class))
                .isEqualTo("total. Unit (satuan): jiwa. integer.");
        assertThat(jdbc.queryForObject("SELECT obj_description('warehouse.schema_test'::regclass, 'pg_class')", String.class))
                .isEqualTo("Test\n\nOne row per region + period; readable view: warehouse.schema_test_v.");
        assertThat(jdbc.queryForObject("SELECT col_description('warehouse.schema_test'::regclass, 5)", String.class))
                .as("_batch").startsWith("Lineage: the batch that last wrote this row");
        assertThat(jdbc.queryForList("SELECT region_name FROM warehouse.schema_test_v", String.class)).isEmpty();

        FieldDef note = new FieldDef("note", FieldType.TEXT, null, null, List.of(), null, null, null, false, 6);
        schema.apply(config(new DatasetDef("schema_test", "Test", List.of(region, period, total, note), List.of("region", "period"), "x")));
        assertThat(jdbc.queryForObject("""
                SELECT data_type FROM information_schema.columns
                WHERE table_schema = 'warehouse' AND table_name = 'schema_test' AND column_name = 'note'""", String.class))
                .isEqualTo("text");
    }

    @Test
    void aTypeOrKeyChangeIsRefusedAndTheTableIsLeftAlone() {
        WarehouseSchema schema = new WarehouseSchema(jdbc);
        schema.apply(config(new DatasetDef("schema_test", "Test", List.of(region, period, total), List.of("region", "period"), "config/datasets/schema_test.yaml")));
        FieldDef decimalTotal = new FieldDef("total", FieldType.DECIMAL, null, null, List.of(), null, null, null, true, 5);
        FieldDef extra = new FieldDef("extra", FieldType.TEXT, null, null, List.of(), null, null, null, false, 6);

        assertThatThrownBy(() -> schema.apply(config(new DatasetDef("schema_test", "Test", List.of(region, period, decimalTotal, extra),
                List.of("region"), "config/datasets/schema_test.yaml"))))
                .isInstanceOf(WarehouseSchema.IncompatibleSchemaException.class)
                .hasMessageContaining("config/datasets/schema_test.yaml:5: field 'total' is now decimal (numeric) but warehouse.schema_test stores it as bigint")
                .hasMessageContaining("key is now [region] but warehouse.schema_test was built with key [region, period]");
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM information_schema.columns
                WHERE table_schema = 'warehouse' AND table_name = 'schema_test' AND column_name = 'extra'""", Long.class))
                .as("nothing was changed").isZero();
    }

    /**
     * Replacing a view waits for the lock at most a few seconds: an analyst's open transaction on the view does not
     * hold up a start or a reload; the view follows at the next one. (Adding a column to the table itself still waits
     * for the analyst's transaction: ALTER TABLE needs the table to itself.)
     */
    @Test
    void anAnalystsOpenQueryOnAViewDoesNotHoldUpAChangeOfItsDefinition() throws Exception {
        WarehouseSchema schema = new WarehouseSchema(jdbc);
        schema.apply(config(withSexLabels("Laki-laki", "Perempuan")));
        HubConfig relabelled = config(withSexLabels("Pria", "Wanita"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", ANALYST_PASSWORD)) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.executeQuery("SELECT count(*) FROM warehouse.schema_test_v").close(); // holds the view until commit
            }
            long started = System.nanoTime();
            schema.apply(relabelled);
            assertThat((System.nanoTime() - started) / 1_000_000).as("waited at most the lock timeout").isLessThan(15_000);
            assertThat(jdbc.queryForObject("SELECT col_description('warehouse.schema_test'::regclass, 3)", String.class))
                    .as("the table's comments follow at once").isEqualTo("Jenis kelamin. Codes: L = Pria; P = Wanita.");
            c.commit();
        }
        jdbc.update("INSERT INTO warehouse.schema_test (region, period, sex, total, _source, _batch, _row)"
                + " VALUES ('33.01', DATE '2024-01-01', 'L', 1, 'x', 0, 1)");
        assertThat(jdbc.queryForObject("SELECT sex_label FROM warehouse.schema_test_v", String.class))
                .as("the view as it was while in use").isEqualTo("Laki-laki");
        schema.apply(relabelled);
        assertThat(jdbc.queryForObject("SELECT sex_label FROM warehouse.schema_test_v", String.class)).isEqualTo("Pria");
    }

    private static DatasetDef withSexLabels(String male, String female) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("L", male);
        labels.put("P", female);
        FieldDef sex = new FieldDef("sex", FieldType.CODE, null, null, List.of("L", "P"), null, null, null, false, 5,
                "Jenis kelamin", labels);
        return new DatasetDef("schema_test", "Test", List.of(region, period, sex, total), List.of("region", "period", "sex"), "x");
    }
}
