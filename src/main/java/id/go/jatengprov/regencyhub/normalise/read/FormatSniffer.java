package id.go.jatengprov.regencyhub.normalise.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import id.go.jatengprov.regencyhub.config.CsvSettings;

/**
 * Looks at the first 64 KiB of a file and works out how to read it as CSV: encoding, byte-order
 * mark, delimiter and line ending. Rejects files that are obviously not CSV (images, archives,
 * PDFs, HTML pages, binary data) with a {@link BadFileException} that names what they are.
 *
 * <p>Precedence for the encoding: a byte-order mark always wins (it is unambiguous), then the
 * configured encoding, then detection (strict UTF-8 validation, falling back to windows-1252).
 */
public final class FormatSniffer {

    /** How much of the file is inspected; enough for ~30 lines of even very wide files. */
    static final int SAMPLE_BYTES = 64 * 1024;
    private static final int DELIMITER_SAMPLE_LINES = 30;
    private static final char[] CANDIDATES = {',', ';', '\t', '|'};
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private FormatSniffer() {
    }

    public static Sniffed sniff(Path file, CsvSettings settings) {
        CsvSettings cfg = settings == null ? CsvSettings.auto() : settings;
        Sample sample = Sample.read(file);
        byte[] b = sample.bytes;
        rejectBinary(b, "CSV");

        Charset charset;
        int bomLength;
        Charset bomCharset = bomCharset(b);
        if (bomCharset != null) {
            charset = bomCharset;
            bomLength = bomCharset == StandardCharsets.UTF_8 ? 3 : 2;
        } else {
            bomLength = 0;
            charset = chooseCharsetWithoutBom(b, sample.truncated, cfg.encoding());
        }
        if (!charset.name().startsWith("UTF-16")) {
            int nul = indexOf(b, (byte) 0);
            if (nul >= 0) {
                throw new BadFileException("the file contains NUL bytes at byte " + nul
                        + ": it is binary or UTF-16 without a byte-order mark; save it as UTF-8"
                        + (utf16Order(b) != null ? " (or set the encoding to UTF-16)" : ""));
            }
        }

        String text = decodeLoosely(b, bomLength, charset);
        rejectHtml(text, "CSV");
        char delimiter = cfg.autoDelimiter() ? sniffDelimiter(text, sample.truncated) : cfg.delimiterChar();
        return new Sniffed(charset, bomLength > 0, delimiter, lineEnding(text, sample.truncated));
    }

    /**
     * Checks the start of a file that should be JSON: rejects binary formats and HTML pages.
     * Encoding detection is left to Jackson, which handles BOMs and UTF-16/32 itself.
     */
    static void rejectNonJson(Path file) {
        Sample sample = Sample.read(file);
        rejectBinary(sample.bytes, "JSON");
        Charset bom = bomCharset(sample.bytes);
        Charset cs = bom != null ? bom : StandardCharsets.UTF_8;
        int skip = bom == null ? 0 : bom == StandardCharsets.UTF_8 ? 3 : 2;
        rejectHtml(decodeLoosely(sample.bytes, skip, cs), "JSON");
    }

    // ---------------------------------------------------------------- binary formats

    static void rejectBinary(byte[] b, String expected) {
        String kind = binaryKind(b, b.length, expected);
        if (kind != null) {
            throw new BadFileException("the file is " + kind);
        }
    }

