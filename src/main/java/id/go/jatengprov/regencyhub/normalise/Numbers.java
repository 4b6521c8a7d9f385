package id.go.jatengprov.regencyhub.normalise;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Parses numbers as written in Indonesian and English spreadsheets. Hand-written scanners (no regex, no
 * exceptions) because these run once per cell on millions of rows. Bad input never throws; it yields a
 * {@link ParsedNumber} carrying an error sentence.
 */
public final class Numbers {

    /** Longer cells are not numbers anyone typed; the limit also bounds the work per cell. */
    public static final int MAX_LENGTH = 40;

    private static final long MIN_DIV_10 = Long.MIN_VALUE / 10;

    private Numbers() {
    }

    /**
     * True for cells that hold no value: null, blank, "-", "--", "–", "—", "...", "…", "n/a", "na", "null"
     * (case-insensitive). Note that BPS tables use "-" for "nil" (zero) and "..." for "not available"; both
     * count as missing here, and a caller that wants BPS semantics must map "-" itself.
     */
    public static boolean isMissing(String raw) {
        if (raw == null) {
            return true;
        }
        int from = start(raw);
        int to = end(raw, from);
        return from == to || isMissingToken(raw, from, to);
    }

    /** Parses a decimal; see the class comment of {@link Notation} for the two notations. */
    public static ParsedNumber parseDecimal(String raw, Notation notation) {
        return parse(raw, notation, false);
    }

    /** Parses a whole number; a zero fraction ("12,0", "12.00") is accepted, a non-zero one is an error. */
    public static ParsedNumber parseInteger(String raw, Notation notation) {
        return parse(raw, notation, true);
    }

    private static ParsedNumber parse(String raw, Notation notation, boolean wantInteger) {
        Objects.requireNonNull(notation, "notation");
        if (raw == null) {
            return ParsedNumber.missing();
        }
        int from = start(raw);
        int to = end(raw, from);
        if (from == to || isMissingToken(raw, from, to)) {
            return ParsedNumber.missing();
        }
        int length = to - from;
        if (length > MAX_LENGTH) {
            return ParsedNumber.error("number too long (" + length + " characters)");
        }

        int i = from;
        boolean negative = false;
        char first = raw.charAt(i);
        if (first == '+' || first == '-' || first == '\u2212') {
            negative = first != '+';
            i++;
        }
        int end = to;
        boolean percent = false;
        if (end > i && raw.charAt(end - 1) == '%') {
            percent = true;
            end--;
            while (end > i && isSpace(raw.charAt(end - 1))) {
                end--;
            }
        }

        // Pass 1: which characters occur.
        int digits = 0;
        int dots = 0;
        int commas = 0;
        int lastDot = -1;
        int lastComma = -1;
        boolean exponent = false;
        for (int k = i; k < end; k++) {
            char c = raw.charAt(k);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.') {
                dots++;
                lastDot = k;
            } else if (c == ',') {
                commas++;
                lastComma = k;
            } else if (c == 'e' || c == 'E') {
                exponent = true;
            } else if (exponent && (c == '-' || c == '+') && (raw.charAt(k - 1) | 0x20) == 'e') {
                continue; // sign of an exponent: still scientific notation, reported as such below
            } else if (!isSpace(c)) {
                return ParsedNumber.error("not a number");
            }
        }
        if (digits == 0) {
            return ParsedNumber.error("not a number");
        }
        if (exponent) {
            return ParsedNumber.error("scientific notation is not accepted; export the column as plain numbers");
        }

        char dec = notation.decimalSeparator();
        char grp = notation.groupingSeparator();
        if (dots > 0 && commas > 0) {
            char written = lastComma > lastDot ? ',' : '.';
            if (written != dec) {
                return ParsedNumber.error("number uses decimal " + sepName(written) + "s but the column uses decimal "
                        + sepName(dec) + "s");
            }
        }
        int decCount = dec == '.' ? dots : commas;
        if (decCount > 1) {
            return ParsedNumber.error("more than one decimal " + sepName(dec));
        }
        int decPos = decCount == 0 ? -1 : (dec == '.' ? lastDot : lastComma);
        int intEnd = decPos < 0 ? end : decPos;

        // Fraction: digits only, at least one.
        if (decPos >= 0) {
            if (decPos + 1 >= end) {
                return ParsedNumber.error("not a number");
            }
            for (int k = decPos + 1; k < end; k++) {
                char c = raw.charAt(k);
                if (c < '0' || c > '9') {
                    return ParsedNumber.error("not a number");
                }
            }
        }

