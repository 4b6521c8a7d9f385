package id.go.jatengprov.regencyhub.normalise;

/** PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes. */
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
}
