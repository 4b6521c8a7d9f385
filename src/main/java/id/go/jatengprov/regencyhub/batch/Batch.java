package id.go.jatengprov.regencyhub.batch;

import java.time.OffsetDateTime;

/** One received payload (what it is, where it came from) and what became of it ({@link BatchState}). */
public record Batch(long id, String sourceId, String datasetId, Origin origin, String fileName, String contentHash,
                    long bytes, String landingPath, Long duplicateOf, BatchState state) {

    public BatchStatus status() { return state.status(); }
    public long rowsRead() { return state.rowsRead(); }
    /** Rows refused, while normalising and while loading. */
    public long rowsRejected() { return state.rejected(); }
    public long rowsLoaded() { return state.rowsLoaded(); }
    public Integer chunksTotal() { return state.chunksTotal(); }
    public int chunksLoaded() { return state.chunksLoaded(); }
    public String detected() { return state.detected(); }
    public String message() { return state.message(); }
    public OffsetDateTime receivedAt() { return state.receivedAt(); }
    public OffsetDateTime queuedAt() { return state.queuedAt(); }
    public OffsetDateTime finishedAt() { return state.finishedAt(); }
}
