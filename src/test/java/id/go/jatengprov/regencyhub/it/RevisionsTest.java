package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.config.Grain;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.load.ChunkLoader;
import id.go.jatengprov.regencyhub.load.ChunkMessage;
import id.go.jatengprov.regencyhub.load.WarehouseSchema;
import id.go.jatengprov.regencyhub.reference.RegionLevel;

/**
 * A delivery that changes values already loaded leaves, per changed value, the old and the new value with both batches
 * and the time in warehouse.&lt;dataset&gt;_revisions; a delivery of the same figures leaves nothing there.
 */
class RevisionsTest extends HubTestSupport {

    private static final String HEADER = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";
    private static final List<String> COLUMNS = List.of("region", "period", "live_births", "low_birth_weight", "malnourished");

    @Autowired ChunkLoader loader;

    @AfterEach
    void dropTestDataset() {
        jdbc.execute("DROP VIEW IF EXISTS warehouse.rev_test_v, warehouse.rev_test_revisions");
        jdbc.execute("DELETE FROM hub.warehouse_view WHERE name IN ('rev_test_v', 'rev_test_revisions')");
        jdbc.execute("DROP TABLE IF EXISTS history.rev_test, undo.rev_test");
        jdbc.execute("DROP TABLE IF EXISTS warehouse.rev_test");
        jdbc.execute("DROP FUNCTION IF EXISTS history.rev_test()");
    }

    private List<Map<String, Object>> revisions() {
        return jdbc.queryForList("""
                SELECT region, period::text AS period, field, old_value, new_value, old_batch, new_batch
                FROM warehouse.births_revisions ORDER BY region, field""");
    }

    private static Map<String, Object> revision(String region, String field, String before, String after, Long oldBatch,
                                                long newBatch) {
        Map<String, Object> m = new HashMap<>();
        m.put("region", region);
        m.put("period", "2020-01-01");
        m.put("field", field);
        m.put("old_value", before);
        m.put("new_value", after);
        m.put("old_batch", oldBatch);
        m.put("new_batch", newBatch);
        return m;
    }

