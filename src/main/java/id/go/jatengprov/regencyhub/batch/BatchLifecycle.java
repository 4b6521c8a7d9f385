package id.go.jatengprov.regencyhub.batch;

import static id.go.jatengprov.regencyhub.batch.BatchStatus.FAILED;
import static id.go.jatengprov.regencyhub.batch.BatchStatus.LOADED;
import static id.go.jatengprov.regencyhub.batch.BatchStatus.LOADED_WITH_REJECTS;
import static id.go.jatengprov.regencyhub.batch.BatchStatus.QUEUED;
import static id.go.jatengprov.regencyhub.batch.BatchStatus.RECEIVED;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * The batch's state machine: which event may happen in which status, what it does to the counters, and
 * when the batch is final. Pure: no database, no I/O; {@link BatchStore} reads a state under a row lock,
 * asks this class for the next one and writes it back, in the caller's transaction where it has one.
 *
 * <pre>
 *   RECEIVED ──normalised──▶ RECEIVED ──queued──▶ QUEUED ──last chunk loaded──▶ LOADED | LOADED_WITH_REJECTS
 *      │                        │ (all chunks already loaded) ─────────────────▶ LOADED | LOADED_WITH_REJECTS
 *      └──failed (bad file)─────┴──▶ FAILED ◀──dead-lettered── QUEUED
 *      └──withdrawn (chunks loaded early, then over the ratio: undone)──▶ FAILED
 *                                      └──replayed──▶ QUEUED
 *   DUPLICATE: final from the start
 * </pre>
 *
 * <p>Timestamps come from one clock and keep {@code receivedAt <= queuedAt <= finishedAt}: a batch whose
 * chunk was dead-lettered before its last chunk was even queued finishes when it is queued, not before.
 */
public final class BatchLifecycle {

    private static final Set<BatchStatus> LOADING = EnumSet.of(RECEIVED, QUEUED, FAILED);

    private final Clock clock;

