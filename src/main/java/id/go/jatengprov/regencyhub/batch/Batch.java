package id.go.jatengprov.regencyhub.batch;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * One received payload (what it is, where it came from, who brought it) and what became of it
 * ({@link BatchState}, {@link Findings}).
 *
 * @param regency     Kemendagri code of the source's regency when the batch was received ("33.74", "33"); null for
 *                    batches older than that record
 * @param deliveredBy the authenticated user of an upload, "drop folder", "poll", or the custom route's id
 */
public record Batch(long id, String sourceId, String datasetId, Origin origin, String fileName, String contentHash,
                    long bytes, String landingPath, Long duplicateOf, String regency, String deliveredBy,
                    Findings findings, BatchState state) {

    public BatchStatus status() { return state.status(); }
    public long rowsRead() { return state.rowsRead(); }
    /** Rows refused, while normalising and while loading. */
    public long rowsRejected() { return state.rejected(); }
    public long rowsLoaded() { return state.rowsLoaded(); }
    /** Total rows left out: neither loaded nor rejected. */
    public long rowsSkipped() { return findings.rowsSkipped(); }
    public Integer chunksTotal() { return state.chunksTotal(); }
    public int chunksLoaded() { return state.chunksLoaded(); }
    public String detected() { return state.detected(); }
    public String message() { return state.message(); }
    public OffsetDateTime receivedAt() { return state.receivedAt(); }
    public OffsetDateTime queuedAt() { return state.queuedAt(); }
    public OffsetDateTime finishedAt() { return state.finishedAt(); }

    /** From receipt to the final status, or null while it is on its way. */
    public Duration duration() {
        return finishedAt() == null || receivedAt() == null ? null : Duration.between(receivedAt(), finishedAt());
    }

    Batch with(BatchState next) {
        return new Batch(id, sourceId, datasetId, origin, fileName, contentHash, bytes, landingPath, duplicateOf, regency,
                deliveredBy, findings, next);
    }

    Batch with(Findings next) {
        return new Batch(id, sourceId, datasetId, origin, fileName, contentHash, bytes, landingPath, duplicateOf, regency,
                deliveredBy, next, state);
    }
}
