package id.go.jatengprov.regencyhub.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Findings;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.cluster.HubNode;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.embedded.DataFolders;
import id.go.jatengprov.regencyhub.load.ChunkPublisher;
import id.go.jatengprov.regencyhub.load.ChunkSpool;
import id.go.jatengprov.regencyhub.load.EarlyLoads;
import id.go.jatengprov.regencyhub.load.LoadFailures;
import id.go.jatengprov.regencyhub.load.RejectWriter;
import id.go.jatengprov.regencyhub.normalise.FileNormaliser;
import id.go.jatengprov.regencyhub.normalise.Reject;
import id.go.jatengprov.regencyhub.normalise.RowNormaliser;
import id.go.jatengprov.regencyhub.normalise.Verdict;
import id.go.jatengprov.regencyhub.normalise.read.BadFileException;

/**
 * From received bytes to chunks on the load queue. {@link #land} keeps the payload and registers its
 * batch; {@link #process} reads it, normalises every record, stores the rejects, decides whether the
 * batch may load at all ({@code max-reject-ratio}) and puts its chunks on the queue.
 *
 * <p>Normalising and loading run side by side: each full chunk is queued as soon as it is cut and loads while the
 * rest of the file is read ({@link ChunkQueue}), although the reject ratio is only known at the end. Until then the
 * batch is pending ({@link EarlyLoads}): its chunks keep every row they overwrite. Under the ratio the batch is
 * confirmed, in the transaction that records the end of normalising; over it (or a file that turns out bad) it is
 * withdrawn: what its chunks wrote is undone, atomically with its failure, and its chunks still queued change
 * nothing. A batch over the ratio thus loads nothing, as before. When another batch of the dataset is pending, the
 * chunks are spooled ({@link ChunkSpool}, {@code <data-dir>/work/<batch>.copy}) and queued after normalising.
 * Chunking is deterministic, so a batch that a crash interrupted is simply processed again; chunks that already
 * loaded are no-ops for the loader, and a pending batch stays pending.
 */