    public BatchLifecycle(Clock clock) {
        this.clock = clock;
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The one rule for a batch whose chunks all loaded. */
    public static BatchStatus outcome(BatchState s) {
        return s.rejected() > 0 ? LOADED_WITH_REJECTS : LOADED;
    }

    /** Normalising is done: the counts of intake are known, the chunks are about to be queued. */
    public BatchState normalised(BatchState s, long rowsRead, long rowsRejected, int chunksTotal, String detected) {
        require(s, "normalised", RECEIVED);
        return new BatchState(RECEIVED, rowsRead, rowsRejected, s.rowsRejectedLoad(), s.rowsLoaded(), chunksTotal,
                s.chunksLoaded(), detected, s.message(), s.receivedAt(), s.queuedAt(), s.finishedAt(), s.countsForDedupe());
    }

    /**
     * Every chunk is on the queue. If the loaders were faster, the batch is final at once; if a chunk was
     * dead-lettered meanwhile it stays FAILED.
     */
    public BatchState queued(BatchState s, boolean deadLettersWaiting) {
        require(s, "queued", RECEIVED, FAILED);
        OffsetDateTime now = now();
        if (s.status() == FAILED) {
            return new BatchState(FAILED, s.rowsRead(), s.rowsRejected(), s.rowsRejectedLoad(), s.rowsLoaded(),
                    s.chunksTotal(), s.chunksLoaded(), s.detected(), s.message(), s.receivedAt(), now, now, s.countsForDedupe());
        }
        BatchState queued = new BatchState(QUEUED, s.rowsRead(), s.rowsRejected(), s.rowsRejectedLoad(), s.rowsLoaded(),
                s.chunksTotal(), s.chunksLoaded(), s.detected(), s.message(), s.receivedAt(), now, null, s.countsForDedupe());
        return finishIfComplete(queued, deadLettersWaiting, now);
    }

    /**
     * The payload cannot be loaded (unreadable, over max-reject-ratio, its source gone). The counts read so
     * far stay; the batch no longer counts for dedupe, so the same bytes are taken again after a fix.
     */
    public BatchState failed(BatchState s, String message, long rowsRead, long rowsRejected) {
        require(s, "failed", RECEIVED, QUEUED);
        OffsetDateTime now = now();
        return new BatchState(FAILED, Math.max(rowsRead, s.rowsRead()), Math.max(rowsRejected, s.rowsRejected()),
                s.rowsRejectedLoad(), s.rowsLoaded(), s.chunksTotal(), s.chunksLoaded(), s.detected(), message,
                s.receivedAt(), s.queuedAt(), later(now, s.queuedAt()), false);
    }

    /**
     * A batch whose chunks loaded while it was normalised cannot be loaded after all (over max-reject-ratio, a bad
     * file): what they wrote was undone in the same transaction, so the batch ends as if nothing had loaded, FAILED
     * like {@link #failed}, with no chunk counted.
     */
    public BatchState withdrawn(BatchState s, String message, long rowsRead, long rowsRejected) {
        require(s, "withdrawn", RECEIVED, FAILED);
        OffsetDateTime now = now();
        return new BatchState(FAILED, Math.max(rowsRead, s.rowsRead()), Math.max(rowsRejected, s.rowsRejected()), 0, 0,
                null, 0, s.detected(), message, s.receivedAt(), s.queuedAt(), later(now, s.queuedAt()), false);
    }

    /** A chunk committed; if it was the last one and none waits in the dead-letter queue, the batch is done. */
    public BatchState chunkLoaded(BatchState s, long loaded, long rejected, boolean deadLettersWaiting) {
        require(s, "loading a chunk", RECEIVED, QUEUED, FAILED);
        BatchState next = new BatchState(s.status(), s.rowsRead(), s.rowsRejected(), s.rowsRejectedLoad() + rejected,
                s.rowsLoaded() + loaded, s.chunksTotal(), s.chunksLoaded() + 1, s.detected(), s.message(),
                s.receivedAt(), s.queuedAt(), s.finishedAt(), s.countsForDedupe());
        return finishIfComplete(next, deadLettersWaiting, now());
    }

    /**
     * A chunk that had already committed came again (a redelivery or a replay): nothing to count, but a
     * replay may have reopened the batch, which is now complete.
     */
    public BatchState chunkRedelivered(BatchState s, boolean deadLettersWaiting) {
        if (s.status().isFinal() && s.status() != FAILED) {
            return s;
        }
        require(s, "loading a chunk again", LOADING.toArray(BatchStatus[]::new));
        return finishIfComplete(s, deadLettersWaiting, now());
    }

    /** A chunk failed its last attempt and waits in the dead-letter queue: the batch is FAILED until it is replayed. */
    public BatchState deadLettered(BatchState s, String message) {
        require(s, "dead-lettered", RECEIVED, QUEUED, FAILED);
        OffsetDateTime now = now();
        return new BatchState(FAILED, s.rowsRead(), s.rowsRejected(), s.rowsRejectedLoad(), s.rowsLoaded(),
                s.chunksTotal(), s.chunksLoaded(), s.detected(), message, s.receivedAt(), s.queuedAt(),
                later(now, s.queuedAt()), s.countsForDedupe());
    }

    /** Its dead-lettered chunks went back to the load queue. Only a batch that failed while loading can be replayed. */
    public BatchState replayed(BatchState s) {
        if (s.status() == QUEUED) {
            return s; // another chunk of the batch was replayed first
        }
        require(s, "replayed", FAILED);
        if (s.chunksTotal() == null) {
            throw new IllegalTransitionException(FAILED, "replayed: it failed before any chunk was queued");
        }
        return new BatchState(QUEUED, s.rowsRead(), s.rowsRejected(), s.rowsRejectedLoad(), s.rowsLoaded(),
                s.chunksTotal(), s.chunksLoaded(), s.detected(), "chunks replayed from the dead-letter queue",
                s.receivedAt(), s.queuedAt(), null, s.countsForDedupe());
    }

    private static BatchState finishIfComplete(BatchState s, boolean deadLettersWaiting, OffsetDateTime now) {
        if ((s.status() != QUEUED && s.status() != FAILED) || !s.allChunksLoaded() || deadLettersWaiting) {
            return s;
        }
        return new BatchState(outcome(s), s.rowsRead(), s.rowsRejected(), s.rowsRejectedLoad(), s.rowsLoaded(),
                s.chunksTotal(), s.chunksLoaded(), s.detected(), null, s.receivedAt(), s.queuedAt(),
                later(now, s.queuedAt()), s.countsForDedupe());
    }

    private static OffsetDateTime later(OffsetDateTime a, OffsetDateTime b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    private static void require(BatchState s, String event, BatchStatus... allowed) {
        for (BatchStatus a : allowed) {
            if (s.status() == a) return;
        }
        throw new IllegalTransitionException(s.status(), event);
    }
}
