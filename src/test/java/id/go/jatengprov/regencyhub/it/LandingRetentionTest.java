package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.intake.IntakeService;
import id.go.jatengprov.regencyhub.intake.LandingRetention;

/**
 * Landing copies of final batches older than hub.landing.retention (90 days by default) are deleted by the daily
 * sweep; a batch still being taken in keeps its copy; the batch record keeps the hash, so the same bytes again are
 * still a duplicate.
 */
class LandingRetentionTest extends HubTestSupport {

    static final String CSV = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\nKabupaten Cilacap,2020,28303,10,5\n";

    @Autowired LandingRetention retention;
    @Autowired IntakeService intake;

    @Test
    void oldCopiesOfFinalBatchesGoAndTheirHashesStillCatchDuplicates() throws Exception {
        drop("jateng-births", CSV, "old.csv");
        Batch loaded = awaitFinal("jateng-births");
        assertThat(loaded.status()).isEqualTo(BatchStatus.LOADED);
        Path loadedCopy = props.getDataDir().resolve(loaded.landingPath());

        BatchStore.Registration receiving = intake.land("jateng-births",
                new ByteArrayInputStream((CSV + "Kabupaten Banyumas,2020,26473,10,5\n").getBytes(StandardCharsets.UTF_8)),
                "receiving.csv", Origin.UPLOAD, Long.MAX_VALUE);
        Path receivingCopy = props.getDataDir().resolve(receiving.batch().landingPath());

        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(100)));
        Files.setLastModifiedTime(loadedCopy, longAgo);
        Files.setLastModifiedTime(receivingCopy, longAgo);

        assertThat(retention.sweep(Instant.now().minus(Duration.ofDays(11)))).as("not yet 90 days old then").isZero();
        assertThat(retention.sweep(Instant.now())).isEqualTo(1);

        assertThat(loadedCopy).doesNotExist();
        assertThat(receivingCopy).exists();
        assertThat(batches.find(loaded.id()).orElseThrow().contentHash()).isEqualTo(loaded.contentHash());

        drop("jateng-births", CSV, "again.csv");
        Batch again = awaitBatches("jateng-births", 3).stream().filter(b -> "again.csv".equals(b.fileName())).findFirst().orElseThrow();
        assertThat(again.status()).isEqualTo(BatchStatus.DUPLICATE);
        assertThat(again.duplicateOf()).isEqualTo(loaded.id());

        intake.process(receiving.batchId()); // finish it, so that nothing is left RECEIVED
    }
}
