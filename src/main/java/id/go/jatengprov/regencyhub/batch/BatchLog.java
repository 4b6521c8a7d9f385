package id.go.jatengprov.regencyhub.batch;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch's log lines: one when it is received, one when it is queued, one when it reaches its final status
 * (with counts and duration), one per dead-lettered chunk and one per replay. Only {@link BatchStore} calls
 * this, after the change is committed, so each line appears once and only for what really happened.
 */
final class BatchLog {

    private static final Logger log = LoggerFactory.getLogger(BatchLog.class);

    private BatchLog() {}

    static void registered(Batch b, BatchStore.Outcome outcome) {
        switch (outcome) {
            case NEW -> log.info("Batch {} received: source {}{}, {}{}, {} bytes, sha256 {}", b.id(), b.sourceId(),
                    b.regency() == null ? "" : " (regency " + b.regency() + ")", by(b), file(b), b.bytes(), shortHash(b));
            case RESUME -> log.info("Batch {} received again before it was queued: source {}, {}{}; taking it up again",
                    b.id(), b.sourceId(), by(b), file(b));
            case DUPLICATE -> log.info("Batch {} DUPLICATE of batch {}: source {}, {}{}, sha256 {}; nothing loaded", b.id(),
                    b.duplicateOf(), b.sourceId(), by(b), file(b), shortHash(b));
        }
    }

    /** A transition committed: logs what matters of it, if anything. */
    static void changed(Batch before, Batch after, String event) {
        BatchStatus from = before.status();
        BatchStatus to = after.status();
        if (event.equals("dead-lettered")) {
            log.info("Batch {} FAILED: {} ({}, after {})", after.id(), after.message(), counts(after), duration(after));
            return;
        }
        if (from == BatchStatus.FAILED && to == BatchStatus.QUEUED) {
            log.info("Batch {} replayed: its dead-lettered chunks are back on the load queue ({} of {} chunks loaded)",
                    after.id(), after.chunksLoaded(), after.chunksTotal());
            return;
        }
        if (from == BatchStatus.RECEIVED && to != BatchStatus.RECEIVED && to != BatchStatus.FAILED) {
            log.info("Batch {} queued: {} rows read, {} rejected{}, {} chunk{} (source {})", after.id(), after.rowsRead(),
                    after.state().rowsRejected(), skipped(after), after.chunksTotal(),
                    after.chunksTotal() != null && after.chunksTotal() == 1 ? "" : "s", after.sourceId());
        }
        if (to.isFinal() && to != from) {
            if (to == BatchStatus.FAILED) {
                log.info("Batch {} FAILED: {} ({}, after {})", after.id(), after.message(), counts(after), duration(after));
            } else {
                log.info("Batch {} {}: {}, in {} (source {})", after.id(), to, counts(after), duration(after), after.sourceId());
            }
        }
    }

    private static String counts(Batch b) {
        int warnings = b.findings().warnings().size();
        return b.rowsRead() + " rows read, " + b.rowsLoaded() + " loaded, " + b.rowsRejected() + " rejected" + skipped(b)
                + (warnings == 0 ? "" : ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
    }

    private static String skipped(Batch b) {
        long n = b.rowsSkipped();
        return n == 0 ? "" : ", " + n + " total row" + (n == 1 ? "" : "s") + " skipped";
    }

    static String duration(Batch b) {
        Duration d = b.duration();
        if (d == null) return "?";
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String by(Batch b) {
        return b.deliveredBy() == null ? b.origin().label() : b.origin() == Origin.UPLOAD ? "upload by " + b.deliveredBy()
                : b.origin() == Origin.ROUTE ? "route " + b.deliveredBy() : b.deliveredBy();
    }

    private static String file(Batch b) {
        return b.fileName() == null ? "" : ", file " + b.fileName();
    }

    private static String shortHash(Batch b) {
        return b.contentHash().length() > 12 ? b.contentHash().substring(0, 12) : b.contentHash();
    }
}
