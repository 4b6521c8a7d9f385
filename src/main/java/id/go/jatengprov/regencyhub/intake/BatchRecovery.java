package id.go.jatengprov.regencyhub.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.intake.drop.DropFolder;

/**
 * After a crash, batches that were landed but not yet queued are processed again from their landing
 * copy. A dropped file still in its drop folder with the same bytes is left to the drop route, which
 * resumes the same batch.
 */
@Component
public class BatchRecovery {

    private static final Logger log = LoggerFactory.getLogger(BatchRecovery.class);
    /** How often, and after how long, batches still RECEIVED are taken up again. */
    static final long SWEEP_SECONDS = 15;

    private final BatchStore batches;
    private final IntakeService intake;
    private final HubProperties props;

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
            intake.processLater(b.id());
        }
    }

    /**
     * Batches left RECEIVED while the hub runs: an upload (or a poll) whose normalising or queueing failed
     * because the database or the broker went away is not retried by anything else, and stayed RECEIVED
     * until the next restart. Found by the fault suite (DatabaseOutageFaultIT). A batch being processed
     * right now is skipped by {@link IntakeService#process}; the age keeps fresh batches to their own path.
     */
    @Scheduled(initialDelay = SWEEP_SECONDS, fixedDelay = SWEEP_SECONDS, timeUnit = TimeUnit.SECONDS)
    public void resumeStalled() {
        List<Batch> stalled;
        try {
            OffsetDateTime before = OffsetDateTime.now().minusSeconds(SWEEP_SECONDS);
            stalled = batches.unfinishedIntake().stream().filter(b -> b.receivedAt().isBefore(before)).toList();
        } catch (RuntimeException e) {
            log.debug("No sweep of stalled batches now: {}", e.getMessage());
            return;
        }
        for (Batch b : stalled) {
            if (dropRouteWillResume(b)) {
                continue; // its file is still in the drop folder: the drop route retries it at every scan
            }
            log.info("Resuming batch {} of source {}, still RECEIVED after {} s", b.id(), b.sourceId(), SWEEP_SECONDS);
            intake.processLater(b.id());
        }
    }

    /**
     * The file is still in the drop folder with the batch's very bytes: the drop route lands it again and
     * resumes the batch. Only the same bytes count: a file replaced while the hub was down is another
     * payload, and skipping the batch for its name alone left the batch RECEIVED for ever. Found by the
     * fault suite (KillNineFaultIT.aFileReplacedWhileTheHubIsDown…).
     */
    private boolean dropRouteWillResume(Batch b) {
        if (b.origin() != Origin.DROP || b.fileName() == null) {
            return false;
        }
        // Never through a link: a sender's link named like the batch's file must not make the hub hash /dev/zero.
        return DropFolder.holds(props.dropDir(), b.sourceId(), b.fileName(), b.bytes(), b.contentHash());
    }

}
