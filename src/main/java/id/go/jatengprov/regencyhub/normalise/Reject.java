package id.go.jatengprov.regencyhub.normalise;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A value that could not be loaded: where it was (row in the received file, source column), what it
 * was and why it was refused. {@code raw} is the whole source record, for context. {@code cell} is set for
 * workbooks only: the cell as Excel names it, {@code 'Tabel 1'!C7} (or the row, {@code 'Tabel 1'!7:7}).
 */
public record Reject(long row, String column, String value, String reason, String raw,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String cell) {

    /** A reject in a CSV or JSON file: row and column say where. */
    public Reject(long row, String column, String value, String reason, String raw) {
        this(row, column, value, reason, raw, null);
    }

    public static final int MAX_TEXT = 1000;

    public Reject {
        value = cut(value);
        raw = cut(raw);
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }

    @Override
    public String toString() {
        return (cell == null ? "row " + row : "cell " + cell) + (column == null ? "" : ", column '" + column + "'")
                + (value == null ? "" : ", value '" + value + "'") + ": " + reason;
    }
}
