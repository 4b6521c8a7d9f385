package id.go.jatengprov.regencyhub.console;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Times and durations as the console's pages show them ({@code ${@consoleText.time(b.receivedAt)}}): in the
 * hub's time zone (its {@link Clock}'s), whatever zone the database answered in, and a due period in words.
 */
@Component("consoleText")
public class ConsoleText {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Clock clock;
    private final MessageSource messages;

    public ConsoleText(Clock clock, MessageSource messages) {
        this.clock = clock;
        this.messages = messages;
    }

    public String time(Object t) {
        return t instanceof OffsetDateTime o ? o.atZoneSameInstant(clock.getZone()).format(MINUTES) : "\u2014";
    }

    public String seconds(Object t) {
        return t instanceof OffsetDateTime o ? o.atZoneSameInstant(clock.getZone()).format(SECONDS) : "\u2014";
    }

    /** P3M as "3 bulan" / "3 months"; P0D as "0 days". */
    public String due(Period p) {
        List<String> parts = new ArrayList<>();
        if (p.getYears() != 0) parts.add(word(p.getYears(), "years"));
        if (p.getMonths() != 0) parts.add(word(p.getMonths(), "months"));
        if (p.getDays() != 0 || parts.isEmpty()) parts.add(word(p.getDays(), "days"));
        return String.join(" ", parts);
    }

    private String word(int n, String unit) {
        return messages.getMessage("due." + unit, new Object[] {n}, LocaleContextHolder.getLocale());
    }
}