    /**
     * What binary format the first bytes are, said for someone who expected {@code expected}, or null.
     * The one place that knows the magic numbers: the reader, the upload endpoint and polls all ask here.
     */
    public static String binaryKind(byte[] b, int length, String expected) {
        String not = ", not " + expected;
        if (hasMagic(b, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "a PNG image" + not;
        if (hasMagic(b, length, 0xFF, 0xD8, 0xFF)) return "a JPEG image" + not;
        if (hasMagic(b, length, 'G', 'I', 'F', '8')) return "a GIF image" + not;
        if (hasMagic(b, length, 'P', 'K', 3, 4) || hasMagic(b, length, 'P', 'K', 5, 6) || hasMagic(b, length, 'P', 'K', 7, 8)) {
            return "a ZIP archive (perhaps an .xlsx workbook): export it as " + expected;
        }
        if (hasMagic(b, length, '%', 'P', 'D', 'F', '-')) return "a PDF document" + not;
        if (hasMagic(b, length, 0x1F, 0x8B)) return "a GZIP archive" + not + ": unpack it first";
        if (hasMagic(b, length, 0xD0, 0xCF, 0x11, 0xE0)) {
            return "an old Excel .xls workbook (or another Office document): export it as " + expected;
        }
        return null;
    }

    /** Does this text start like an HTML page (an error or login page saved in place of the data)? */
    public static boolean looksLikeHtml(String text) {
        String head = text.stripLeading();
        if (head.length() > 0 && head.charAt(0) == '\uFEFF') {
            head = head.substring(1).stripLeading();
        }
        String lower = head.substring(0, Math.min(head.length(), 20)).toLowerCase(Locale.ROOT);
        return lower.startsWith("<!doctype html") || lower.startsWith("<html");
    }

    private static boolean startsWith(byte[] b, int... magic) {
        return hasMagic(b, b.length, magic);
    }

    private static boolean hasMagic(byte[] b, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- encoding

    static Charset bomCharset(byte[] b) {
        if (startsWith(b, 0xEF, 0xBB, 0xBF)) {
            return StandardCharsets.UTF_8;
        }
        if (startsWith(b, 0xFF, 0xFE)) {
            return StandardCharsets.UTF_16LE;
        }
        if (startsWith(b, 0xFE, 0xFF)) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static Charset chooseCharsetWithoutBom(byte[] b, boolean truncated, String configured) {
        switch (configured) {
            case "UTF-8":
                return StandardCharsets.UTF_8;
            case "windows-1252":
                return WINDOWS_1252;
            case "UTF-16": {
                Charset order = utf16Order(b);
                if (order == null) {
                    throw new BadFileException("the encoding is set to UTF-16 but the file has neither a byte-order"
                            + " mark nor the NUL bytes of UTF-16 text; check the encoding setting (try auto)");
                }
                return order;
            }
            default:
                return isValidUtf8(b, truncated) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        }
    }

    /**
     * UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte of the first KiB.
     * NULs at odd offsets mean little-endian, at even offsets big-endian; null if neither.
     */
    static Charset utf16Order(byte[] b) {
        int n = Math.min(b.length, 1024) & ~1;
        int pairs = n / 2;
        if (pairs < 2) {
            return null;
        }
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i < n; i += 2) {
            if (b[i] == 0) {
                evenNul++;
            }
            if (b[i + 1] == 0) {
                oddNul++;
            }
        }
        // 90% rather than 100% so a few non-Latin-1 characters do not defeat the heuristic
        if (oddNul * 10 >= pairs * 9 && evenNul == 0) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenNul * 10 >= pairs * 9 && oddNul == 0) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /**
     * Strict UTF-8 check. When the sample was cut at 64 KiB, a multi-byte character split by the cut
     * is not an error: decoding with endOfInput=false leaves those bytes unconsumed instead.
     */
    static boolean isValidUtf8(byte[] b, boolean truncated) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(b.length + 1);
        CoderResult r = dec.decode(ByteBuffer.wrap(b), out, !truncated);
        if (r.isError()) {
            return false;
        }
        return truncated || !dec.flush(out).isError();
    }

    private static String decodeLoosely(byte[] b, int offset, Charset cs) {
        return new String(b, offset, b.length - offset, cs);
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- HTML

    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TAG_OR_SCRIPT = Pattern.compile(
            "<(script|style)[^>]*>.*?</\\1\\s*>|<!--.*?-->|<[^>]*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    static void rejectHtml(String text, String expected) {
        if (!looksLikeHtml(text)) {
            return;
        }
        String head = text.stripLeading();
        if (head.length() > 0 && head.charAt(0) == '\uFEFF') {
            head = head.substring(1).stripLeading();
        }
        Matcher m = TITLE.matcher(head);
        String shown = m.find() ? m.group(1) : TAG_OR_SCRIPT.matcher(head).replaceAll(" ");
        shown = shown.replaceAll("\\s+", " ").strip();
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        // typically an error or login page saved in place of the data
        throw new BadFileException("the file is an HTML page, not " + expected + ": \"" + shown
                + "\"; download the data itself (perhaps the link pointed to an error or login page)");
    }

    // ---------------------------------------------------------------- delimiter and line ending

    /**
     * Counts each candidate outside quotes on the first ~30 non-blank logical lines and picks the
     * one most lines agree on (same non-zero count), ties going to the higher count: a ';' file with
     * decimal commas then has ';' on every line with the larger count.
     */
    static char sniffDelimiter(String text, boolean truncated) {
        int[][] counts = new int[DELIMITER_SAMPLE_LINES][];
        int lines = 0;
        int[] cur = new int[CANDIDATES.length];
        boolean nonBlank = false;
        boolean inQuotes = false;
        boolean fieldStart = true;
        int n = text.length();
        for (int i = 0; i < n && lines < DELIMITER_SAMPLE_LINES; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        inQuotes = false;
                    }
                }
                continue;
            }
            if (c == '\r' || c == '\n') {
                if (nonBlank) {
                    counts[lines++] = cur;
                }
                cur = new int[CANDIDATES.length];
                nonBlank = false;
                fieldStart = true;
                continue;
            }
            int k = candidateIndex(c);
            if (k >= 0) {
                cur[k]++;
                fieldStart = true;
                nonBlank = true;
                continue;
            }
            if (c == '"' && fieldStart) {
                inQuotes = true;
            }
            if (!Character.isWhitespace(c)) {
                fieldStart = false;
                nonBlank = true;
            }
        }
        // the last line of a cut sample is incomplete; use it only if it is all there is
        if (nonBlank && lines < DELIMITER_SAMPLE_LINES && (!truncated || lines == 0)) {
            counts[lines++] = cur;
        }

        char best = ',';
        int bestAgree = 0;
        int bestCount = 0;
        for (int k = 0; k < CANDIDATES.length; k++) {
            // mode of the non-zero counts for this candidate
            int agree = 0;
            int modeCount = 0;
            for (int i = 0; i < lines; i++) {
                int v = counts[i][k];
                if (v == 0) {
                    continue;
                }
                int same = 0;
                for (int j = 0; j < lines; j++) {
                    if (counts[j][k] == v) {
                        same++;
                    }
                }
                if (same > agree || same == agree && v > modeCount) {
                    agree = same;
                    modeCount = v;
                }
            }
            if (agree > bestAgree || agree == bestAgree && agree > 0 && modeCount > bestCount) {
                best = CANDIDATES[k];
                bestAgree = agree;
                bestCount = modeCount;
            }
        }
        return best;
    }

    private static int candidateIndex(char c) {
        for (int k = 0; k < CANDIDATES.length; k++) {
            if (CANDIDATES[k] == c) {
                return k;
            }
        }
        return -1;
    }

    static String lineEnding(String text, boolean truncated) {
        int crlf = 0;
        int lf = 0;
        int cr = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                if (i + 1 < n && text.charAt(i + 1) == '\n') {
                    crlf++;
                    i++;
                } else if (i + 1 < n || !truncated) {
                    // a CR at the very end of a cut sample may be half of a CRLF: ignore it
                    cr++;
                }
            } else if (c == '\n') {
                lf++;
            }
        }
        int kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
        if (kinds == 0) {
            return "none";
        }
        if (kinds > 1) {
            return "mixed";
        }
        return crlf > 0 ? "CRLF" : lf > 0 ? "LF" : "CR";
    }

    // ---------------------------------------------------------------- sample

    /** The first bytes of a file, and whether the file goes on beyond them. */
    record Sample(byte[] bytes, boolean truncated) {
        static Sample read(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = in.readNBytes(SAMPLE_BYTES);
                boolean more = buf.length == SAMPLE_BYTES && in.read() != -1;
                return new Sample(buf, more);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
