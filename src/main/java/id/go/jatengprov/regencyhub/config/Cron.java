package id.go.jatengprov.regencyhub.config;

import java.text.ParseException;

import org.quartz.CronExpression;

/** Quartz cron syntax check: six or seven fields, seconds first. */
final class Cron {
    private Cron() {}

    /** @return null when valid, otherwise what is wrong */
    static String check(String expression) {
        String[] parts = expression.trim().split("\\s+");
        if (parts.length < 6 || parts.length > 7) {
            return "Quartz cron has 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), this has "
                    + parts.length + "; e.g. \"0 0 2 * * ?\"";
        }
        try {
            CronExpression.validateExpression(expression);
            return null;
        } catch (ParseException e) {
            return e.getMessage();
        }
    }
}
