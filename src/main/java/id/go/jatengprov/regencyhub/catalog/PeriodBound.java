package id.go.jatengprov.regencyhub.catalog;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import id.go.jatengprov.regencyhub.api.ApiException;

/**
 * A period as the rows API takes it in {@code from} and {@code to}: a year ({@code 2024}), a quarter
 * ({@code 2024-Q1}), a month ({@code 2024-03}) or a day ({@code 2024-03-17}), with its first and last day.
 */
record PeriodBound(LocalDate start, LocalDate end) {

    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    static final String FORMS = "a year (2024), a quarter (2024-Q1), a month (2024-03) or a day (2024-03-17)";

    /** @throws ApiException 400 naming the parameter and the forms it takes */
    static PeriodBound parse(String parameter, String text) {
        String t = text.trim();
        try {
            Matcher m;
            if ((m = YEAR.matcher(t)).matches()) {
                LocalDate s = LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
                return new PeriodBound(s, s.plusYears(1).minusDays(1));
            }
            if ((m = QUARTER.matcher(t)).matches()) {
                LocalDate s = LocalDate.of(Integer.parseInt(m.group(1)), (Integer.parseInt(m.group(2)) - 1) * 3 + 1, 1);
                return new PeriodBound(s, s.plusMonths(3).minusDays(1));
            }
            if ((m = MONTH.matcher(t)).matches()) {
                LocalDate s = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1);
                return new PeriodBound(s, s.plusMonths(1).minusDays(1));
            }
            LocalDate d = LocalDate.parse(t);
            return new PeriodBound(d, d);
        } catch (java.time.DateTimeException e) {
            throw new ApiException(400, "parameter '" + parameter + "': '" + text.replaceAll("[^\\p{Print}]", "?")
                    + "' is not " + FORMS);
        }
    }
}
