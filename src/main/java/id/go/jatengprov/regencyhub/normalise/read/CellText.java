package id.go.jatengprov.regencyhub.normalise.read;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;

import org.apache.poi.ss.usermodel.DateUtil;

/**
 * How a workbook cell's stored value becomes the text the normaliser reads: numbers canonical (digits, '.' as
 * the decimal mark, no grouping, no exponent, integers without ".0", at Excel's 15 significant digits), dates as
 * ISO 8601, and cell references as Excel writes them ({@code 'Tabel 1'!C7}).
 */
final class CellText {

    /** Excel itself stops at 32,767 characters per cell; anything far beyond is not a spreadsheet. */
    static final int MAX_CELL_CHARS = 1_000_000;
    /** Excel's grid: 1,048,576 rows by 16,384 columns (XFD). */
    static final int MAX_ROWS = 1_048_576;
    static final int MAX_COLUMNS = 16_384;
    private static final MathContext EXCEL_DIGITS = new MathContext(15);

    private CellText() {
    }

    /**
     * The number as a person sees it in Excel, written canonically: "1234.5", "0.1", "1000000", "-3".
     * Excel stores doubles, so 0.1+0.2 is saved as 0.30000000000000004 and shown as 0.3: rounding to 15
     * significant digits gives what was typed.
     */
    static String canonicalNumber(String stored) {
        BigDecimal d;
        try {
            d = new BigDecimal(stored.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (d.signum() == 0) {
            return "0";
        }
        return d.round(EXCEL_DIGITS).stripTrailingZeros().toPlainString();
    }

    /** A percent-formatted cell shows its value times 100 ("12.5%" is stored as 0.125). */
    static String canonicalPercent(String stored) {
        String n = canonicalNumber(stored);
        return n == null ? null : canonicalNumber(new BigDecimal(n).movePointRight(2).toPlainString());
    }

    /**
     * A date serial as ISO 8601: "2024-08-17" for a whole day, "2024-08-17T10:30:00" with a time of day, "10:30:00"
     * for a time-only format (a serial below 1). Null when the serial is not a valid Excel date.
     */
    static String isoDate(String stored, boolean date1904, boolean timeOnly) {
        double v;
        try {
            v = Double.parseDouble(stored.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (!DateUtil.isValidExcelDate(v)) {
            return null;
        }
        LocalDateTime t = DateUtil.getLocalDateTime(v, date1904, true);
        if (t == null) {
            return null;
        }
        LocalTime time = t.toLocalTime();
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        if (timeOnly && v < 1) {
            return hms;
        }
        return time.equals(LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toLocalDate() + "T" + hms;
    }

    /** A {@code t="d"} cell holds ISO 8601 text already; a midnight time is dropped so that it reads as a day. */
    static String isoDateText(String stored) {
        String s = stored.strip();
        return s.endsWith("T00:00:00") ? s.substring(0, s.length() - 9) : s.endsWith("T00:00:00Z")
                ? s.substring(0, s.length() - 10) : s;
    }

    /**
     * Undoes OOXML's escaping of characters XML cannot hold: {@code _x000D_} is a carriage return,
     * {@code _x005F_} an underscore.
     */
    static String decodeEscapes(CharSequence s) {
        int n = s.length();
        int i = indexOfEscape(s, 0);
        if (i < 0) {
            return s.toString();
        }
        StringBuilder out = new StringBuilder(n);
        int from = 0;
        while (i >= 0) {
            out.append(s, from, i);
            out.append((char) Integer.parseInt(s.subSequence(i + 2, i + 6).toString(), 16));
            from = i + 7;
            i = indexOfEscape(s, from);
        }
        return out.append(s, from, n).toString();
    }

    private static int indexOfEscape(CharSequence s, int from) {
        for (int i = from; i + 6 < s.length(); i++) {
            if (s.charAt(i) == '_' && s.charAt(i + 1) == 'x' && s.charAt(i + 6) == '_'
                    && hex(s.charAt(i + 2)) && hex(s.charAt(i + 3)) && hex(s.charAt(i + 4)) && hex(s.charAt(i + 5))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f';
    }

    // ---------------------------------------------------------------- references

    /** "A" for 0, "Z" for 25, "AA" for 26. */
    static String columnLetters(int column) {
        StringBuilder sb = new StringBuilder(3);
        int c = column + 1;
        while (c > 0) {
            int r = (c - 1) % 26;
            sb.append((char) ('A' + r));
            c = (c - 1) / 26;
        }
        return sb.reverse().toString();
    }

    /**
     * The 0-based column of a reference such as "C7" (or "$C$7"), -1 when it has no letters or goes beyond the grid.
     */
    static int columnOf(String ref) {
        int c = 0;
        int i = 0;
        int n = ref.length();
        if (i < n && ref.charAt(i) == '$') i++;
        int letters = 0;
        for (; i < n; i++) {
            char ch = ref.charAt(i);
            if (ch >= 'A' && ch <= 'Z') c = c * 26 + (ch - 'A' + 1);
            else if (ch >= 'a' && ch <= 'z') c = c * 26 + (ch - 'a' + 1);
            else break;
            if (++letters > 3) return -1;
        }
        return letters == 0 || c > MAX_COLUMNS ? -1 : c - 1;
    }

    /** The 1-based row of a reference such as "C7", -1 when it has none or goes beyond the grid. */
    static int rowOf(String ref) {
        int i = 0;
        int n = ref.length();
        while (i < n && !Character.isDigit(ref.charAt(i))) i++;
        if (i == n || n - i > 7) return -1;
        int r = 0;
        for (; i < n; i++) {
            char ch = ref.charAt(i);
            if (ch < '0' || ch > '9') return -1;
            r = r * 10 + (ch - '0');
        }
        return r < 1 || r > MAX_ROWS ? -1 : r;
    }

    /** {@code 'Tabel 1'!C7}: quoted as Excel quotes sheet names in formulas (a quote inside is doubled). */
    static String sheetPrefix(String sheet) {
        return "'" + sheet.replace("'", "''") + "'!";
    }
}
