package id.go.jatengprov.regencyhub.intake.drop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.it.HubTestSupport;
import id.go.jatengprov.regencyhub.support.Sha256;

/**
 * A drop file that its sender rewrites while the hub reads it is not lost and does not become a batch half
 * old, half new: the read is held (a latch in the read path, between the landing copy and the check) while the
 * test rewrites the file, so the change certainly falls inside the read. The landed bytes become no batch;
 * the file stays in the folder and the next scan reads the new content, which loads.
 */
class DropChangedWhileReadTest extends HubTestSupport {

    static final String HEADER = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";
    static final String OLD = HEADER + "Kabupaten Cilacap,2020,28303,1052,5878\n";
    static final String NEW = HEADER + "Kabupaten Cilacap,2020,28304,1052,5878\nKabupaten Banyumas,2020,26473,1724,3773\n";

    @Autowired DropProcessor processor;

    @AfterEach
    void noHook() {
        processor.afterLanding = () -> { };
    }

    @Test
    void aFileRewrittenWhileItIsReadBecomesNoBatchAndIsReadAgain() throws Exception {
        CountDownLatch landed = new CountDownLatch(1);
        CountDownLatch rewritten = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        processor.afterLanding = () -> {
            if (reads.incrementAndGet() == 1) {
                landed.countDown();
                try {
                    rewritten.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Path file = drop("jateng-births", OLD, "bayi.csv");
        assertThat(landed.await(60, TimeUnit.SECONDS)).as("the hub read the file and landed it").isTrue();
        Path old = Files.createTempFile("old", ".csv");
        Files.writeString(old, OLD, StandardCharsets.UTF_8);
        String oldSha = Sha256.of(old);
        Files.writeString(file, NEW, StandardCharsets.UTF_8); // the sender rewrites it while the read is held
        rewritten.countDown();

        Batch b = awaitFinal("jateng-births");
        Path fresh = Files.createTempFile("new", ".csv");
        Files.writeString(fresh, NEW, StandardCharsets.UTF_8);
        assertThat(b.contentHash()).as("the batch is the new content").isEqualTo(Sha256.of(fresh));
        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(b.rowsLoaded()).isEqualTo(2);
        List<Batch> all = batches.list("jateng-births", null, null, 10, 0);
        assertThat(all).as("one batch: the bytes read while the file changed became none").hasSize(1);
        assertThat(all).extracting(Batch::contentHash).doesNotContain(oldSha);
        assertThat(reads.get()).as("the file was read again").isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT live_births FROM warehouse.births WHERE region = '33.01'", Long.class))
                .isEqualTo(28304L);
        assertThat(props.dropDir().resolve("jateng-births/.done/bayi.csv")).hasContent(NEW.strip());
        Files.delete(old);
        Files.delete(fresh);
    }
}
