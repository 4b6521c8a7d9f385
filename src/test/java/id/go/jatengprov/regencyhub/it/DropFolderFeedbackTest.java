package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * What a regency that only uses folders, and the operator, learn from the drop folders: a folder that names no source
 * and a file no include matches are logged once and shown in the health; a file of an earlier file's name never
 * overwrites it in .done/; the rows refused at intake are in &lt;name&gt;.rejects.csv beside the file.
 */
class DropFolderFeedbackTest extends HubTestSupport {

    static final String HEADER = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";

    JsonNode dropFolders() throws Exception {
        String body = new Http(port).as("operator", OPERATOR_PASSWORD).get("/actuator/health").body();
        return ApiErrorShapesTest.JSON.readTree(body).path("components").path("dropFolders").path("details");
    }

    @Test
    void aFolderThatNamesNoSourceAndAFileNoIncludeMatchesAreLoggedOnceAndShownInTheHealth() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Path typo = Files.createDirectories(props.dropDir().resolve("jateng-birth"));
            Files.writeString(typo.resolve("births.csv"), HEADER);
            Path births = Files.createDirectories(props.dropDir().resolve("jateng-births"));
            Files.writeString(births.resolve("births.xlsx.txt"), "not for this source");

            await().atMost(Duration.ofSeconds(10)).until(() -> dropFolders().path("unknownFolders").toString().contains("jateng-birth\"")
                    && dropFolders().path("notTaken").path("jateng-births").toString().contains("births.xlsx.txt"));
            assertThat(dropFolders().path("notTaken").path("jateng-births").get(0).asText())
                    .isEqualTo("births.xlsx.txt: no include pattern of the source matches it (*.csv,*.xlsx,*.xlsm,*.xls)");
            // Many scans later (a file for another source has been taken meanwhile), each was logged once.
            drop("jateng-ipm", SAMPLES.resolve("ipm_jateng_2024_datajatengprov_semicolon.csv"), "meanwhile.csv");
            awaitFinal("jateng-ipm");
            assertThat(log.lines(e -> e.getFormattedMessage().contains("jateng-birth under the drop folder names no drop source")))
                    .hasSize(1);
            assertThat(log.lines(e -> e.getFormattedMessage().contains("births.xlsx.txt is not read: no include pattern")))
                    .hasSize(1);
            assertThat(Files.readString(births.resolve("births.xlsx.txt"))).isEqualTo("not for this source");
            assertThat(typo.resolve("births.csv")).exists();

            // Gone, they leave the health.
            deleteTree(typo);
            Files.delete(typo);
            Files.delete(births.resolve("births.xlsx.txt"));
            await().atMost(Duration.ofSeconds(10)).until(() -> dropFolders().isEmpty());
        }
    }

    @Test
    void aFileOfAnEarlierFilesNameIsKeptBesideItInDone() throws Exception {
        drop("jateng-births", HEADER + "Kabupaten Cilacap,2020,1000,10,5\n", "bayi.csv");
        awaitFinal("jateng-births");
        Path done = props.dropDir().resolve("jateng-births/.done");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve("bayi.csv")));
        drop("jateng-births", HEADER + "Kabupaten Banyumas,2020,2000,10,5\n", "bayi.csv");
        awaitBatches("jateng-births", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve("bayi.1.csv")));
        drop("jateng-births", HEADER + "Kabupaten Banyumas,2020,2000,10,5\n", "bayi.csv"); // the same bytes: a duplicate
        awaitBatches("jateng-births", 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve("bayi.2.csv")));

        assertThat(Files.readString(done.resolve("bayi.csv"))).contains("Cilacap");
        assertThat(Files.readString(done.resolve("bayi.1.csv"))).contains("Banyumas");
        assertThat(Files.readString(done.resolve("bayi.2.csv"))).contains("Banyumas");
        assertThat(batches.list("jateng-births", null, null, 10, 0)).extracting(Batch::status)
                .containsExactly(BatchStatus.DUPLICATE, BatchStatus.LOADED, BatchStatus.LOADED);
    }

    @Test
    void aFileNamedInCapitalsAsWindowsToolsNameThemIsTaken() throws Exception {
        drop("jateng-births", HEADER + "Kabupaten Kendal,2020,1234,10,5\n", "LAPORAN-BAYI.CSV");
        awaitFinal("jateng-births");
        assertThat(batches.list("jateng-births", null, null, 1, 0)).extracting(Batch::status).containsExactly(BatchStatus.LOADED);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(props.dropDir().resolve("jateng-births/.done/LAPORAN-BAYI.CSV")));
        assertThat(dropFolders().path("notTaken").toString()).doesNotContain("LAPORAN-BAYI.CSV");
    }

    @Test
    void theRowsRefusedAtIntakeAreInARejectsFileBesideTheFile() throws Exception {
        drop("jateng-births", HEADER + "Kabupaten Cilacap,2020,1000,10,5\n"
                + "Kabupaten Banyumas,2020,1000,10,5\nKota Semarang,2020,1000,10,5\nKota Tegal,2020,1000,10,5\n"
                + "Kabupaten Atlantis,2020,1000,10,5\n" + "Kabupaten Demak,2021,=1+2,10,5\n", "mixed.csv");
        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).isEqualTo(BatchStatus.FAILED); // 2 of 6 rejected: over the default ratio 0.2
        Path failed = props.dropDir().resolve("jateng-births/.failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(failed.resolve("mixed.csv.rejects.csv")));
        List<String> lines = Files.readAllLines(failed.resolve("mixed.csv.rejects.csv"));
        assertThat(lines).first().isEqualTo("row,column,reason,value,cell");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("6,\"Wilayah\",").endsWith(",\"Kabupaten Atlantis\",");
        // A value a spreadsheet would run as a formula is defused, as in the API's CSV.
        assertThat(lines.get(2)).startsWith("7,\"Jumlah Bayi Lahir\",").endsWith(",\"'=1+2\",");
        String api = new Http(port).as("operator", OPERATOR_PASSWORD).get("/api/v1/batches/" + b.id() + "/rejects").body();
        assertThat(api.replace("\r\n", "\n")).isEqualTo(String.join("\n", lines) + "\n");

        drop("jateng-births", HEADER + "Kabupaten Cilacap,2020,1000,10,5\n", "clean.csv");
        awaitBatches("jateng-births", 2);
        Path done = props.dropDir().resolve("jateng-births/.done");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done.resolve("clean.csv")));
        assertThat(done.resolve("clean.csv.rejects.csv")).doesNotExist();
    }
}
