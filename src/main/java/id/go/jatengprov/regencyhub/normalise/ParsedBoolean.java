package id.go.jatengprov.regencyhub.normalise;

import java.util.Objects;

/** Result of {@link Booleans#parse}: a value, a missing-value marker, or an error. Immutable; shared instances. */
public final class ParsedBoolean {

    static final ParsedBoolean TRUE = new ParsedBoolean(Boolean.TRUE, null);
    static final ParsedBoolean FALSE = new ParsedBoolean(Boolean.FALSE, null);
    private static final ParsedBoolean MISSING = new ParsedBoolean(null, "missing value");

    private final Boolean value;
    private final String error;

    private ParsedBoolean(Boolean value, String error) {
        this.value = value;
        this.error = error;
    }

    static ParsedBoolean error(String error) {
        return new ParsedBoolean(null, Objects.requireNonNull(error));
    }

    static ParsedBoolean missing() {
        return MISSING;
    }

    public boolean isOk() {
        return error == null;
    }

    /** True when the cell was empty or a missing marker ("-", "n/a"); {@link #error()} is then "missing value". */
    public boolean isMissing() {
        return this == MISSING;
    }

    /** The value. */
    public boolean value() {
        if (error != null) {
            throw new IllegalStateException("no value: " + error);
        }
        return value;
    }

    /** The value, or null when not ok. */
    public Boolean valueOrNull() {
        return value;
    }

    /** Why the cell is not a yes/no value; null when {@link #isOk()}. */
    public String error() {
        return error;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedBoolean p && Objects.equals(value, p.value) && Objects.equals(error, p.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, error);
    }

    @Override
    public String toString() {
        return error == null ? "ParsedBoolean[" + value + "]" : "ParsedBoolean[error=" + error + "]";
    }
}
