package id.go.jatengprov.regencyhub.intake;

import java.nio.file.Files;
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
 * copy. A dropped file still in its drop folder is left to the drop route, which resumes the same batch.
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
            if ("drop".equals(b.origin()) && b.fileName() != null
                    && Files.exists(props.dropDir().resolve(b.sourceId()).resolve(b.fileName()))) {
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

    @jakarta.annotation.PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
