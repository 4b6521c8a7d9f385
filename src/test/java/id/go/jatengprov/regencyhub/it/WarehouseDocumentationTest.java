package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.config.Grain;
import id.go.jatengprov.regencyhub.load.DatasetViews;

/**
 * The warehouse documents itself: every table, column and view carries a comment from the datasets' metadata,
 * refreshed on reload; {@code <id>_v} names regions, rolls districts up to their regency and labels periods and codes;
 * warehouse.batch and warehouse.source give {@code _batch} and {@code _source} a meaning. Analysts may read them all.
 */
class WarehouseDocumentationTest extends HubTestSupport {

    @Test
    void everyTableColumnAndViewHasACommentFromTheMetadata() {
        assertThat(comment("warehouse.ipm", 0)).startsWith("Indeks Pembangunan Manusia (IPM) dan komponennya menurut kabupaten/kota\n\n"
                        + "Indeks Pembangunan Manusia (IPM) mengukur capaian pembangunan manusia")
                .contains("Producer (produsen data): BPS Provinsi Jawa Tengah.", "Periodicity: annual (tahunan).",
                        "Reference codes: Kode wilayah Kemendagri (Kepmendagri No. 300.2.2-2430 Tahun 2025)",
                        "readable view: warehouse.ipm_v.");
        assertThat(columnComment("ipm", "indicator")).isEqualTo("Indikator. Codes: uhh = Umur Harapan Hidup saat Lahir (tahun);"
                + " hls = Harapan Lama Sekolah (tahun); rls = Rata-rata Lama Sekolah (tahun); pengeluaran = Pengeluaran per"
                + " Kapita Disesuaikan (ribu rupiah/orang/tahun); ipm = Indeks Pembangunan Manusia.");
        assertThat(columnComment("population", "population")).isEqualTo("Jumlah penduduk. Unit (satuan): jiwa. integer, at least 0.");
        assertThat(columnComment("population", "region")).startsWith("Kecamatan. Kemendagri region code, district level");
        for (String lineage : List.of("_source", "_batch", "_row", "_loaded_at")) {
            for (String table : List.of("births", "health_facilities", "ipm", "poor_population", "population")) {
                assertThat(columnComment(table, lineage)).as(table + "." + lineage).startsWith("Lineage: ");
            }
        }
        assertThat(columnComment("population", "_batch")).contains("join warehouse.batch ON batch = _batch");
        assertThat(comment("warehouse.population_v", 0)).startsWith("Jumlah penduduk menurut jenis kelamin dan kecamatan: every row");
        assertThat(columnComment("population_v", "regency_name")).contains("\"Kota Semarang\"");
        assertThat(columnComment("ipm_v", "indicator_label")).isEqualTo("What the code in indicator means, e.g. Umur Harapan"
                + " Hidup saat Lahir (tahun)");
        assertThat(comment("warehouse.batch", 0)).startsWith("Every batch the hub received");
        assertThat(columnComment("region", "code_bps")).startsWith("BPS code: 3374 for a regency");
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'warehouse' AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v')
                  AND col_description(c.oid, a.attnum) IS NULL AND (c.relname IN ('region', 'batch', 'source')
                       OR regexp_replace(c.relname, '_v$', '') IN ('births', 'health_facilities', 'ipm', 'poor_population',
                                                                   'population'))""", Long.class))
                .as("columns of the shipped datasets, their views, region, batch and source without a comment")
                .isZero();
        assertThat(columnComment("source", "regency_name")).startsWith("Name of the owning regency");
    }

    @Test
    void aChangedDescriptionReachesTheCommentsOnReload() throws Exception {
        Path file = CONFIG_DIR.resolve("datasets/births.yaml");
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("description: \"Jumlah bayi lahir hidup\"",
                    "description: \"Bayi lahir hidup (revisi)\"").replace("producer: BPS Provinsi Jawa Tengah",
                    "producer: Dinas Kesehatan Provinsi Jawa Tengah"));
            assertThat(new Http(port).as("operator", OPERATOR_PASSWORD).post("/api/v1/config/reload", null, new byte[0])
                    .statusCode()).isEqualTo(200);
            assertThat(columnComment("births", "live_births")).startsWith("Bayi lahir hidup (revisi). Unit (satuan): jiwa.");
            assertThat(columnComment("births_v", "live_births")).startsWith("Bayi lahir hidup (revisi).");
            assertThat(comment("warehouse.births", 0)).contains("Producer (produsen data): Dinas Kesehatan Provinsi Jawa Tengah.");
        } finally {
            Files.writeString(file, original);
            new Http(port).as("operator", OPERATOR_PASSWORD).post("/api/v1/config/reload", null, new byte[0]);
        }
        assertThat(columnComment("births", "live_births")).startsWith("Jumlah bayi lahir hidup.");
    }

    @Test
    void theDistrictViewRollsUpToItsRegencyAndKeepsKotaAndKabupatenSemarangApart() throws Exception {
        drop("semarang-population", "Kecamatan,Tahun,Laki-laki,Perempuan\nSemarang Tengah,2024,30000,31000\n"
                + "Semarang Utara,2024,60000,62000\n", "penduduk-2024.csv");
        Batch b = awaitFinal("semarang-population");
        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        // two kecamatan of Kabupaten Semarang, written as another source would have
        jdbc.update("""
                INSERT INTO warehouse.population (region, period, sex, population, _source, _batch, _row)
                VALUES ('33.22.01', DATE '2024-01-01', 'L', 1000, 'kab-semarang', 0, 1),
                       ('33.22.02', DATE '2024-01-01', 'L', 2000, 'kab-semarang', 0, 2)""");

        List<Map<String, Object>> byRegency = jdbc.queryForList("""
                SELECT regency, regency_name, regency_code_bps, sum(population) AS total
                FROM warehouse.population_v WHERE period_label = '2024' GROUP BY 1, 2, 3 ORDER BY 1""");
        assertThat(byRegency).containsExactly(
                Map.of("regency", "33.22", "regency_name", "Kabupaten Semarang", "regency_code_bps", "3322", "total",
                        new java.math.BigDecimal(3000)),
                Map.of("regency", "33.74", "regency_name", "Kota Semarang", "regency_code_bps", "3374", "total",
                        new java.math.BigDecimal(183000)));

        Map<String, Object> row = row("""
                SELECT v.region_name, v.region_level, v.region_code_bps, v.period_start, v.period_end, v.sex_label,
                       bt.file_name, bt.status, s.title, s.regency_name AS owner
                FROM warehouse.population_v v JOIN warehouse.batch bt ON bt.batch = v._batch
                JOIN warehouse.source s ON s.source = v._source
                WHERE v.region = '33.74.01' AND v.sex = 'P'""");
        assertThat(row).containsEntry("region_name", "Kecamatan Semarang Tengah").containsEntry("region_level", "district")
                .containsEntry("region_code_bps", "3374130").containsEntry("sex_label", "Perempuan")
                .containsEntry("period_start", java.sql.Date.valueOf(LocalDate.of(2024, 1, 1)))
                .containsEntry("period_end", java.sql.Date.valueOf(LocalDate.of(2024, 12, 31)))
                .containsEntry("file_name", "penduduk-2024.csv").containsEntry("status", "LOADED")
                .containsEntry("title", "Penduduk Kota Semarang per kecamatan (Dispendukcapil)")
                .containsEntry("owner", "Kota Semarang");
    }

    @Test
    void periodLabelsFollowTheGrain() {
        assertThat(jdbc.queryForObject("SELECT " + sqlOf("quarter") + " FROM (SELECT DATE '2024-04-01' AS p) t", String.class))
                .isEqualTo("Triwulan II 2024");
        assertThat(jdbc.queryForObject("SELECT " + sqlOf("month") + " FROM (SELECT DATE '2024-03-01' AS p) t", String.class))
                .isEqualTo("Maret 2024");
        assertThat(jdbc.queryForObject("SELECT " + sqlOf("day") + " FROM (SELECT DATE '2024-08-17' AS p) t", String.class))
                .isEqualTo("17 Agustus 2024");
        assertThat(jdbc.queryForObject("SELECT " + endOf("quarter") + " FROM (SELECT DATE '2024-04-01' AS p) t", java.sql.Date.class))
                .isEqualTo(java.sql.Date.valueOf("2024-06-30"));
        assertThat(jdbc.queryForObject("SELECT " + endOf("month") + " FROM (SELECT DATE '2024-02-01' AS p) t", java.sql.Date.class))
                .isEqualTo(java.sql.Date.valueOf("2024-02-29"));
    }

    @Test
    void analystsReadTheViewsButNoPathOfTheHub() throws Exception {
        try (Connection c = DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", ANALYST_PASSWORD);
             Statement st = c.createStatement()) {
            for (String view : List.of("births_v", "health_facilities_v", "ipm_v", "poor_population_v", "population_v",
                    "batch", "source")) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM warehouse." + view)) {
                    assertThat(rs.next()).as(view).isTrue();
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM warehouse.source WHERE source = 'jateng-ipm' AND in_config")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> st.executeQuery("SELECT landing_path FROM warehouse.batch"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM hub.source_info"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    private static String sqlOf(String grain) {
        return DatasetViews.periodLabel("t.p", Grain.fromConfig(grain));
    }

    private static String endOf(String grain) {
        return DatasetViews.periodEnd("t.p", Grain.fromConfig(grain));
    }

    private String comment(String relation, int unused) {
        return jdbc.queryForObject("SELECT obj_description(?::regclass, 'pg_class')", String.class, relation);
    }

    private String columnComment(String relation, String column) {
        return jdbc.queryForObject("""
                SELECT col_description(a.attrelid, a.attnum) FROM pg_attribute a
                WHERE a.attrelid = ('warehouse.' || quote_ident(?))::regclass AND a.attname = ?""", String.class, relation, column);
    }
}
