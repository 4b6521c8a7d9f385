package id.go.jatengprov.regencyhub.intake;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.jms.JMSException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.cluster.HubNode;
import id.go.jatengprov.regencyhub.intake.drop.DropFolder;
import id.go.jatengprov.regencyhub.load.DeadLetters;
import id.go.jatengprov.regencyhub.load.LoadFailures;

/**
 * After a crash, batches that were landed but not yet queued are processed again from their landing
 * copy. A dropped file still in its drop folder with the same bytes is left to the drop route, which
 * resumes the same batch. Chunks that reached the dead-letter queue while their failure could not be
 * written are found there and recorded, so that their batch ends FAILED instead of QUEUED for ever.
 */
@Component
public class BatchRecovery {

    private static final Logger log = LoggerFactory.getLogger(BatchRecovery.class);
    /** How often, and after how long, batches still RECEIVED are taken up again. */
    static final long SWEEP_SECONDS = 15;

    /** The longest a browse of the dead-letter queue may take. */
    static final long BROWSE_SECONDS = 5;

    private final BatchStore batches;
    private final IntakeService intake;
    private final HubProperties props;
    private final DeadLetters deadLetters;
    private final LoadFailures failures;
    private final HubNode node;
    private final ExecutorService browser = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dead-letter-sweep");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<List<DeadLetters.Waiting>> browsing;

    public BatchRecovery(BatchStore batches, IntakeService intake, HubProperties props, DeadLetters deadLetters,
                         LoadFailures failures, HubNode node) {
        this.node = node;
        this.batches = batches;
        this.intake = intake;
        this.props = props;
        this.deadLetters = deadLetters;
        this.failures = failures;
    }

    /**
     * One hub: every batch left RECEIVED by its earlier run (HubNode forgot that run at the start). Several hubs: those
     * of hubs gone, and those of no hub received more than {@link #SWEEP_SECONDS} ago; a live hub's are its own.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void resumeInterrupted() {
        OffsetDateTime before = props.getCluster().isEnabled() ? OffsetDateTime.now().minusSeconds(SWEEP_SECONDS)
                : OffsetDateTime.now();
        for (BatchStore.Takeable t : batches.takeable(node.id(), node.expiry(), before)) {
            Batch b = t.batch();
            if (dropRouteWillResume(b) || !claim(t)) {
                continue;
            }
            log.info("Resuming batch {} of source {}, interrupted before it was queued", b.id(), b.sourceId());
            intake.processLater(b.id());
        }
    }

    /**
     * Makes this hub the batch's owner, logging a take-over from another hub. Of several hubs sweeping at once, one
     * takes it ({@link BatchStore#claim}); the others see a live owner and leave it.
     */
    private boolean claim(BatchStore.Takeable t) {
        if (!batches.claim(t.batch().id(), node.id(), node.expiry())) {
            return false;
        }
        if (t.owner() != null && !t.owner().equals(node.id())) {
            log.info("Taking over batch {} of source {} from hub {}, whose heartbeat is older than {} s", t.batch().id(),
                    t.batch().sourceId(), t.owner(), node.expiry().toSeconds());
        }
        return true;
    }

    /**
     * Batches left RECEIVED while the hub runs: an upload (or a poll) whose normalising or queueing failed
     * because the database or the broker went away is not retried by anything else, and stayed RECEIVED
     * until the next restart. Found by the fault suite (DatabaseOutageFaultIT). A batch being processed
     * right now is skipped by {@link IntakeService#process}; the age keeps fresh batches to their own path.
     */
    @Scheduled(initialDelay = SWEEP_SECONDS, fixedDelay = SWEEP_SECONDS, timeUnit = TimeUnit.SECONDS)
    public void resumeStalled() {
        List<BatchStore.Takeable> stalled;
        try {
            stalled = batches.takeable(node.id(), node.expiry(), OffsetDateTime.now().minusSeconds(SWEEP_SECONDS));
        } catch (RuntimeException e) {
            log.debug("No sweep of stalled batches now: {}", e.getMessage());
            return;
        }
        for (BatchStore.Takeable t : stalled) {
            Batch b = t.batch();
            if (dropRouteWillResume(b)) {
                continue; // its file is still in the drop folder: the drop route retries it at every scan
            }
            try {
                if (!claim(t)) continue;
            } catch (RuntimeException e) {
                log.debug("No sweep of stalled batches now: {}", e.getMessage());
                return;
            }
            log.info("Resuming batch {} of source {}, still RECEIVED after {} s", b.id(), b.sourceId(), SWEEP_SECONDS);
            intake.processLater(b.id());
        }
    }

    /**
     * Chunks that went to the dead-letter queue while the database was down: their failure could not be
     * written, so their batch stayed QUEUED for ever, with nothing telling an operator to replay them. Found
     * by the fault suite (LongOutageFaultIT). Such a chunk is recorded now and its batch FAILED with the counts
     * and what to do. The queue is browsed only while some batch is QUEUED, and never for longer than
     * {@link #BROWSE_SECONDS}: an external broker that is down must not hold the scheduler's thread.
     */
    @Scheduled(initialDelay = SWEEP_SECONDS, fixedDelay = SWEEP_SECONDS, timeUnit = TimeUnit.SECONDS)
    public void recordUnrecordedDeadLetters() {
        Set<Long> queued;
        try {
            queued = batches.list((List<String>) null, BatchStatus.QUEUED, null, 10_000, 0).stream().map(Batch::id)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            log.debug("No sweep of the dead-letter queue now: {}", e.getMessage());
            return;
        }
        if (queued.isEmpty() || (browsing != null && !browsing.isDone())) {
            return;
        }
        browsing = CompletableFuture.supplyAsync(() -> {
            try {
                return deadLetters.waiting();
            } catch (JMSException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, browser);
        List<DeadLetters.Waiting> waiting;
        try {
            waiting = browsing.get(BROWSE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.debug("No sweep of the dead-letter queue now: the broker did not answer within {} s", BROWSE_SECONDS);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            log.debug("No sweep of the dead-letter queue now: {}", e.getCause().getMessage());
            return;
        }
        int attempts = props.getBroker().getRedelivery().getMaxAttempts() + 1;
        Map<Long, List<Integer>> unrecorded = new TreeMap<>();
        for (DeadLetters.Waiting w : waiting) {
            try {
                if (queued.contains(w.batch()) && !failures.recorded(w.batch(), w.chunk())) {
                    unrecorded.computeIfAbsent(w.batch(), b -> new ArrayList<>()).add(w.chunk());
                }
            } catch (RuntimeException e) {
                log.debug("No sweep of the dead-letter queue now: {}", e.getMessage());
                return;
            }
        }
        unrecorded.forEach((batch, chunks) -> {
            try {
                log.warn("Batch {}: chunks {} are in the dead-letter queue, but their failure was not recorded (the database"
                        + " was away at their last attempt); recording them now", batch, chunks);
                failures.recordFound(batch, chunks, attempts);
            } catch (RuntimeException e) {
                log.warn("Could not record the dead-lettered chunks {} of batch {} now (next sweep in {} s): {}", chunks, batch,
                        SWEEP_SECONDS, e.getMessage());
            }
        });
    }

    @PreDestroy
    void stopBrowser() {
        browser.shutdownNow();
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
