package id.go.jatengprov.regencyhub.normalise.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;

import id.go.jatengprov.regencyhub.config.CsvSettings;

/**
 * Streams a CSV file record by record with FastCSV, after {@link FormatSniffer} has chosen the
 * encoding and delimiter. Finds the header row below any title rows, maps the wanted columns by
 * name, skips blank and footer rows, and flags ragged rows instead of failing the whole file.
 *
 * <p>Cells are trimmed of surrounding whitespace including non-breaking spaces; empty cells are "".
 * Bytes that are invalid in the chosen encoding become U+FFFD and the record gets a problem.
 */
public final class CsvRecordReader implements RecordReader {

    static final int MAX_FIELD_CHARS = 1_000_000;
    static final int MAX_FIELDS = 10_000;
    /** FastCSV must hold a whole record in its buffer, so the buffer limit is also the record limit. */
    static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;
    static final int HEADER_SEARCH_ROWS = 50;
    static final String[] FOOTER_PREFIXES = {"sumber", "source", "catatan", "keterangan", "note", "ket.", "*)"};
    private static final Pattern RECORD_LINE = Pattern.compile("started in line (\\d+)");
    private static final Pattern CHAR_AFTER_QUOTE = Pattern.compile("closing quote: '(.)'");

    private final Path file;
    private final Sniffed sniffed;
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> it;
    private final CsvGuardReader guard;
    private final List<String> header;
    private final long headerRow;
    private final int[] columnIndex;
    private final List<String> wanted;
    private long skipped;
    private SourceRecord next;
    private boolean done;

    private CsvRecordReader(Path file, Sniffed sniffed, CsvReader<CsvRecord> csv, CsvGuardReader guard,
                            List<String> wanted) {
        this.file = file;
        this.sniffed = sniffed;
        this.csv = csv;
        this.guard = guard;
        this.it = csv.iterator();
        this.wanted = List.copyOf(wanted);
        CsvRecord h = findHeader();
        this.headerRow = h.getStartingLineNumber();
        List<String> names = new ArrayList<>(h.getFieldCount());
        for (int i = 0; i < h.getFieldCount(); i++) {
            names.add(normaliseName(h.getField(i), false));
        }
        this.header = Collections.unmodifiableList(names);
        this.columnIndex = mapColumns(names);
    }

