package id.go.jatengprov.regencyhub.normalise;

/**
 * A value that could not be loaded: where it was (row in the received file, source column), what it
 * was and why it was refused. {@code raw} is the whole source record, for context.
 */
public record Reject(long row, String column, String value, String reason, String raw) {

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
        return "row " + row + (column == null ? "" : ", column '" + column + "'")
                + (value == null ? "" : ", value '" + value + "'") + ": " + reason;
    }
}
