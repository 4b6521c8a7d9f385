package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.ops.PreviewCommand;

/** What {@code preview} says of a file is what the running hub then does with it, word for word. */
class PreviewPredictsTheHubTest extends HubTestSupport {

    static final String HEADER = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";

    @Test
    void aFileOverTheRatioFailsWithTheMessagePreviewGave() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER).append("Kabupaten Cilacap,2020,1000,10,5\nJUMLAH,2020,1000,10,5\n");
        for (int i = 0; i < 3; i++) csv.append("Kabupaten Atlantis,").append(2000 + i).append(",1000,10,5\n");
        Path file = Files.writeString(DATA_DIR.resolve("predict-fail.csv"), csv);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PreviewCommand.run(new String[] {"--source", "jateng-births", file.toString(), "--hub.config-dir=" + CONFIG_DIR},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String predicted = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("verdict  would FAIL: "))
                .findFirst().orElseThrow().substring("verdict  would FAIL: ".length());
        assertThat(code).isEqualTo(PreviewCommand.WOULD_FAIL);

        drop("jateng-births", file, "predict-fail.csv");
        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(b.message()).isEqualTo(predicted).startsWith("3 of 4 rows rejected (75.0%)");
        assertThat(b.rowsRead()).as("the total row is read, and is no data row").isEqualTo(5);
        assertThat(b.rowsSkipped()).isEqualTo(1);
    }
}
