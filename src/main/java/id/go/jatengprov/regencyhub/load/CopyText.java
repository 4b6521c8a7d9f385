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

    /**
     * {@link #appendRow(StringBuilder, String[], long)} as UTF-8 bytes, straight into a buffer: a chunk is built
     * without a String per row or a character encoder in between (this runs for every row of every file).
     */
    public static void appendRow(Bytes out, String[] values, long sourceRow) {
        for (String v : values) {
            out.value(v);
            out.put((byte) '\t');
        }
        out.number(sourceRow);
        out.put((byte) '\n');
    }

    /** A growable byte buffer of COPY text. */
    public static final class Bytes {
        private byte[] buf;
        private int len;

        public Bytes(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        public int length() {
            return len;
        }

        public byte[] toArray() {
            return java.util.Arrays.copyOf(buf, len);
        }

        public void clear() {
            len = 0;
        }

        void put(byte b) {
            if (len == buf.length) grow(1);
            buf[len++] = b;
        }

        private void grow(int more) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }

        void number(long n) {
            if (len + 20 > buf.length) grow(20);
            if (n < 0) {
                buf[len++] = '-';
                n = -n; // row numbers are never Long.MIN_VALUE
            }
            int start = len;
            do {
                buf[len++] = (byte) ('0' + n % 10);
                n /= 10;
            } while (n != 0);
            for (int i = start, j = len - 1; i < j; i++, j--) {
                byte t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
        }

        /** One value, escaped as COPY text wants it, in UTF-8. */
        void value(String v) {
            if (v == null) {
                put((byte) '\\');
                put((byte) 'N');
                return;
            }
            int n = v.length();
            // room for the worst case: an escape is 2 bytes for 1 char, other chars at most 3, a surrogate pair 4 for 2
            if (len + 3 * n > buf.length) grow(3 * n);
            byte[] b = buf;
            int at = len;
            for (int i = 0; i < n; i++) {
                char c = v.charAt(i);
                if (c < 0x80) {
                    switch (c) {
                        case '\\' -> { b[at++] = '\\'; b[at++] = '\\'; }
                        case '\t' -> { b[at++] = '\\'; b[at++] = 't'; }
                        case '\n' -> { b[at++] = '\\'; b[at++] = 'n'; }
                        case '\r' -> { b[at++] = '\\'; b[at++] = 'r'; }
                        case '\0' -> { } // PostgreSQL text cannot hold NUL; the reader refuses such files anyway
                        default -> b[at++] = (byte) c;
                    }
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xC0 | c >> 6);
                    b[at++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(v.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, v.charAt(++i));
                    b[at++] = (byte) (0xF0 | cp >> 18);
                    b[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[at++] = (byte) (0x80 | cp & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    b[at++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
                } else {
                    b[at++] = (byte) (0xE0 | c >> 12);
                    b[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                    b[at++] = (byte) (0x80 | c & 0x3F);
                }
            }
            len = at;
        }
    }
}
