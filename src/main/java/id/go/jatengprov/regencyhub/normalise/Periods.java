package id.go.jatengprov.regencyhub.normalise;

import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import id.go.jatengprov.regencyhub.config.Grain;

/**
 * Parses period cells of Indonesian datasets into the first day of the period at the dataset's {@link Grain}.
 *
 * <p>Accepted: years ("2024"), months ("2024-03", "2024/03", "03/2024", "3-2024", "202403", "Maret 2024",
 * "Mar 2024", "March 2024"), quarters ("Triwulan I 2024", "TW II 2024", "Q3 2024", "2024 Q3", "2024-Q3"),
 * half-years ("Semester 1 2024", "Semester II 2024"), dates ("17/08/2024", "17-08-2024", "17.08.2024",
 * "2024-08-17", "20240817", "17 Agustus 2024", "17 Aug 2024"), with an optional time of day that is ignored
 * ("2024-08-17T10:00:00", "2024-08-17 10:00"). Numeric dates are always day-first, never month-first.
 *
 * <p>A value finer than the grain is reduced (17 Aug 2024 is 2024-07-01 at quarter grain); a coarser one is an
 * error. For a bare year only, the spreadsheet artefacts "2024.0" (a float) and "2.024" (a thousands-grouped
 * number) are read as 2024; elsewhere they would be too ambiguous.
 *
 * <p>Hand-written tokenizer, no regex: this runs once per row.
 */
public final class Periods {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2100;

    // Ranks of what a value denotes; Grain has no half-year, so periods are compared on this finer scale.
    private static final int R_YEAR = 0;
    private static final int R_HALF = 1;
    private static final int R_QUARTER = 2;
    private static final int R_MONTH = 3;
    private static final int R_DAY = 4;
    private static final String[] RANK_NAMES = {"a year", "a half-year", "a quarter", "a month", "a day"};

    private static final Map<String, Integer> MONTHS = new HashMap<>();
    private static final Set<String> QUARTER_WORDS =
            Set.of("triwulan", "tw", "trw", "q", "qtr", "quarter", "kuartal", "kwartal");
    private static final Set<String> HALF_WORDS = Set.of("semester", "smt", "sem", "s", "h", "half");
    /** Filler words: "Tahun 2024", "Bulan Maret 2024", "Periode 2024", "Tgl 17/08/2024". */
    private static final Set<String> FILLER_WORDS =
            Set.of("tahun", "thn", "th", "bulan", "bln", "tanggal", "tgl", "periode", "per");
    private static final int MAX_TOKENS = 6;

    static {
        month(1, "januari", "jan", "january");
        month(2, "februari", "pebruari", "feb", "peb", "february");
        month(3, "maret", "mar", "mrt", "march");
        month(4, "april", "apr");
        month(5, "mei", "may");
        month(6, "juni", "jun", "june");
        month(7, "juli", "jul", "july");
        month(8, "agustus", "agu", "agt", "ags", "agust", "aug", "august");
        month(9, "september", "sep", "sept");
        month(10, "oktober", "okt", "oct", "october");
        month(11, "november", "nov", "nop", "nopember");
        month(12, "desember", "des", "dec", "december");
    }

    private static void month(int number, String... names) {
        for (String n : names) {
            MONTHS.put(n, number);
        }
    }

    private Periods() {
    }

    /** Parses a one-column period; never throws on bad input. */
    public static ParsedPeriod parse(String raw, Grain grain) {
        Objects.requireNonNull(grain, "grain");
        if (Numbers.isMissing(raw)) {
            return ParsedPeriod.missing();
        }
        String shown = collapse(raw);
        String s = stripTime(shown.toLowerCase(Locale.ROOT));
        return parseClean(shown, s, grain);
    }

    /**
     * Parses a period split over two columns: a month, quarter or half-year column ("JANUARI", "1", "01",
     * "Triwulan I", "Q1", "Semester 2") and a year column ("2023"). An empty first column means the whole year.
     */
    public static ParsedPeriod parse(String monthOrFirst, String year, Grain grain) {
        Objects.requireNonNull(grain, "grain");
        if (Numbers.isMissing(year)) {
            return ParsedPeriod.missing();
        }
        String y = collapse(year);
        int yv = bareYear(y);
        if (yv < 0) {
            return ParsedPeriod.error("year column: '" + y + "' is not a year");
        }
        if (Numbers.isMissing(monthOrFirst)) {
            return parseClean(y, Integer.toString(yv), grain);
        }
        String shown = collapse(monthOrFirst) + " " + yv;
        return parseClean(shown, shown.toLowerCase(Locale.ROOT), grain);
    }

