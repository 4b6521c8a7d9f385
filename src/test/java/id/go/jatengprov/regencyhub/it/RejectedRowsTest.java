package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;

/** Bad rows are rejected with row, column, value and reason while the good rows load; too many fail the file. */
class RejectedRowsTest extends HubTestSupport {

    private static final String HEADER = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";

    @Test
    void badRowsAreRejectedWithReasonsAndGoodRowsLoad() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        String[] good = {"Kabupaten Cilacap", "Kabupaten Banyumas", "Kota Semarang", "Kabupaten Semarang", "Kota Tegal",
                "Kabupaten Tegal", "Kota Magelang", "Kabupaten Kudus", "Kabupaten Pati", "Kabupaten Blora"};
        for (String r : good) csv.append(r).append(",2020,1000,10,5\n");
        for (int i = 0; i < 7; i++) csv.append(good[i]).append(",2021,1000,10,5\n");
        csv.append("Kabupaten Atlantis,2020,1000,10,5\n");     // row 19: unknown region
        csv.append("Semarang,2021,1000,10,5\n");               // row 20: ambiguous name
        csv.append("Kabupaten Demak,2021,banyak,10,5\n");      // row 21: not a number
        drop("jateng-births", csv.toString(), "mixed.csv");

        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);
        assertThat(b.rowsRead()).isEqualTo(20);
        assertThat(b.rowsLoaded()).isEqualTo(17);
        assertThat(b.rowsRejected()).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(17);

        List<BatchStore.Reject> rejects = batches.rejects(b.id());
        assertThat(rejects).extracting(BatchStore.Reject::row).containsExactly(19L, 20L, 21L);
        assertThat(rejects.get(0).column()).isEqualTo("Wilayah");
        assertThat(rejects.get(0).value()).isEqualTo("Kabupaten Atlantis");
        assertThat(rejects.get(0).reason()).containsIgnoringCase("unknown");
        assertThat(rejects.get(1).reason()).containsIgnoringCase("ambiguous");
        assertThat(rejects.get(2).column()).isEqualTo("Jumlah Bayi Lahir");
        assertThat(rejects.get(2).value()).isEqualTo("banyak");
        assertThat(rejects.get(2).reason()).containsIgnoringCase("not a number");
    }

    @Test
    void aFileOverTheRejectRatioFailsWholeAndIsParkedWithItsReason() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        csv.append("Kabupaten Cilacap,2020,1000,10,5\n");
        for (int i = 0; i < 4; i++) csv.append("Kabupaten Atlantis,202").append(i).append(",1000,10,5\n");
        drop("jateng-births", csv.toString(), "mostly-bad.csv");

        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(b.message()).contains("4 of 5 rows rejected").contains("max-reject-ratio");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isZero();

        Path failed = props.dropDir().resolve("jateng-births/.failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(failed.resolve("mostly-bad.csv")));
        assertThat(Files.readString(failed.resolve("mostly-bad.csv.error.txt"))).contains("max-reject-ratio").contains("batch:   " + b.id());
    }

    @Test
    void aFileThatIsNotCsvFailsWithAClearReason() throws Exception {
        drop("jateng-births", "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>", "error-page.csv");

        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(b.message()).containsIgnoringCase("HTML");
        Path failed = props.dropDir().resolve("jateng-births/.failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(failed.resolve("error-page.csv.error.txt")));
    }

    @Test
    void ignoredNamesStayInTheDropFolder() throws Exception {
        Path dir = props.dropDir().resolve("jateng-births");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("upload.csv.part"), HEADER + "Kabupaten Cilacap,2020,1,1,1\n");
        Files.writeString(dir.resolve(".hidden.csv"), HEADER + "Kabupaten Cilacap,2020,1,1,1\n");
        drop("jateng-births", HEADER + "Kabupaten Banyumas,2020,1,1,1\n", "real.csv");

        awaitFinal("jateng-births");
        assertThat(batches.list("jateng-births", null, null, 10, 0)).hasSize(1);
        assertThat(dir.resolve("upload.csv.part")).exists();
        assertThat(dir.resolve(".hidden.csv")).exists();
    }
}