    public static CsvRecordReader open(Path file, CsvSettings settings, List<String> wantedColumns) {
        Sniffed s = FormatSniffer.sniff(file, settings);
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
            in.skipNBytes(s.bomLength());
            // REPLACE rather than REPORT: a stray bad byte spoils one record (flagged), not the file
            CharsetDecoder dec = s.charset().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            CsvGuardReader guard = new CsvGuardReader(new InputStreamReader(in, dec), s.delimiter());
            CsvReader<CsvRecord> csv = CsvReader.builder()
                    .fieldSeparator(s.delimiter())
                    .quoteCharacter('"')
                    .commentStrategy(CommentStrategy.NONE)
                    .skipEmptyLines(false) // we skip blank records ourselves so they can be counted
                    .allowExtraFields(true)
                    .allowMissingFields(true)
                    .maxBufferSize(MAX_RECORD_CHARS)
                    .build(CsvRecordHandler.builder()
                            .maxFields(MAX_FIELDS)
                            .maxFieldSize(MAX_FIELD_CHARS)
                            .maxRecordSize(MAX_RECORD_CHARS)
                            .build(), guard);
            try {
                return new CsvRecordReader(file, s, csv, guard, wantedColumns == null ? List.of() : wantedColumns);
            } catch (RuntimeException e) {
                closeQuietly(csv);
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(in);
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- header

    private CsvRecord findHeader() {
        List<String> wantedNorm = wanted.stream().map(w -> normaliseName(w, true)).toList();
        String firstRowText = null;
        CsvRecord closest = null;
        int closestMatches = -1;
        int nonBlank = 0;
        while (nonBlank < HEADER_SEARCH_ROWS) {
            CsvRecord r = fetch();
            if (r == null) {
                break;
            }
            if (isBlank(r)) {
                continue;
            }
            nonBlank++;
            if (firstRowText == null) {
                firstRowText = join(r, 200);
            }
            int matches = 0;
            for (String w : wantedNorm) {
                if (indexOfName(r, w, 0) >= 0) {
                    matches++;
                }
            }
            if (matches == wantedNorm.size()) {
                checkRepeats(r, wantedNorm);
                return r;
            }
            if (matches > closestMatches) {
                closest = r;
                closestMatches = matches;
            }
        }
        String expected = String.join(", ", wanted);
        if (firstRowText == null) {
            throw new BadFileException("the file is empty (no non-blank rows): expected a header row with columns " + expected);
        }
        StringBuilder msg = new StringBuilder("no header row found in the first ")
                .append(HEADER_SEARCH_ROWS).append(" rows: expected columns ").append(expected)
                .append("; the first row was: ").append(firstRowText);
        if (closestMatches > 0) {
            List<String> missing = new ArrayList<>();
            for (String w : wanted) {
                if (indexOfName(closest, normaliseName(w, true), 0) < 0) {
                    missing.add(w);
                }
            }
            msg.append("; line ").append(closest.getStartingLineNumber()).append(" comes closest but lacks ")
                    .append(String.join(", ", missing));
        }
        msg.append("; check the column names (and the delimiter '").append(printable(sniffed.delimiter())).append("')");
        throw new BadFileException(msg.toString());
    }

    private void checkRepeats(CsvRecord r, List<String> wantedNorm) {
        for (int k = 0; k < wantedNorm.size(); k++) {
            int first = indexOfName(r, wantedNorm.get(k), 0);
            int second = indexOfName(r, wantedNorm.get(k), first + 1);
            if (second >= 0) {
                throw new BadFileException("line " + r.getStartingLineNumber() + ": header repeats column '"
                        + wanted.get(k) + "' (columns " + (first + 1) + " and " + (second + 1)
                        + "); rename or remove one of them");
            }
        }
    }

    private int[] mapColumns(List<String> names) {
        List<String> lower = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        int[] idx = new int[wanted.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = lower.indexOf(normaliseName(wanted.get(k), true));
        }
        return idx;
    }

    private static int indexOfName(CsvRecord r, String normalisedName, int from) {
        for (int i = from; i < r.getFieldCount(); i++) {
            if (normaliseName(r.getField(i), true).equals(normalisedName)) {
                return i;
            }
        }
        return -1;
    }

    /** Header names match ignoring case, surrounding whitespace/NBSP and a stray BOM. */
    private static String normaliseName(String s, boolean lowerCase) {
        String t = trim(s.replace("\uFEFF", ""));
        return lowerCase ? t.toLowerCase(Locale.ROOT) : t;
    }

    // ---------------------------------------------------------------- records

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord r = next;
        next = null;
        return r;
    }

    private SourceRecord advance() {
        CsvRecord r;
        while ((r = fetch()) != null) {
            if (isBlank(r) || isFooter(r)) {
                skipped++;
                continue;
            }
            return toSourceRecord(r);
        }
        return null;
    }

    private SourceRecord toSourceRecord(CsvRecord r) {
        int n = r.getFieldCount();
        String[] cells = new String[columnIndex.length];
        String problem = null;
        for (int k = 0; k < cells.length; k++) {
            int i = columnIndex[k];
            if (i < n) {
                String v = trim(r.getField(i));
                cells[k] = v;
                if (problem == null && v.indexOf('\uFFFD') >= 0) {
                    problem = "column '" + wanted.get(k) + "' contains bytes that are not valid "
                            + sniffed.charset().name() + " (shown as \uFFFD); save the file as UTF-8";
                }
            }
        }
        if (n > header.size()) {
            int lastNonBlank = n - 1;
            while (lastNonBlank >= header.size() && isBlank(r.getField(lastNonBlank))) {
                lastNonBlank--;
            }
            if (lastNonBlank >= header.size()) {
                // a stray delimiter shifts the values: reject the row rather than guess
                problem = "row has " + (lastNonBlank + 1) + " cells but the header has " + header.size();
            }
        }
        return SourceRecord.lazy(r.getStartingLineNumber(), cells, () -> join(r, SourceRecord.MAX_RAW), problem);
    }

    private boolean isFooter(CsvRecord r) {
        int n = r.getFieldCount();
        int first = 0;
        while (first < n && isBlank(r.getField(first))) {
            first++;
        }
        if (first == n) {
            return false;
        }
        for (int i = first + 1; i < n; i++) {
            if (!isBlank(r.getField(i))) {
                return false;
            }
        }
        String v = trim(r.getField(first));
        for (String p : FOOTER_PREFIXES) {
            if (v.regionMatches(true, 0, p, 0, p.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(CsvRecord r) {
        for (int i = 0; i < r.getFieldCount(); i++) {
            if (!isBlank(r.getField(i))) {
                return false;
            }
        }
        return true;
    }

    private CsvRecord fetch() {
        try {
            return it.hasNext() ? it.next() : null;
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    // ---------------------------------------------------------------- errors

    /** Turns FastCSV's (and our guard's) exceptions into messages for the sender of the file. */
    private RuntimeException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadFileException b) {
                return b;
            }
            if (t instanceof UncheckedIOException u) {
                return new UncheckedIOException("cannot read " + file + ": " + u.getMessage(), u.getCause());
            }
        }
        if (!(e instanceof CsvParseException)) {
            return e;
        }
        String outer = e.getMessage() == null ? "" : e.getMessage();
        Matcher lm = RECORD_LINE.matcher(outer);
        String line = lm.find() ? lm.group(1) : "1"; // "first record": FastCSV starts at line 1
        String inner = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : outer;
        String quoteHint = guard.inQuotes()
                ? " (a quoted field starting on line " + guard.quoteStartLine()
                  + " is still open: perhaps its closing quote is missing; check the quoting)"
                : "";
        String msg;
        if (inner.contains("maximum limit of") && inner.contains("fields")) {
            msg = "line " + line + ": the record has more than " + String.format(Locale.ROOT, "%,d", MAX_FIELDS)
                    + " fields; this is not a table we can read (check the delimiter)";
        } else if (inner.contains("max field size")) {
            msg = "line " + line + ": a field is longer than " + String.format(Locale.ROOT, "%,d", MAX_FIELD_CHARS)
                    + " characters" + quoteHint + "; split or shorten it";
        } else if (inner.contains("max record size") || inner.contains("maximum buffer size")) {
            msg = "line " + line + ": the record is longer than " + String.format(Locale.ROOT, "%,d", MAX_RECORD_CHARS)
                    + " characters" + quoteHint;
        } else if (inner.contains("after closing quote")) {
            Matcher cm = CHAR_AFTER_QUOTE.matcher(inner);
            String ch = cm.find() ? "'" + cm.group(1) + "'" : "a character";
            msg = "line " + line + ": " + ch + " follows the closing quote of a quoted field in the record starting on line "
                    + line + "; a quote inside a quoted field must be doubled (\"\") and an opening quote must be"
                    + " closed: check the quoting";
        } else {
            msg = "line " + line + ": the CSV cannot be parsed: " + inner;
        }
        return new BadFileException(msg, e);
    }

    private static String printable(char c) {
        return c == '\t' ? "tab" : String.valueOf(c);
    }

    // ---------------------------------------------------------------- text helpers

    /** Whitespace as a person sees it: ASCII controls and spaces, Unicode spaces incl. NBSP, and BOM. */
    private static boolean isSpace(char c) {
        return c <= ' ' || c == '\u00A0' || c == '\uFEFF' || c == '\u2007' || c == '\u202F'
                || c > 127 && (Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }

    static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Re-joins a record as CSV text, quoting where needed, capped at {@code max} characters. */
    private String join(CsvRecord r, int max) {
        char d = sniffed.delimiter();
        StringBuilder sb = new StringBuilder(Math.min(max, 128));
        for (int i = 0; i < r.getFieldCount() && sb.length() < max; i++) {
            if (i > 0) {
                sb.append(d);
            }
            String f = r.getField(i);
            if (f.length() > max) {
                f = f.substring(0, max); // only the start can be shown anyway
            }
            boolean quote = f.indexOf(d) >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0;
            if (quote) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f, 0, Math.min(f.length(), max + 1 - sb.length()));
            }
        }
        if (sb.length() > max) {
            sb.setLength(max - 3);
            sb.append("...");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- RecordReader

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long headerRow() {
        return headerRow;
    }

    @Override
    public Sniffed sniffed() {
        return sniffed;
    }

    @Override
    public long skippedRows() {
        return skipped;
    }

    @Override
    public void close() {
        done = true;
        next = null;
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing with a better exception
        }
    }
}
