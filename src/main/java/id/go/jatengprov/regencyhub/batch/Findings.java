package id.go.jatengprov.regencyhub.batch;

import java.time.LocalDate;
import java.util.List;

/**
 * What intake found out about a batch's content beside the counts, written when it was normalised: the
 * total rows it left out, what the file leaves open, and the periods its rows cover.
 *
 * @param rowsSkipped total rows recognised and left out: neither loaded nor rejected
 * @param skipped     the first of them, with the reason
 * @param warnings    e.g. a number column that reads two ways, a total row that does not match its rows
 * @param periodFrom  earliest value of the dataset's period field over the rows normalised at intake; null if none
 * @param periodTo    latest such value
 */
public record Findings(long rowsSkipped, List<Skipped> skipped, List<String> warnings, LocalDate periodFrom,
                       LocalDate periodTo) {

    /** A row left out on purpose, and why. */
    public record Skipped(long row, String reason) {}

    public static final Findings NONE = new Findings(0, List.of(), List.of(), null, null);

    public Findings {
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
