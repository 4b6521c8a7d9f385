package id.go.jatengprov.regencyhub.normalise;

import java.util.List;
import java.util.Locale;

import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * Whether a normalised file may load at all, and if not, why: the one rule that intake applies to a batch and
 * {@code preview} applies to a file, so that a preview says what the hub will do. A file loads when it has
 * data rows and its share of rejected rows is at most the source's {@code max-reject-ratio}; total rows are
 * not data and count on neither side of the share.
 *
 * @param failure null when the file loads; otherwise the batch's message, word for word
 */
public record Verdict(String failure) {

    /** Rejects quoted in the message of a file over the ratio. */
    public static final int QUOTED_REJECTS = 3;

    public boolean loads() {
        return failure == null;
    }

    /** @param firstRejects the first rejects (the first {@value #QUOTED_REJECTS} are quoted in the message of a file over the ratio) */
    public static Verdict of(FileNormaliser.Stats stats, SourceDef source, List<Reject> firstRejects) {
        if (stats.rowsRead() == 0) {
            return new Verdict("the file has no data rows (" + stats.detected() + "); nothing to load");
        }
        if (stats.dataRows() == 0) {
            return new Verdict("the file has no data rows, only " + stats.recordsSkipped() + " total row"
                    + (stats.recordsSkipped() == 1 ? "" : "s") + " (" + stats.detected() + "); nothing to load");
        }
        double ratio = (double) stats.recordsRejected() / stats.dataRows();
        if (ratio > source.maxRejectRatio()) {
            return new Verdict(String.format(Locale.ROOT,
                    "%d of %d rows rejected (%.1f%%), more than the source's max-reject-ratio %.2f allows; nothing loaded. First: %s",
                    stats.recordsRejected(), stats.dataRows(), ratio * 100, source.maxRejectRatio(),
                    firstRejects.subList(0, Math.min(firstRejects.size(), QUOTED_REJECTS))));
        }
        return new Verdict(null);
    }
}
