package id.go.jatengprov.regencyhub.normalise.read;

import java.io.IOException;
import java.io.Reader;

/**
 * Sits between the decoded text and FastCSV and follows the CSV quoting rules the same way, because
 * FastCSV silently returns an unclosed quoted field at end of file as if it were fine. It also stops
 * at NUL characters, which mean binary data or a wrong encoding. Lines are counted like FastCSV
 * counts them (CR, LF and CRLF each end one line) so its messages can name the right line.
 */
final class CsvGuardReader extends Reader {

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final Reader in;
    private final char delimiter;
    private int state = FIELD_START;
    private long line = 1;
    private long quoteStartLine;
    private boolean lastWasCr;

    CsvGuardReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** True while the text read so far ends inside a quoted field. */
    boolean inQuotes() {
        return state == QUOTED || state == QUOTE_IN_QUOTED;
    }

    /** The line where the quoted field that is still open began. */
    long quoteStartLine() {
        return quoteStartLine;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n < 0) {
            if (state == QUOTED) {
                throw new BadFileException("line " + quoteStartLine + ": unbalanced quote: a quoted field starting on line "
                        + quoteStartLine + " never ends; check the quoting (a quote inside a quoted field must be doubled: \"\")");
            }
            return n;
        }
        scan(buf, off, off + n);
        return n;
    }

    private void scan(char[] buf, int from, int to) {
        int st = state;
        long ln = line;
        boolean cr = lastWasCr;
        char d = delimiter;
        for (int i = from; i < to; i++) {
            char c = buf[i];
            if (c == '\n') {
                if (!cr) {
                    ln++;
                }
                cr = false;
                if (st != QUOTED) {
                    st = FIELD_START;
                }
                continue;
            }
            if (c == '\r') {
                ln++;
                cr = true;
                if (st != QUOTED) {
                    st = FIELD_START;
                }
                continue;
            }
            cr = false;
            if (c == 0) {
                state = st;
                line = ln;
                throw new BadFileException("line " + ln + ": the file contains a NUL character: it is binary or"
                        + " not in the detected encoding; save it as UTF-8 text");
            }
            switch (st) {
                case FIELD_START:
                    if (c == '"') {
                        st = QUOTED;
                        quoteStartLine = ln;
                    } else if (c != d) {
                        st = UNQUOTED;
                    }
                    break;
                case UNQUOTED:
                    if (c == d) {
                        st = FIELD_START;
                    }
                    break;
                case QUOTED:
                    if (c == '"') {
                        st = QUOTE_IN_QUOTED;
                    }
                    break;
                default: // QUOTE_IN_QUOTED: "" is an escaped quote, anything else closes the field
                    st = c == '"' ? QUOTED : c == d ? FIELD_START : UNQUOTED;
                    break;
            }
        }
        state = st;
        line = ln;
        lastWasCr = cr;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
