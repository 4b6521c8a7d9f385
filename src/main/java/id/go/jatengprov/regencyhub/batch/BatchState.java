package id.go.jatengprov.regencyhub.batch;

import java.time.OffsetDateTime;

/**
 * What changes about a batch as it moves: its status, its counters and its timestamps. Only
 * {@link BatchLifecycle} makes a new one from an old one, so the rules live in one place.
 *
 * @param rowsRejected     records refused while normalising
 * @param rowsRejectedLoad rows refused while loading (a key repeated in the batch)
 * @param chunksTotal      null until normalising is done
 * @param countsForDedupe  whether the same bytes again are a DUPLICATE of this batch; a batch that failed
 *                         at intake stops counting, so that a resend after a fix is taken
 */
public record BatchState(BatchStatus status, long rowsRead, long rowsRejected, long rowsRejectedLoad, long rowsLoaded,
                         Integer chunksTotal, int chunksLoaded, String detected, String message,
                         OffsetDateTime receivedAt, OffsetDateTime queuedAt, OffsetDateTime finishedAt,
                         boolean countsForDedupe) {

    /** A payload just landed. */
    public static BatchState received(OffsetDateTime at) {
        return new BatchState(BatchStatus.RECEIVED, 0, 0, 0, 0, null, 0, null, null, at, null, null, true);
    }

    /** Rows refused, while normalising and while loading. */
    public long rejected() {
        return rowsRejected + rowsRejectedLoad;
    }

    /** Every chunk is in the load log. */
    public boolean allChunksLoaded() {
        return chunksTotal != null && chunksLoaded >= chunksTotal;
    }
}
