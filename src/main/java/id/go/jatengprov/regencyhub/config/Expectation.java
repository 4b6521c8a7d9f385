package id.go.jatengprov.regencyhub.config;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.IsoFields;
import java.util.List;

import id.go.jatengprov.regencyhub.reference.RegionLevel;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a dataset expects from the regencies, and by when: {@code expect: { every: year, due: P3M, regencies: all }}.
 * One delivery per regency per {@code every} period, due {@code due} after that period ends. A dataset whose
 * regions are districts or villages rolls up to their regency.
 *
 * @param every       the delivery period; the dataset's period grain or coarser (a monthly dataset may be
 *                    expected every quarter: the quarter is complete when all three months are there)
 * @param due         how long after the period ends the delivery is due (P0D: at once)
 * @param regencies   Kemendagri codes of the regencies expected ("33.74"), in code order
 * @param from        first period expected (its first day), or null: as far back as anyone asks
 * @param periodField the dataset field holding the period
 * @param regionField the dataset field holding the region
 * @param regionLevel level of that region field (regency, district or village)
 * @param grain       grain of the period field
 */
public record Expectation(Grain every, Period due, List<String> regencies, boolean allRegencies, LocalDate from,
                          String periodField, String regionField, RegionLevel regionLevel,
                          Grain grain) {

    /** How many grain periods the {@code every} period starting on {@code start} holds (a quarter: 3 months). */
    public int subPeriods(LocalDate start) {
        int n = 0;
        LocalDate e = end(every, start);
        for (LocalDate d = start; d.isBefore(e); d = next(grain, d)) n++;
        return n;
    }

    /** First day of the period of {@code grain} that contains {@code day}. */
    public static LocalDate start(Grain grain, LocalDate day) {
        return switch (grain) {
            case YEAR -> day.withDayOfYear(1);
            case QUARTER -> LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
            case MONTH -> day.withDayOfMonth(1);
            case DAY -> day;
        };
    }

    /** First day after the period of {@code grain} that starts on {@code start}. */
    public static LocalDate end(Grain grain, LocalDate start) {
        return next(grain, start);
    }

    public static LocalDate next(Grain grain, LocalDate start) {
        return switch (grain) {
            case YEAR -> start.plusYears(1);
            case QUARTER -> start.plusMonths(3);
            case MONTH -> start.plusMonths(1);
            case DAY -> start.plusDays(1);
        };
    }

    /** First day of the period of {@code grain} before the one that starts on {@code start}. */
    public static LocalDate previous(Grain grain, LocalDate start) {
        return switch (grain) {
            case YEAR -> start.minusYears(1);
            case QUARTER -> start.minusMonths(3);
            case MONTH -> start.minusMonths(1);
            case DAY -> start.minusDays(1);
        };
    }

    /** The period as people write it: 2024, 2024-Q1, 2024-03, 2024-03-05. */
    public static String label(Grain grain, LocalDate start) {
        return switch (grain) {
            case YEAR -> String.valueOf(start.getYear());
            case QUARTER -> start.getYear() + "-Q" + start.get(IsoFields.QUARTER_OF_YEAR);
            case MONTH -> String.format(Locale.ROOT, "%d-%02d", start.getYear(), start.getMonthValue());
            case DAY -> start.toString();
        };
    }

    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern DAY = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    /**
     * Reads a period label of any grain (2024, 2024-Q2, 2024-05, 2024-05-17) and returns the first day of the
     * {@code grain} period that contains its first day.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static LocalDate parse(Grain grain, String text) {
        String t = text == null ? "" : text.trim();
        try {
            Matcher m;
            LocalDate day = null;
            if ((m = YEAR.matcher(t)).matches()) day = LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
            else if ((m = QUARTER.matcher(t)).matches()) day = LocalDate.of(Integer.parseInt(m.group(1)), (Integer.parseInt(m.group(2)) - 1) * 3 + 1, 1);
            else if ((m = MONTH.matcher(t)).matches()) day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1);
            else if ((m = DAY.matcher(t)).matches()) day = LocalDate.parse(t);
            if (day != null) return start(grain, day);
        } catch (DateTimeException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("'" + t + "' is not a period; write 2024, 2024-Q2, 2024-05 or 2024-05-17");
    }

    /** Is {@code coarse} the same as or coarser than {@code fine}? (YEAR is coarsest.) */
    public static boolean coarserOrSame(Grain coarse, Grain fine) {
        return coarse.ordinal() <= fine.ordinal();
    }

    /** The due period as written in the configuration (P3M). */
    public String dueText() {
        return due.toString();
    }
}