        // Integer part: digit groups split by one kind of separator (the notation's or a space), 1-3 then 3s.
        int separators = 0;
        char sepKind = 0;
        int groupLen = 0;
        boolean badGroups = false;
        for (int k = i; k < intEnd; k++) {
            char c = raw.charAt(k);
            if (c >= '0' && c <= '9') {
                groupLen++;
                continue;
            }
            char kind = c == grp ? grp : isSpace(c) ? ' ' : c;
            if (kind != grp && kind != ' ') {
                return ParsedNumber.error("not a number");
            }
            if (sepKind == 0) {
                sepKind = kind;
                badGroups |= groupLen < 1 || groupLen > 3;
            } else {
                badGroups |= kind != sepKind || groupLen != 3;
            }
            separators++;
            groupLen = 0;
        }
        if (separators > 0) {
            badGroups |= groupLen != 3;
            if (badGroups) {
                if (separators == 1 && sepKind == grp && decPos < 0) {
                    return ParsedNumber.error("ambiguous number '" + raw.substring(from, to)
                            + "': the column uses decimal " + sepName(dec) + "s");
                }
                return ParsedNumber.error("misplaced thousands separator");
            }
        } else if (intEnd == i && decPos < 0) {
            return ParsedNumber.error("not a number");
        }

        return wantInteger
                ? toLong(raw, i, intEnd, decPos, end, negative, percent)
                : toDecimal(raw, i, intEnd, decPos, end, negative, percent, digits);
    }

    private static ParsedNumber toLong(String raw, int i, int intEnd, int decPos, int end, boolean negative,
                                       boolean percent) {
        if (decPos >= 0) {
            for (int k = decPos + 1; k < end; k++) {
                if (raw.charAt(k) != '0') {
                    return ParsedNumber.error("not a whole number");
                }
            }
        }
        long r = 0; // accumulated negatively so that Long.MIN_VALUE fits
        for (int k = i; k < intEnd; k++) {
            char c = raw.charAt(k);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (r < MIN_DIV_10) {
                return ParsedNumber.error("out of range for integer");
            }
            r *= 10;
            if (r < Long.MIN_VALUE + d) {
                return ParsedNumber.error("out of range for integer");
            }
            r -= d;
        }
        if (!negative) {
            if (r == Long.MIN_VALUE) {
                return ParsedNumber.error("out of range for integer");
            }
            r = -r;
        }
        return ParsedNumber.ofLong(r, percent);
    }

    private static ParsedNumber toDecimal(String raw, int i, int intEnd, int decPos, int end, boolean negative,
                                          boolean percent, int digits) {
        int scale = decPos < 0 ? 0 : end - decPos - 1;
        if (digits <= 18) {
            long unscaled = 0; // fits: at most 18 digits
            for (int k = i; k < end; k++) {
                char c = raw.charAt(k);
                if (c >= '0' && c <= '9') {
                    unscaled = unscaled * 10 + (c - '0');
                }
            }
            return ParsedNumber.ofDecimal(BigDecimal.valueOf(negative ? -unscaled : unscaled, scale), percent);
        }
        char[] buf = new char[digits + 2];
        int n = 0;
        if (negative) {
            buf[n++] = '-';
        }
        for (int k = i; k < end; k++) {
            char c = raw.charAt(k);
            if (c >= '0' && c <= '9') {
                buf[n++] = c;
            } else if (k == decPos) {
                buf[n++] = '.';
            }
        }
        return ParsedNumber.ofDecimal(new BigDecimal(buf, 0, n), percent);
    }

    /**
     * Decides a column's notation from sample values. Evidence: a single comma followed by 1-2 or 4+ digits
     * ("74,57"), or comma after dots ("1.234,5"), or several dot groups ("1.234.567") mean decimal commas; the
     * mirror images mean decimal points. "1.234", "1,234" and "12" carry no evidence (a thousands group or a
     * decimal?). The majority wins; with no evidence or a tie, {@code fallback}.
     */
    public static Notation detect(Iterable<String> samples, Notation fallback) {
        return decide(samples, fallback).notation();
    }

    /**
     * What {@link #detect} decided and whether the data decided it.
     *
     * @param ambiguous the samples did not decide: values with a separator exist but none (or as many for each
     *                  side) says which notation they use, so the fallback was taken
     * @param example   for an ambiguous column, a value that reads both ways ("72.220": 72220 or 72.22)
     */
    public record Detection(Notation notation, boolean ambiguous, String example, int commaEvidence, int dotEvidence) {}

    /** {@link #detect}, telling also whether the column's values could be read either way. */
    public static Detection decide(Iterable<String> samples, Notation fallback) {
        int comma = 0;
        int dot = 0;
        String undecided = null;
        for (String s : samples) {
            int vote = vote(s);
            if (vote > 0) {
                comma++;
            } else if (vote < 0) {
                dot++;
            } else if (undecided == null && s != null && (s.indexOf('.') >= 0 || s.indexOf(',') >= 0)
                    && !isMissing(s) && parse(s, fallback, false).isOk()) {
                undecided = trim(s);
            }
        }
        if (comma != dot) {
            return new Detection(comma > dot ? Notation.COMMA_DECIMAL : Notation.DOT_DECIMAL, false, null, comma, dot);
        }
        return new Detection(fallback, undecided != null || comma > 0, undecided, comma, dot);
    }

    /** +1 for decimal-comma evidence, -1 for decimal-point evidence, 0 for none. */
    private static int vote(String raw) {
        if (raw == null) {
            return 0;
        }
        int from = start(raw);
        int to = end(raw, from);
        if (from == to || to - from > MAX_LENGTH) {
            return 0;
        }
        if (raw.charAt(from) == '+' || raw.charAt(from) == '-' || raw.charAt(from) == '\u2212') {
            from++;
        }
        if (to > from && raw.charAt(to - 1) == '%') {
            to--;
        }
        int dots = 0;
        int commas = 0;
        int lastDot = -1;
        int lastComma = -1;
        int digits = 0;
        for (int k = from; k < to; k++) {
            char c = raw.charAt(k);
            if (c == '.') {
                dots++;
                lastDot = k;
            } else if (c == ',') {
                commas++;
                lastComma = k;
            } else if (c >= '0' && c <= '9') {
                digits++;
            } else if (!isSpace(c)) {
                return 0; // not a plain number: no evidence
            }
        }
        if (digits == 0) {
            return 0;
        }
        if (dots > 0 && commas > 0) {
            return lastComma > lastDot ? 1 : -1;
        }
        if (commas > 0) {
            return separatorVote(raw, from, to, ',', commas, lastComma);
        }
        if (dots > 0) {
            return -separatorVote(raw, from, to, '.', dots, lastDot);
        }
        return 0;
    }

    /**
     * For a number with only {@code sep} separators: +1 if {@code sep} must be the decimal separator, -1 if it
     * must group thousands, 0 if it could be either.
     */
    private static int separatorVote(String raw, int from, int to, char sep, int count, int last) {
        if (count > 1) {
            return groupsOfThree(raw, from, to, sep) ? -1 : 0;
        }
        int after = to - last - 1;
        int before = 0; // digits of the group before the separator
        for (int k = last - 1; k >= from && raw.charAt(k) >= '0' && raw.charAt(k) <= '9'; k--) {
            before++;
        }
        if (after != 3) {
            return 1;
        }
        // "1,234" is ambiguous, but "1234,567", ",567" and "0,567" cannot be thousands groups.
        return before == 0 || before > 3 || raw.charAt(last - before) == '0' ? 1 : 0;
    }

    private static boolean groupsOfThree(String raw, int from, int to, char sep) {
        int len = 0;
        boolean firstGroup = true;
        for (int k = from; k < to; k++) {
            char c = raw.charAt(k);
            if (c == sep) {
                if (firstGroup ? len < 1 || len > 3 : len != 3) {
                    return false;
                }
                firstGroup = false;
                len = 0;
            } else if (c >= '0' && c <= '9') {
                len++;
            }
        }
        return len == 3;
    }

    // ---- helpers ----

    private static String sepName(char c) {
        return c == ',' ? "comma" : "point";
    }

    private static boolean isMissingToken(String s, int from, int to) {
        int len = to - from;
        char first = s.charAt(from);
        // Runs for every non-text cell: most cells start with a digit or a letter that no token starts with.
        if (len > 4 || first != '-' && first != '.' && first != 'n' && first != 'N' && first < '\u2013') {
            return false;
        }
        switch (len) {
            case 1 -> {
                char c = s.charAt(from);
                return c == '-' || c == '\u2013' || c == '\u2014' || c == '\u2026';
            }
            case 2 -> {
                return s.regionMatches(from, "--", 0, 2) || s.regionMatches(true, from, "na", 0, 2);
            }
            case 3 -> {
                return s.regionMatches(from, "...", 0, 3) || s.regionMatches(true, from, "n/a", 0, 3);
            }
            case 4 -> {
                return s.regionMatches(true, from, "null", 0, 4);
            }
            default -> {
                return false;
            }
        }
    }

    /** ASCII whitespace and control characters, NBSP and the other Unicode spaces spreadsheets emit. */
    static boolean isSpace(char c) {
        return c <= ' ' || c == '\u00A0' || (c >= '\u2000' && c <= '\u200B') || c == '\u202F' || c == '\u205F'
                || c == '\u3000' || c == '\uFEFF';
    }

    /** Trims {@link #isSpace} characters, which include NBSP (unlike {@link String#strip()}). */
    static String trim(String s) {
        int from = start(s);
        return s.substring(from, end(s, from));
    }

    private static int start(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int end(String s, int from) {
        int j = s.length();
        while (j > from && isSpace(s.charAt(j - 1))) {
            j--;
        }
        return j;
    }
}
