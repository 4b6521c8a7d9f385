package id.go.jatengprov.regencyhub.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How query parameters are read. A time ({@code since}) is an ISO date-time with offset
 * ({@code 2026-11-29T08:00:00+07:00}) or a plain date ({@code 2026-11-29}: the start of that day in the
 * hub's time zone, the JVM's).
 */
@Configuration(proxyBeanMethods = false)
public class ApiParameters implements WebMvcConfigurer {

    static final String TIME_FORMATS = "a date (2026-11-29, the start of that day in the hub's time zone, "
            + ZoneId.systemDefault() + ") or an ISO date-time with offset (2026-11-29T08:00:00+07:00)";

    @Override
    public void addFormatters(FormatterRegistry registry) {
        // Added last, so it is used before the ISO-only formatter of @DateTimeFormat.
        registry.addConverter(String.class, OffsetDateTime.class, (Converter<String, OffsetDateTime>) ApiParameters::time);
    }

    static OffsetDateTime time(String s) {
        String t = s.trim();
        if (t.isEmpty()) return null;
        try {
            if (t.length() == 10) return LocalDate.parse(t).atStartOfDay(ZoneId.systemDefault()).toOffsetDateTime();
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not " + TIME_FORMATS, e);
        }
    }

    /** What a parameter of this type must look like, for a 400's message. */
    static String expected(Class<?> type) {
        if (type == null) return "of the expected type";
        if (type == OffsetDateTime.class) return TIME_FORMATS;
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "a whole number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        return "a valid " + type.getSimpleName();
    }
}
