package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/** Each real regency sample dropped into its folder reaches the warehouse with exactly the expected rows. */
class SampleDropTest extends HubTestSupport {

    @Test
    void ipmSemicolonFileWithDecimalCommasLoadsEveryIndicator() throws Exception {
        drop("jateng-ipm", SAMPLES.resolve("ipm_jateng_2024_datajatengprov_semicolon.csv"), "ipm-2024.csv");
        Batch b = awaitFinal("jateng-ipm");

        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(b.rowsRead()).isEqualTo(175);
        assertThat(b.rowsLoaded()).isEqualTo(175);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.ipm", Long.class)).isEqualTo(175);
        assertThat(value("33.01", "uhh")).isEqualByComparingTo("74.57");
        assertThat(value("33.01", "ipm")).isEqualByComparingTo("72.38");
        assertThat(value("33.01", "rls")).isEqualByComparingTo("7.4");
        assertThat(value("33.01", "pengeluaran")).isEqualByComparingTo("11868");
        assertThat(value("33.74", "ipm")).isEqualByComparingTo("85.25");
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT region) FROM warehouse.ipm", Long.class)).isEqualTo(35);
        assertThat(b.detected()).contains("delimiter ';'").contains("numbers {value=1.234,5}");
        assertThat(row("SELECT _source, _batch, _row FROM warehouse.ipm WHERE region = '33.01' AND indicator = 'uhh'"))
                .containsEntry("_source", "jateng-ipm").containsEntry("_batch", b.id()).containsEntry("_row", 2L);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Files.exists(props.dropDir().resolve("jateng-ipm/.done/ipm-2024.csv")));
    }

    @Test
    void faskesWideTableIsUnpivotedByFacilityType() throws Exception {
        drop("jateng-faskes", SAMPLES.resolve("faskes_jateng_bps_2021_2023.csv"), "faskes.csv");
        Batch b = awaitFinal("jateng-faskes");

        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(b.rowsRead()).isEqualTo(105);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.health_facilities", Long.class)).isEqualTo(105 * 6);
        assertThat(jdbc.queryForObject("""
                SELECT count FROM warehouse.health_facilities
                WHERE region = '33.01' AND period = DATE '2021-01-01' AND facility_type = 'puskesmas_rawat_inap'""",
                Long.class)).isEqualTo(38);
        // "Kota Semarang" and "Kabupaten Semarang" are different regencies, resolved by name alone.
        assertThat(jdbc.queryForObject("""
                SELECT count FROM warehouse.health_facilities
                WHERE region = '33.74' AND period = DATE '2023-01-01' AND facility_type = 'klinik_pratama'""",
                Long.class)).isEqualTo(117);
        assertThat(b.detected()).contains("UTF-8 with BOM");
    }

    @Test
    void birthsFileIgnoresExcelsTrailingEmptyRows() throws Exception {
        drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
        Batch b = awaitFinal("jateng-births");

        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(b.rowsRead()).isEqualTo(140);
        assertThat(b.rowsRejected()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(140);
        assertThat(jdbc.queryForObject("""
                SELECT low_birth_weight FROM warehouse.births WHERE region = '33.02' AND period = DATE '2020-01-01'""",
                Long.class)).isEqualTo(1724);
    }

    private BigDecimal value(String region, String indicator) {
        return jdbc.queryForObject("SELECT value FROM warehouse.ipm WHERE region = ? AND period = DATE '2024-01-01' AND indicator = ?",
                BigDecimal.class, region, indicator);
    }
}
