package id.go.jatengprov.regencyhub.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStore;

/**
 * After a crash, batches that were landed but not yet queued are processed again from their landing
 * copy. A dropped file still in its drop folder with the same bytes is left to the drop route, which
 * resumes the same batch.
 */
@Component
public class BatchRecovery {

    private static final Logger log = LoggerFactory.getLogger(BatchRecovery.class);

    private final BatchStore batches;
    private final IntakeService intake;
    private final HubProperties props;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "batch-recovery"));

    public BatchRecovery(BatchStore batches, IntakeService intake, HubProperties props) {
        this.batches = batches;
        this.intake = intake;
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void resumeInterrupted() {
        for (Batch b : batches.unfinishedIntake()) {
            if (dropRouteWillResume(b)) {
                continue;
            }
            log.info("Resuming batch {} of source {}, interrupted before it was queued", b.id(), b.sourceId());
            executor.submit(() -> {
                try {
                    intake.process(b.id());
                } catch (Exception e) {
                    log.warn("Batch {} could not be resumed yet: {}", b.id(), e.getMessage());
                }
            });
        }
    }

    /**
     * The file is still in the drop folder with the batch's very bytes: the drop route lands it again and
     * resumes the batch. Only the same bytes count: a file replaced while the hub was down is another
     * payload, and skipping the batch for its name alone left the batch RECEIVED for ever. Found by the
     * fault suite (KillNineFaultIT.aFileReplacedWhileTheHubIsDown…).
     */
    private boolean dropRouteWillResume(Batch b) {
        if (!"drop".equals(b.origin()) || b.fileName() == null) {
            return false;
        }
        Path file = props.dropDir().resolve(b.sourceId()).resolve(b.fileName());
        try {
            return Files.isRegularFile(file) && Files.size(file) == b.bytes() && b.contentHash().equals(sha256(file));
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
