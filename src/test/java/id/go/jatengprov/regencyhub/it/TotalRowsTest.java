package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.Findings;

/**
 * A real regency table ends in total rows (the province, "JUMLAH"): they are recognised and skipped, counted
 * apart from rejects, and checked against the sum of the rows; so the real file ends LOADED, not
 * LOADED_WITH_REJECTS.
 */
class TotalRowsTest extends HubTestSupport {

    /** The shipped births sample (BPS Jawa Tengah, 35 regencies x 4 years) with a total row after each year. */
    static String birthsWithTotals(Map<String, String> labels, long liveBirthsOffset) throws Exception {
        List<String> lines = Files.readAllLines(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), StandardCharsets.UTF_8);
        Map<String, long[]> sums = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        String year = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            if (c[0].isEmpty()) continue; // Excel's trailing empty rows
            if (year != null && !c[1].equals(year)) out.add(total(labels.get(year), year, sums.get(year), liveBirthsOffset));
            year = c[1];
            long[] s = sums.computeIfAbsent(year, y -> new long[3]);
            for (int i = 0; i < 3; i++) s[i] += Long.parseLong(c[2 + i]);
            out.add(line);
        }
        out.add(total(labels.get(year), year, sums.get(year), liveBirthsOffset));
        return String.join("\r\n", out) + "\r\n";
    }

    private static String total(String label, String year, long[] s, long offset) {
        return label + "," + year + "," + (s[0] + offset) + "," + s[1] + "," + s[2];
    }

    static final Map<String, String> LABELS = Map.of("2020", "Jawa Tengah", "2021", "JUMLAH", "2022", "Jumlah Kab/Kota",
            "2023", "3300");

    @Test
    void aRegencyTableWithItsTotalRowsEndsLoadedWithTheTotalsSkippedAndMatching() throws Exception {
        drop("jateng-births", birthsWithTotals(LABELS, 0), "bayi-with-totals.csv");

        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).as(b.message()).isEqualTo(BatchStatus.LOADED);
        assertThat(b.rowsRead()).isEqualTo(144);
        assertThat(b.rowsLoaded()).isEqualTo(140);
        assertThat(b.rowsRejected()).isZero();
        assertThat(b.rowsSkipped()).isEqualTo(4);
        assertThat(batches.rejects(b.id())).isEmpty();
        assertThat(b.findings().skipped()).extracting(Findings.Skipped::reason).containsExactly(
                "province total row ('Jawa Tengah')", "total row ('JUMLAH')", "total row ('Jumlah Kab/Kota')",
                "province total row ('3300')");
        assertThat(b.findings().skipped()).extracting(Findings.Skipped::row).containsExactly(37L, 73L, 109L, 145L);
        assertThat(b.findings().warnings()).as("every total matches the sum of its year's rows").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(140);

        String json = new Http(port).as("operator", OPERATOR_PASSWORD).get("/api/v1/batches/" + b.id()).body();
        assertThat(json).contains("\"skipped\":4", "{\"row\":37,\"reason\":\"province total row ('Jawa Tengah')\"}",
                "\"warnings\":[]");
    }

    @Test
    void aTotalThatDoesNotMatchItsRowsIsAWarningOnTheBatch() throws Exception {
        drop("jateng-births", birthsWithTotals(LABELS, 7), "bayi-totals-off.csv");

        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(b.findings().warnings()).hasSize(4).first().asString()
                .isEqualTo("total row 37 says live_births 537520 for period 2020-01-01, but the 35 rows of the file add up to 537513");
    }
}
