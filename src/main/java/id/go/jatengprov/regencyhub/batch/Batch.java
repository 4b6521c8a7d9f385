package id.go.jatengprov.regencyhub.batch;

import java.time.OffsetDateTime;

/** One received payload and what became of it. */
public record Batch(long id, String sourceId, String datasetId, String origin, String fileName, String contentHash,
                    long bytes, String landingPath, BatchStatus status, Long duplicateOf, long rowsRead,
                    long rowsRejected, long rowsLoaded, Integer chunksTotal, int chunksLoaded, String detected,
                    String message, OffsetDateTime receivedAt, OffsetDateTime queuedAt, OffsetDateTime finishedAt) {
}
