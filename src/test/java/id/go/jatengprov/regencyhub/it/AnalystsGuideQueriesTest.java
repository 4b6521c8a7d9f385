package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every worked query of docs/analysts.md runs, as the analyst role, on the shipped datasets with data in them. */
class AnalystsGuideQueriesTest extends HubTestSupport {

    @Test
    void theGuidesQueriesRunAsTheAnalyst() throws Exception {
        drop("jateng-ipm", SAMPLES.resolve("ipm_jateng_2024_datajatengprov_semicolon.csv"), "ipm.csv");
        drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
        drop("semarang-population", "Kecamatan,Tahun,Laki-laki,Perempuan\nSemarang Tengah,2024,30000,31000\n", "p.csv");
        awaitFinal("jateng-ipm");
        awaitFinal("jateng-births");
        awaitFinal("semarang-population");

        List<String> queries = new ArrayList<>();
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("docs/analysts.md")));
        while (m.find()) {
            if (!m.group(1).contains("CREATE ROLE")) queries.add(m.group(1));
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
        List<Integer> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", ANALYST_PASSWORD);
             Statement st = c.createStatement()) {
            for (String q : queries) {
                int n = 0;
                try (ResultSet rs = st.executeQuery(q)) {
                    while (rs.next()) n++;
                }
                rows.add(n);
            }
        }
        // IPM of 2024 for the 35 regencies; its components; Kota Semarang's trend; Semarang Tengah rolled up (L, P);
        // what changed (175 IPM rows); Cilacap's births; what was revised (nothing here: no delivery changed a loaded
        // value; RevisionsTest reads that view with revisions in it); the batches of this month
        assertThat(rows.get(0)).isEqualTo(35);
        assertThat(rows.get(1)).isEqualTo(35);
        assertThat(rows.get(2)).isEqualTo(1);
        assertThat(rows.get(3)).isEqualTo(2);
        assertThat(rows.get(4)).isEqualTo(175);
        assertThat(rows.get(5)).isPositive();
        assertThat(rows.get(6)).isZero();
        assertThat(rows.get(7)).isEqualTo(3);
    }
}
