package id.go.jatengprov.regencyhub.load;

/**
 * PostgreSQL's COPY text format: tab-separated, \N for NULL, backslash escapes. The only place that knows
 * it; normalising hands over values, and the load side writes them in the database's wire format.
 */
public final class CopyText {
    public static final String NULL = "\\N";

    private CopyText() {}

    public static void append(StringBuilder out, String value) {
        if (value == null) {
            out.append(NULL);
            return;
        }
        int n = value.length();
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0') {
                break;
            }
            i++;
        }
        // Nearly every value needs no escape: append it whole rather than char by char (this runs per cell).
        if (i == n) {
            out.append(value);
            return;
        }
        out.append(value, 0, i);
        for (; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> { } // PostgreSQL text cannot hold NUL; the reader refuses such files anyway
                default -> out.append(c);
            }
        }
    }

    /** One row: the values in order, then the source row number; a line of its own. */
    public static void appendRow(StringBuilder out, String[] values, long sourceRow) {
        for (String v : values) {
            append(out, v);
            out.append('\t');
        }
        out.append(sourceRow).append('\n');
    }
}
