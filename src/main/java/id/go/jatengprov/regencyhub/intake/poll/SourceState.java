package id.go.jatengprov.regencyhub.intake.poll;

import java.time.OffsetDateTime;

/** A polled source's last run and the validators for change detection. */
public record SourceState(String sourceId, OffsetDateTime lastRunAt, String lastOutcome, Integer lastHttpStatus,
                          String lastMessage, Long lastBatch, OffsetDateTime lastSuccessAt, int consecutiveFailures,
                          String etag, String lastModified, String ckanLastModified, String ckanHash) {

    static SourceState empty(String id) {
        return new SourceState(id, null, null, null, null, null, null, 0, null, null, null, null);
    }
}
