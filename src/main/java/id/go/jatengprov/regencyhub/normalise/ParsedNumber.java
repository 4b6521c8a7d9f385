package id.go.jatengprov.regencyhub.normalise;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Result of {@link Numbers#parseDecimal} or {@link Numbers#parseInteger}: a value, a missing-value marker, or an
 * error sentence. Immutable. Integer results keep a primitive long so the integer path never builds a BigDecimal.
 */
public final class ParsedNumber {

    private static final ParsedNumber MISSING = new ParsedNumber(null, 0, false, false, "missing value");

    private final BigDecimal decimal;   // null for integer results and failures
    private final long integer;
    private final boolean isInteger;
    private final boolean percent;
    private final String error;         // null when ok

    private ParsedNumber(BigDecimal decimal, long integer, boolean isInteger, boolean percent, String error) {
        this.decimal = decimal;
        this.integer = integer;
        this.isInteger = isInteger;
        this.percent = percent;
        this.error = error;
    }

    static ParsedNumber ofDecimal(BigDecimal value, boolean percent) {
        return new ParsedNumber(Objects.requireNonNull(value), 0, false, percent, null);
    }

    static ParsedNumber ofLong(long value, boolean percent) {
        return new ParsedNumber(null, value, true, percent, null);
    }

    static ParsedNumber error(String error) {
        return new ParsedNumber(null, 0, false, false, Objects.requireNonNull(error));
    }

    static ParsedNumber missing() {
        return MISSING;
    }

    /** True when a value was parsed. */
    public boolean isOk() {
        return error == null;
    }

    /** True when the cell held no value ("", "-", "...", "n/a"); {@link #error()} is then "missing value". */
    public boolean isMissing() {
        return this == MISSING;
    }

    /** True when the value was written with a trailing %; the value is as written ("12,5%" is 12.5). */
    public boolean isPercent() {
        return percent;
    }

    /** Why the cell is not a number; null when {@link #isOk()}. */
    public String error() {
        return error;
    }

    /** The value; for integer results the long as a BigDecimal. */
    public BigDecimal decimalValue() {
        requireOk();
        return isInteger ? BigDecimal.valueOf(integer) : decimal;
    }

    /** The value of an integer result ({@link Numbers#parseInteger}). */
    public long longValue() {
        requireOk();
        if (!isInteger) {
            throw new IllegalStateException("not an integer result; use decimalValue()");
        }
        return integer;
    }

    private void requireOk() {
        if (error != null) {
            throw new IllegalStateException("no value: " + error);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedNumber p && isInteger == p.isInteger && integer == p.integer
                && percent == p.percent && Objects.equals(decimal, p.decimal) && Objects.equals(error, p.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(decimal, integer, isInteger, percent, error);
    }

    @Override
    public String toString() {
        if (error != null) {
            return "ParsedNumber[error=" + error + "]";
        }
        return "ParsedNumber[" + (isInteger ? Long.toString(integer) : decimal.toPlainString())
                + (percent ? "%" : "") + "]";
    }
}