@Service
public class IntakeService {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);
    /** What became of a payload, as far as intake knows. */
    public record Receipt(long batchId, BatchStatus status, Long duplicateOf, String message) {}

    /** The source does not exist (or is not configured any more). */
    public static class UnknownSourceException extends RuntimeException {
        public UnknownSourceException(String id) {
            super("unknown source '" + id + "'");
        }
    }

    private final ActiveConfig config;
    private final BatchStore batches;
    private final LandingStore landing;
    private final DataSource dataSource;
    private final ChunkPublisher publisher;
    private final EarlyLoads early;
    private final LoadFailures failures;
    private final HubProperties props;
    private final HubNode node;
    /** Batches this hub is processing now; across hubs, the batch's owner (BatchStore.claim) decides. */
    private final Set<Long> inProgress = ConcurrentHashMap.newKeySet();
    /**
     * Landing and registering hold it shared, the retention sweep's deletes exclusively: a copy is never deleted
     * between being landed (again) and its batch being registered.
     */
    private final ReadWriteLock landingLock = new ReentrantReadWriteLock();
    /** The hub's one pool for background intake: uploads answered before they are normalised, resumed batches. */
    private final ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();

    public IntakeService(ActiveConfig config, BatchStore batches, DataSource dataSource, ChunkPublisher publisher,
                         EarlyLoads early, LoadFailures failures, HubProperties props, LandingStore landing, HubNode node) {
        this.config = config;
        this.batches = batches;
        this.landing = landing;
        this.node = node;
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.early = early;
        this.failures = failures;
        this.props = props;
        workers.setCorePoolSize(props.getIntake().getWorkers());
        workers.setMaxPoolSize(props.getIntake().getWorkers());
        workers.setThreadNamePrefix("intake-");
        workers.initialize();
    }

    /**
     * {@link #process(long)} on the intake pool. A failure (database or broker away) leaves the batch RECEIVED;
     * the stalled-batch sweep takes it up again.
     */
    public void processLater(long batchId) {
        workers.execute(() -> {
            try {
                process(batchId);
            } catch (Exception e) {
                log.warn("Batch {} could not be processed now, it will be taken up again: {}", batchId, e.getMessage());
            }
        });
    }

    @PreDestroy
    void stopWorkers() {
        workers.shutdown();
    }

    /** The file format the source reads (csv, xlsx or json), for checks at the door. */
    public String sourceFormat(String sourceId) {
        return config.config().source(sourceId).orElseThrow(() -> new UnknownSourceException(sourceId)).format();
    }

    /** Keeps the payload and registers it: NEW, RESUME (same bytes, interrupted earlier) or DUPLICATE. */
    public BatchStore.Registration land(String sourceId, InputStream body, String fileName, Origin origin, long maxBytes)
            throws IOException {
        return land(sourceId, body, fileName, origin, BatchStore.deliveredBy(origin), maxBytes, null);
    }

    /** {@link #land}, saying who delivered it: the uploading user, or the custom route's id. */
    public BatchStore.Registration land(String sourceId, InputStream body, String fileName, Origin origin, String deliveredBy,
                                        long maxBytes) throws IOException {
        return land(sourceId, body, fileName, origin, deliveredBy, maxBytes, null);
    }

    /**
     * Checks, after the payload is landed and before it becomes a batch, that what was read is what the
     * sender meant (a drop-folder file that changed while it was read must not become a batch).
     */
    @FunctionalInterface
    public interface LandedCheck {
        /** @throws IOException to keep the landed bytes out of any batch */
        void verify() throws IOException;
    }

    public BatchStore.Registration land(String sourceId, InputStream body, String fileName, Origin origin, long maxBytes,
                                        LandedCheck check) throws IOException {
        return land(sourceId, body, fileName, origin, BatchStore.deliveredBy(origin), maxBytes, check);
    }

    /** The batch keeps the source's regency as it is now, and who delivered it; BatchStore logs the receipt. */
    private BatchStore.Registration land(String sourceId, InputStream body, String fileName, Origin origin, String deliveredBy,
                                         long maxBytes, LandedCheck check) throws IOException {
        SourceDef source = config.config().source(sourceId).orElseThrow(() -> new UnknownSourceException(sourceId));
        LandingStore.Landed landed;
        BatchStore.Registration reg;
        landingLock.readLock().lock();
        try {
            landed = landing.land(sourceId, body, maxBytes);
            if (check != null) {
                check.verify();
            }
            reg = batches.register(sourceId, source.dataset(), source.regency(), origin, deliveredBy, fileName,
                    landed.sha256(), landed.bytes(), landed.landingPath());
        } finally {
            landingLock.readLock().unlock();
        }
        return reg;
    }

    /**
     * Deletes landing copies last received before {@code cutoff} whose batches are all final (a RECEIVED batch reads
     * its copy again; a QUEUED one is kept until it ends). The batch records keep their hashes, so the same bytes
     * later are still a duplicate.
     *
     * @return how many copies were deleted
     */
    public int sweepLanding(Instant cutoff) throws IOException {
        Set<String> needed = new HashSet<>();
        batches.unfinishedIntake().forEach(b -> needed.add(b.landingPath()));
        batches.list((List<String>) null, BatchStatus.QUEUED, null, Integer.MAX_VALUE, 0).forEach(b -> needed.add(b.landingPath()));
        return landing.sweep(cutoff, needed, landingLock.writeLock());
    }

    /** {@link #land} then {@link #process}, in the caller's thread. */
    public Receipt receive(String sourceId, InputStream body, String fileName, Origin origin) throws IOException {
        return receive(sourceId, body, fileName, origin, BatchStore.deliveredBy(origin), Long.MAX_VALUE, null);
    }

    /**
     * {@link #receive} with a bound and a check between landing and registering (see {@link LandedCheck}).
     *
     * @throws LandingStore.TooLargeException past {@code maxBytes}: nothing kept, no batch
     */
    public Receipt receive(String sourceId, InputStream body, String fileName, Origin origin, long maxBytes,
                           LandedCheck check) throws IOException {
        return receive(sourceId, body, fileName, origin, BatchStore.deliveredBy(origin), maxBytes, check);
    }

    /** {@link #receive}, saying who delivered it (a custom route's id). */
    public Receipt receive(String sourceId, InputStream body, String fileName, Origin origin, String deliveredBy,
                           LandedCheck check) throws IOException {
        return receive(sourceId, body, fileName, origin, deliveredBy, Long.MAX_VALUE, check);
    }

    private Receipt receive(String sourceId, InputStream body, String fileName, Origin origin, String deliveredBy,
                            long maxBytes, LandedCheck check) throws IOException {
        BatchStore.Registration reg = land(sourceId, body, fileName, origin, deliveredBy, maxBytes, check);
        if (reg.outcome() == BatchStore.Outcome.DUPLICATE) {
            return new Receipt(reg.batchId(), BatchStatus.DUPLICATE, reg.duplicateOf(), "already received as batch " + reg.duplicateOf());
        }
        return process(reg.batch());
    }

    /**
     * Normalises and queues a RECEIVED batch. A bad file ends the batch FAILED with the reason and is not
     * an exception; an infrastructure failure (database, broker) is thrown and leaves the batch RECEIVED,
     * to be processed again.
     */
    public Receipt process(long batchId) throws IOException {
        return process(batches.find(batchId).orElseThrow(() -> new IllegalStateException("no batch " + batchId)));
    }

    /** {@link #process(long)} for a batch record just read or registered. */
    public Receipt process(Batch batch) throws IOException {
        long batchId = batch.id();
        if (!inProgress.add(batchId)) {
            return new Receipt(batchId, BatchStatus.RECEIVED, null, "already being processed");
        }
        try {
            if (batch.status() != BatchStatus.RECEIVED) {
                return new Receipt(batchId, batch.status(), batch.duplicateOf(), batch.message());
            }
            // Several hubs: only the batch's owner works on it; one whose owner is gone is taken over (BatchRecovery).
            if (!batches.claim(batchId, node.id(), node.expiry())) {
                Batch now = batches.find(batchId).orElse(batch);
                return now.status() == BatchStatus.RECEIVED
                        ? new Receipt(batchId, BatchStatus.RECEIVED, null, "being processed by hub "
                                + batches.owner(batchId).orElse("(another)"))
                        : new Receipt(batchId, now.status(), now.duplicateOf(), now.message());
            }
            ActiveConfig.Snapshot snapshot = config.get();
            SourceDef source = snapshot.config().source(batch.sourceId()).orElse(null);
            if (source == null) {
                return fail(batch, "source '" + batch.sourceId() + "' is no longer configured", 0, 0, null);
            }
            // The landing copy, wherever it is kept (a copy from the database is a temporary file while it is read).
            try (LandingStore.Copy payload = landing.open(batch.landingPath(), props.workDir())) {
                return normaliseAndQueue(batch, source, snapshot, payload.path());
            } catch (BadFileException e) {
                return fail(batch, e.getMessage(), 0, 0, null);
            }
        } finally {
            inProgress.remove(batchId);
        }
    }

    /**
     * The batch cannot be loaded. If its chunks loaded while it was normalised, they are undone in the same
     * transaction that fails it ({@link EarlyLoads#withdraw}); otherwise nothing of it was loaded.
     */
    private Receipt fail(Batch batch, String message, long rowsRead, long rowsRejected, Findings findings) throws IOException {
        try {
            if (early.state(batch.id()) != EarlyLoads.State.PENDING
                    || !early.withdraw(batch.id(), batch.datasetId(), message, rowsRead, rowsRejected, findings).done()) {
                batches.failed(batch.id(), message, rowsRead, rowsRejected, findings);
            }
        } catch (SQLException e) {
            throw new IOException("cannot fail batch " + batch.id() + " now (" + message + "): " + e.getMessage(), e);
        }
        return new Receipt(batch.id(), BatchStatus.FAILED, null, message);
    }

    /**
     * Normalising ended under the ratio: the counts are final. A batch whose chunks loaded early is confirmed in the
     * same transaction (EarlyLoads#confirm): from then on it is an ordinary batch, its kept rows are gone.
     */
    private void normalised(Batch batch, boolean pending, FileNormaliser.Stats stats, int chunks, Findings findings)
            throws IOException {
        if (!pending) {
            batches.normalised(batch.id(), stats.rowsRead(), stats.recordsRejected(), chunks, stats.detected(), findings);
            return;
        }
        BatchStore.Transition t;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                t = batches.normalised(c, batch.id(), stats.rowsRead(), stats.recordsRejected(), chunks, stats.detected(), findings);
                early.confirm(c, batch.id(), batch.datasetId());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("cannot record the end of normalising of batch " + batch.id() + ": " + e.getMessage(), e);
        }
        batches.committed(t, "normalised");
    }

    /** What normalising found beside the counts, as the batch keeps it. */
    static Findings findings(FileNormaliser.Stats stats) {
        return new Findings(stats.recordsSkipped(),
                stats.skipped().stream().map(s -> new Findings.Skipped(s.row(), s.reason())).toList(), stats.warnings(),
                stats.periodFrom() == null ? null : LocalDate.parse(stats.periodFrom()),
                stats.periodTo() == null ? null : LocalDate.parse(stats.periodTo()));
    }

    private Receipt normaliseAndQueue(Batch batch, SourceDef source, ActiveConfig.Snapshot snapshot, Path payload)
            throws IOException {
        DatasetDef dataset = snapshot.config().datasetOf(source);
        // A poll lands its records already gathered into one array; an upload lands the body as sent.
        String pointer = batch.origin() == Origin.POLL || source.http() == null ? null : source.http().records();
        // Spooled chunks are the batch's normalised rows: the hub's user only (DataFolders), like the landing copy.
        Path spoolFile = DataFolders.privateDirectory(props.workDir()).resolve(batch.id() + ".copy");
        Files.deleteIfExists(spoolFile); // left by a crash: this run writes it anew
        batches.deleteIntakeRejects(batch.id());
        try (ChunkQueue queue = new ChunkQueue(batch, dataset, publisher, early);
             ChunkSpool spool = new ChunkSpool(props.getLoad().getChunkSize(), queue::queueNow, spoolFile)) {
            FileNormaliser.Stats stats;
            List<Reject> firstRejects;
            try (RejectWriter rejects = new RejectWriter(dataSource, batch.id())) {
                stats = FileNormaliser.run(payload, source, dataset, snapshot.resolver(), pointer, new RowNormaliser.Sink() {
                    @Override public void row(long sourceRow, String[] values) { spool.add(sourceRow, values); }
                    @Override public void reject(Reject r) { rejects.add(r); }
                });
                firstRejects = new ArrayList<>(rejects.first());
            }
            ChunkSpool.Chunk last = spool.finish();
            Findings findings = findings(stats);
            Verdict verdict = Verdict.of(stats, source, firstRejects);
            if (!verdict.loads()) {
                queue.close(); // its chunks still waiting are not sent
                return fail(batch, verdict.failure(), stats.rowsRead(), stats.recordsRejected(), findings);
            }
            // A batch taken up again after a crash is pending still, also if this run cut no full chunk (a smaller
            // hub.load.chunk-size since): it is confirmed all the same.
            boolean pending = queue.loadingEarly() || early.state(batch.id()) == EarlyLoads.State.PENDING;
            normalised(batch, pending, stats, spool.chunks(), findings);
            queue.queueRest(spool, last);
            batches.queued(batch.id());
            failures.failIfDeadLettered(batch.id()); // a chunk dead-lettered while the batch was normalised
            return new Receipt(batch.id(), BatchStatus.QUEUED, null, null);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (SQLException e) {
            throw new IOException("batch " + batch.id() + ": " + e.getMessage(), e);
        }
    }
}