    @Test
    void aRevisedDeliveryKeepsExactlyTheChangedValuesAndTheSameFiguresAgainKeepNone() throws Exception {
        drop("jateng-births", HEADER + "Kabupaten Cilacap,2020,28303,1052,5878\nKabupaten Banyumas,2020,26473,1724,3773\n"
                + "Kabupaten Purbalingga,2020,14808,767,2731\n", "bps-2020.csv");
        Batch first = awaitFinal("jateng-births");
        assertThat(first.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(revisions()).as("a first delivery changes nothing").isEmpty();

        // Cilacap's births corrected; Banyumas' BBLR corrected and its malnourished count withdrawn; Purbalingga as it was
        drop("jateng-births", HEADER + "Kabupaten Cilacap,2020,28310,1052,5878\nKabupaten Banyumas,2020,26473,1700,\n"
                + "Kabupaten Purbalingga,2020,14808,767,2731\n", "bps-2020-revisi.csv");
        Batch revised = awaitBatches("jateng-births", 2).get(0);
        assertThat(revised.status()).isEqualTo(BatchStatus.LOADED);

        assertThat(revisions()).containsExactlyInAnyOrder(
                revision("33.01", "live_births", "28303", "28310", first.id(), revised.id()),
                revision("33.02", "low_birth_weight", "1724", "1700", first.id(), revised.id()),
                revision("33.02", "malnourished", "3773", null, first.id(), revised.id()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births_revisions WHERE changed_at IS NULL", Long.class)).isZero();

        // the same figures again, in another order (other bytes: not a duplicate): the rows are rewritten, no value changes
        drop("jateng-births", HEADER + "Kabupaten Purbalingga,2020,14808,767,2731\nKabupaten Banyumas,2020,26473,1700,\n"
                + "Kabupaten Cilacap,2020,28310,1052,5878\n", "bps-2020-lagi.csv");
        Batch again = awaitBatches("jateng-births", 3).get(0);
        assertThat(again.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births WHERE _batch = ?", Long.class, again.id()))
                .as("the rows are the newest batch's").isEqualTo(3);
        assertThat(revisions()).as("nothing more").hasSize(3);

        // analysts read it, and join the _v view on the key for the labels
        List<String> seen = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", ANALYST_PASSWORD);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT v.region_name, v.period_label, r.field, r.old_value, r.new_value
                     FROM warehouse.births_revisions r JOIN warehouse.births_v v USING (region, period)
                     ORDER BY v.region, r.field""")) {
            while (rs.next()) {
                seen.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + ": " + rs.getString(4) + " → "
                        + rs.getString(5));
            }
        }
        assertThat(seen).containsExactly("Kabupaten Cilacap 2020 live_births: 28303 → 28310",
                "Kabupaten Banyumas 2020 low_birth_weight: 1724 → 1700", "Kabupaten Banyumas 2020 malnourished: 3773 → null");
    }

    /** Rows as "region births row". */
    private static ChunkMessage chunk(long batch, int chunk, boolean revisions, String... rows) {
        StringBuilder body = new StringBuilder();
        for (String r : rows) {
            String[] f = r.split(" ");
            body.append(f[0]).append("\t2020-01-01\t").append(f[1]).append("\t\\N\t\\N\t").append(f[2]).append('\n');
        }
        return new ChunkMessage(batch, chunk, "jateng-births", "births", COLUMNS, List.of("region", "period"), rows.length,
                body.toString().getBytes(StandardCharsets.UTF_8), revisions);
    }

    private long batch(int chunks) {
        long id = batches.register("jateng-births", "births", Origin.DROP, "t.csv", UUID.randomUUID().toString(), 1, "x").batchId();
        batches.normalised(id, 0, 0, chunks, "test");
        batches.queued(id);
        return id;
    }

    @Test
    void aBatchWhoseDatasetKeepsNoRevisionsLeavesNone() throws Exception {
        long first = batch(1);
        loader.load(chunk(first, 1, true, "33.01 100 2"));
        long second = batch(1);
        loader.load(chunk(second, 1, false, "33.01 200 2"));
        assertThat(row("SELECT live_births FROM warehouse.births")).containsEntry("live_births", 200L);
        assertThat(revisions()).isEmpty();
    }

    @Test
    void aKeyRepeatedInAFileWhoseLaterRowLoadedFirstKeepsTheEarlierRowsChange() throws Exception {
        long first = batch(1);
        loader.load(chunk(first, 1, true, "33.01 100 2", "33.02 200 3"));
        long second = batch(2);
        // chunk 2 (rows 40, 41) loads before chunk 1 (rows 2, 3): the earlier rows win, and so do their revisions
        loader.load(chunk(second, 2, true, "33.01 300 40", "33.02 200 41"));
        loader.load(chunk(second, 1, true, "33.01 150 2", "33.02 250 3"));

        assertThat(jdbc.queryForList("SELECT region, live_births FROM warehouse.births ORDER BY region"))
                .extracting(m -> m.get("region") + "=" + m.get("live_births")).containsExactly("33.01=150", "33.02=250");
        assertThat(batches.rejects(second)).extracting(r -> r.row() + ": " + r.reason()).containsExactlyInAnyOrder(
                "40: duplicate of row 2: same key (region, period)", "41: duplicate of row 3: same key (region, period)");
        // 33.02's later row had changed nothing, so which batch wrote 200 is not known any more
        assertThat(revisions()).containsExactlyInAnyOrder(
                revision("33.01", "live_births", "100", "150", first, second),
                revision("33.02", "live_births", "200", "250", null, second));
    }

    @Test
    void aDatasetKeepsItsRevisionsUnlessItSaysNot() {
        FieldDef region = new FieldDef("region", FieldType.REGION, RegionLevel.REGENCY, null, List.of(), null, null, null, false, 3);
        FieldDef period = new FieldDef("period", FieldType.PERIOD, null, Grain.YEAR, List.of(), null, null, null, false, 4);
        FieldDef total = new FieldDef("total", FieldType.INTEGER, null, null, List.of(), "jiwa", null, null, true, 5);
        WarehouseSchema schema = new WarehouseSchema(jdbc);
        schema.apply(new HubConfig(Map.of("rev_test", new DatasetDef("rev_test", "Test", List.of(region, period, total),
                List.of("region", "period"), "x", null, null, false)), Map.of(), null));
        assertThat(exists("history.rev_test")).isFalse();
        assertThat(exists("warehouse.rev_test_revisions")).isFalse();
        assertThat(exists("undo.rev_test")).as("a batch over its ratio can always be undone").isTrue();

        schema.apply(new HubConfig(Map.of("rev_test", new DatasetDef("rev_test", "Test", List.of(region, period, total),
                List.of("region", "period"), "x")), Map.of(), null));
        assertThat(exists("history.rev_test")).isTrue();
        assertThat(exists("warehouse.rev_test_revisions")).isTrue();
        assertThat(jdbc.queryForObject("SELECT obj_description('warehouse.rev_test_revisions'::regclass, 'pg_class')", String.class))
                .contains("every value a delivery changed");
    }

    private boolean exists(String relation) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, relation));
    }
}
