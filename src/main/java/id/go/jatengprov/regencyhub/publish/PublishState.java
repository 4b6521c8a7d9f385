package id.go.jatengprov.regencyhub.publish;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the hub knows about a dataset's copy on its portal (a row of hub.publish_state).
 *
 * @param target           the portal's dataset page the state belongs to; another target starts afresh
 * @param runBatches       the run in progress (null: none): the batches whose rows it sends
 * @param runAllRows       the run sends every row (a new table, a new resource, a replay of everything)
 * @param runLastKey       the natural key (JSON object) of the last row the portal confirmed in this run
 * @param publishedThrough the newest batch whose rows are on the portal
 */
public record PublishState(String datasetId, String target, String packageId, String resourceId, String metadataHash,
                           List<Long> runBatches,
                           boolean runAllRows, String runLastKey, long runRowsSent, OffsetDateTime runStartedAt,
                           Long publishedThrough, long rowsPublished, OffsetDateTime lastSuccessAt,
                           OffsetDateTime lastAttemptAt, OffsetDateTime nextAttemptAt, int consecutiveFailures,
                           String lastError) {

    public boolean runInProgress() {
        return runBatches != null;
    }

    /** never, failing, pending (a run to finish or batches to send: the store decides) or published. */
    public String status(boolean batchesWaiting) {
        if (consecutiveFailures > 0) return "failing";
        if (runInProgress() || batchesWaiting || runAllRows) return "pending";
        return lastSuccessAt == null ? "never" : "published";
    }
}