    private static ParsedPeriod parseClean(String shown, String s, Grain grain) {
        // Bare year, including spreadsheet artefacts.
        int bare = bareYear(s);
        if (bare >= 0) {
            return result(shown, bare, 1, 1, R_YEAR, grain);
        }
        if (allDigits(s)) {
            return compact(shown, s, grain);
        }

        // Tokens: runs of digits or letters; anything else separates. "Q3" splits into "q", "3".
        String[] tok = new String[MAX_TOKENS];
        boolean[] num = new boolean[MAX_TOKENS];
        int n = 0;
        int len = s.length();
        int i = 0;
        while (i < len) {
            char c = s.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!digit && !Character.isLetter(c)) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < len && (digit ? isDigit(s.charAt(j)) : Character.isLetter(s.charAt(j)))) {
                j++;
            }
            String t = s.substring(i, j);
            i = j;
            if (!digit && FILLER_WORDS.contains(t)) {
                continue;
            }
            if (n == MAX_TOKENS) {
                return unrecognised(shown);
            }
            tok[n] = t;
            num[n++] = digit;
        }
        return fromTokens(shown, tok, num, n, grain);
    }

    private static ParsedPeriod fromTokens(String shown, String[] t, boolean[] num, int n, Grain grain) {
        if (n == 1 && num[0] && t[0].length() == 4) {
            return result(shown, toInt(t[0]), 1, 1, R_YEAR, grain); // "Tahun 2024"
        }
        if (n == 2 && num[0] && num[1]) {
            if (t[0].length() == 4 && t[1].length() <= 2) {
                return month(shown, toInt(t[0]), toInt(t[1]), grain);
            }
            if (t[0].length() <= 2 && t[1].length() == 4) {
                return month(shown, toInt(t[1]), toInt(t[0]), grain);
            }
            return twoDigitYear(shown, t, num, n);
        }
        if (n == 3 && num[0] && num[1] && num[2]) {
            if (t[0].length() == 4 && t[1].length() <= 2 && t[2].length() <= 2) {
                return day(shown, toInt(t[0]), toInt(t[1]), toInt(t[2]), grain);
            }
            if (t[0].length() <= 2 && t[1].length() <= 2 && t[2].length() == 4) {
                return day(shown, toInt(t[2]), toInt(t[1]), toInt(t[0]), grain);
            }
            return twoDigitYear(shown, t, num, n);
        }
        if (n == 2) {
            int w = num[0] ? 1 : 0;
            int y = 1 - w;
            Integer m = MONTHS.get(t[w]);
            if (m != null && num[y] && t[y].length() == 4) {
                return month(shown, toInt(t[y]), m, grain); // "Maret 2024", "2024 Maret"
            }
        }
        if (n == 3) {
            // "17 Agustus 2024", "Aug 17 2024"
            Integer m = !num[1] ? MONTHS.get(t[1]) : !num[0] ? MONTHS.get(t[0]) : null;
            int d = !num[1] ? 0 : 1;
            if (m != null && num[d] && t[d].length() <= 2 && num[2] && t[2].length() == 4) {
                return day(shown, toInt(t[2]), m, toInt(t[d]), grain);
            }
            // "Triwulan I 2024", "Q3 2024", "Semester 2 2024"
            if (!num[0] && num[2] && t[2].length() == 4) {
                ParsedPeriod p = part(shown, t[0], t[1], toInt(t[2]), grain);
                if (p != null) {
                    return p;
                }
            }
            // "2024 Q3", "2024-Q3"
            if (num[0] && t[0].length() == 4 && !num[1]) {
                ParsedPeriod p = part(shown, t[1], t[2], toInt(t[0]), grain);
                if (p != null) {
                    return p;
                }
            }
        }
        if (n == 2 && !num[0] && num[1] && t[1].length() == 4 || n == 2 && num[0] && !num[1]) {
            // "I 2024" or "2024 Maret" misspelt: say what is wrong rather than "unrecognised"
            String word = num[0] ? t[1] : t[0];
            if (!MONTHS.containsKey(word)) {
                return ParsedPeriod.error(shown + ": '" + word + "' is not a month name");
            }
        }
        if (n >= 2 && num[n - 1] && t[n - 1].length() == 2) {
            return twoDigitYear(shown, t, num, n); // "Mar-24", "17 Agustus 24"
        }
        return unrecognised(shown);
    }

    /** Quarter or half-year from a keyword and its number; null if {@code word} is neither keyword. */
    private static ParsedPeriod part(String shown, String word, String number, int year, Grain grain) {
        boolean quarter = QUARTER_WORDS.contains(word);
        if (!quarter && !HALF_WORDS.contains(word)) {
            return null;
        }
        int k = roman(number);
        int max = quarter ? 4 : 2;
        if (k < 1 || k > max) {
            return ParsedPeriod.error(shown + ": there is no " + (quarter ? "quarter" : "half-year") + " '"
                    + number + "' (expected 1.." + max + " or I.." + (quarter ? "IV" : "II") + ")");
        }
        return quarter
                ? result(shown, year, (k - 1) * 3 + 1, 1, R_QUARTER, grain)
                : result(shown, year, (k - 1) * 6 + 1, 1, R_HALF, grain);
    }

    private static ParsedPeriod compact(String shown, String s, Grain grain) {
        switch (s.length()) {
            case 6 -> {
                return month(shown, toInt(s.substring(0, 4)), toInt(s.substring(4)), grain); // 202403
            }
            case 8 -> {
                return day(shown, toInt(s.substring(0, 4)), toInt(s.substring(4, 6)), toInt(s.substring(6)), grain);
            }
            case 5 -> {
                return ParsedPeriod.error(shown + ": looks like a spreadsheet serial date; export dates as text");
            }
            default -> {
                return unrecognised(shown);
            }
        }
    }

    private static ParsedPeriod month(String shown, int year, int month, Grain grain) {
        if (month < 1 || month > 12) {
            return ParsedPeriod.error(shown + ": there is no month " + month);
        }
        return result(shown, year, month, 1, R_MONTH, grain);
    }

    private static ParsedPeriod day(String shown, int year, int month, int day, Grain grain) {
        if (month < 1 || month > 12) {
            String hint = day >= 1 && day <= 12 ? " (dates are day/month/year)" : "";
            return ParsedPeriod.error(shown + ": there is no month " + month + hint);
        }
        if (year >= MIN_YEAR && year <= MAX_YEAR) {
            int days = YearMonth.of(year, month).lengthOfMonth();
            if (day < 1 || day > days) {
                return ParsedPeriod.error(shown + ": " + (day < 1 ? "there is no day " + day
                        : Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + year + " has "
                                + days + " days"));
            }
        }
        return result(shown, year, month, day, R_DAY, grain);
    }

    /** Checks the year and the grain, then reduces the period to the first day at the dataset's grain. */
    private static ParsedPeriod result(String shown, int year, int month, int day, int rank, Grain grain) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            return ParsedPeriod.error(shown + ": year " + year + " is outside " + MIN_YEAR + ".." + MAX_YEAR);
        }
        int wanted = switch (grain) {
            case YEAR -> R_YEAR;
            case QUARTER -> R_QUARTER;
            case MONTH -> R_MONTH;
            case DAY -> R_DAY;
        };
        if (rank < wanted) {
            return ParsedPeriod.error("period '" + shown + "' is " + RANK_NAMES[rank] + "; this dataset needs "
                    + grain.configName());
        }
        return switch (grain) {
            case YEAR -> ParsedPeriod.ok(LocalDate.of(year, 1, 1));
            case QUARTER -> ParsedPeriod.ok(LocalDate.of(year, (month - 1) / 3 * 3 + 1, 1));
            case MONTH -> ParsedPeriod.ok(LocalDate.of(year, month, 1));
            case DAY -> ParsedPeriod.ok(LocalDate.of(year, month, day));
        };
    }

    private static ParsedPeriod twoDigitYear(String shown, String[] t, boolean[] num, int n) {
        if (num[n - 1] && t[n - 1].length() == 2) {
            return ParsedPeriod.error(shown + ": two-digit years are not accepted; write the year in full");
        }
        return unrecognised(shown);
    }

    private static ParsedPeriod unrecognised(String shown) {
        return ParsedPeriod.error("unrecognised period '" + shown
                + "'; expected e.g. 2024, 2024-03, Maret 2024, Triwulan I 2024, 17/08/2024");
    }

    // ---- helpers ----

    /**
     * The year of a bare-year cell, or -1: "2024", and the artefacts "2024.0"/"2024,00" (a float) and
     * "2.024"/"2,024" (a grouped number). Range is checked later so that "1850" gets a precise message.
     */
    private static int bareYear(String s) {
        int len = s.length();
        if (len == 4 && allDigits(s)) {
            return toInt(s);
        }
        if (len >= 6 && allDigits(s.substring(0, 4)) && (s.charAt(4) == '.' || s.charAt(4) == ',')) {
            for (int i = 5; i < len; i++) {
                if (s.charAt(i) != '0') {
                    return -1;
                }
            }
            return toInt(s.substring(0, 4));
        }
        if (len == 5 && isDigit(s.charAt(0)) && (s.charAt(1) == '.' || s.charAt(1) == ',')
                && allDigits(s.substring(2))) {
            return toInt(s.charAt(0) + s.substring(2));
        }
        return -1;
    }

    /** Cuts a time of day: "2024-08-17t10:00:00" and "17/08/2024 10:00" keep only the date. */
    private static String stripTime(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            return s;
        }
        int k = colon;
        while (k > 0 && isDigit(s.charAt(k - 1))) {
            k--;
        }
        if (k > 0 && k < colon && (s.charAt(k - 1) == 't' || s.charAt(k - 1) == ' ')) {
            return s.substring(0, k - 1).strip();
        }
        return s;
    }

    /** 1..4 from "1".."4" or roman "i".."iv"; 0 otherwise. */
    private static int roman(String s) {
        return switch (s) {
            case "1", "01", "i" -> 1;
            case "2", "02", "ii" -> 2;
            case "3", "03", "iii" -> 3;
            case "4", "04", "iv" -> 4;
            default -> s.length() <= 2 && allDigits(s) ? toInt(s) : 0;
        };
    }

    private static String collapse(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        boolean space = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Numbers.isSpace(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Parses up to 9 ASCII digits (callers guarantee digits only). */
    private static int toInt(String s) {
        if (s.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
