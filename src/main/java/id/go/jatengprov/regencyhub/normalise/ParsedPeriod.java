package id.go.jatengprov.regencyhub.normalise;

import java.time.LocalDate;
import java.util.Objects;

/** Result of {@link Periods#parse}: the first day of the period at the dataset's grain, or an error. Immutable. */
public final class ParsedPeriod {

    private static final ParsedPeriod MISSING = new ParsedPeriod(null, "missing value");

    private final LocalDate start;
    private final String error;

    private ParsedPeriod(LocalDate start, String error) {
        this.start = start;
        this.error = error;
    }

    static ParsedPeriod ok(LocalDate start) {
        return new ParsedPeriod(Objects.requireNonNull(start), null);
    }

    static ParsedPeriod error(String error) {
        return new ParsedPeriod(null, Objects.requireNonNull(error));
    }

    static ParsedPeriod missing() {
        return MISSING;
    }

    public boolean isOk() {
        return error == null;
    }

    /** True when the cell was empty or a missing marker ("-", "n/a"); {@link #error()} is then "missing value". */
    public boolean isMissing() {
        return this == MISSING;
    }

    /** First day of the period at the dataset's grain. */
    public LocalDate start() {
        if (error != null) {
            throw new IllegalStateException("no period: " + error);
        }
        return start;
    }

    /** Why the cell is not a period; null when {@link #isOk()}. */
    public String error() {
        return error;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedPeriod p && Objects.equals(start, p.start) && Objects.equals(error, p.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, error);
    }

    @Override
    public String toString() {
        return error == null ? "ParsedPeriod[" + start + "]" : "ParsedPeriod[error=" + error + "]";
    }
}
