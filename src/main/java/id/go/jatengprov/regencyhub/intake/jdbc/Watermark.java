package id.go.jatengprov.regencyhub.intake.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The greatest value of a source's watermark column taken so far, with its type, so that it is bound to the next
 * query as that type (a timestamp as a timestamp: PostgreSQL compares no timestamp with text) and compared as
 * one. Kept as canonical text in hub.source_watermark.
 */
public record Watermark(Type type, String text) implements Comparable<Watermark> {

    /** How the value is bound and compared; stored in lower case. */
    public enum Type {
        INTEGER, DECIMAL, TIMESTAMP, TIMESTAMPTZ, DATE, TEXT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,30}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,30}\\.\\d{1,30}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
    private static final Pattern OFFSET = Pattern.compile("(Z|[+-]\\d{2}(:?\\d{2})?)$");
    /** {@code 2024-05-01 10:00}, {@code 2024-05-01T10:00:00.123456}: both forms people write in a YAML file. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("uuuu-MM-dd").optionalStart().appendLiteral('T').optionalEnd().optionalStart().appendLiteral(' ')
            .optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME).toFormatter(Locale.ROOT)
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /**
     * The configured {@code watermark.start}: its form gives its type (whole number, decimal, date, date-time, a
     * date-time with an offset, else text).
     */
    public static Watermark start(String text) {
        String t = text.strip();
        if (INTEGER.matcher(t).matches()) return new Watermark(Type.INTEGER, new BigInteger(t).toString());
        if (DECIMAL.matcher(t).matches()) return new Watermark(Type.DECIMAL, new BigDecimal(t).toPlainString());
        try {
            if (DATE.matcher(t).matches()) return new Watermark(Type.DATE, LocalDate.parse(t).toString());
            if (OFFSET.matcher(t).find() && t.length() > 10) {
                String iso = t.replace(' ', 'T').replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
                return new Watermark(Type.TIMESTAMPTZ, OffsetDateTime.parse(iso).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
            if (DATE_TIME.matcher(t).matches()) {
                return new Watermark(Type.TIMESTAMP, LocalDateTime.parse(t, LOCAL).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
            }
        } catch (java.time.DateTimeException e) {
            // not a date-time after all (31 February): compared as text
        }
        return new Watermark(Type.TEXT, t);
    }

    /**
     * The watermark a value read from the database stands for, or null for SQL NULL.
     *
     * @throws IllegalArgumentException for a type that cannot be one (binary, boolean, arrays...)
     */
    public static Watermark of(Object value) {
        if (value == null) return null;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return new Watermark(Type.INTEGER, value.toString());
        }
        if (value instanceof BigDecimal d) return new Watermark(Type.DECIMAL, d.toPlainString());
        if (value instanceof Double || value instanceof Float) {
            return new Watermark(Type.DECIMAL, new BigDecimal(value.toString()).toPlainString());
        }
        if (value instanceof java.sql.Timestamp t) return timestamp(t.toLocalDateTime());
        if (value instanceof LocalDateTime t) return timestamp(t);
        if (value instanceof OffsetDateTime t) {
            return new Watermark(Type.TIMESTAMPTZ, t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (value instanceof java.sql.Date d) return new Watermark(Type.DATE, d.toLocalDate().toString());
        if (value instanceof LocalDate d) return new Watermark(Type.DATE, d.toString());
        if (value instanceof String s) return new Watermark(Type.TEXT, s);
        throw new IllegalArgumentException("a value of type " + value.getClass().getSimpleName() + " cannot be a watermark;"
                + " use a column of whole numbers, decimals, dates, date-times or text that only grows");
    }

    /** Read back from hub.source_watermark. */
    public static Watermark stored(String typeLabel, String text) {
        return new Watermark(Type.of(typeLabel), text);
    }

    private static Watermark timestamp(LocalDateTime t) {
        return new Watermark(Type.TIMESTAMP, t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
    }

    /** The value as the JDBC driver binds it ({@code PreparedStatement.setObject}). */
    public Object bindValue() {
        return switch (type) {
            case INTEGER -> {
                BigInteger b = new BigInteger(text);
                yield b.bitLength() < 64 ? (Object) b.longValueExact() : new BigDecimal(b);
            }
            case DECIMAL -> new BigDecimal(text);
            case TIMESTAMP -> LocalDateTime.parse(text);
            case TIMESTAMPTZ -> OffsetDateTime.parse(text);
            case DATE -> LocalDate.parse(text);
            case TEXT -> text;
        };
    }

    public String typeLabel() {
        return type.label();
    }

    /**
     * Orders two values of one column. Numbers and times by value (a timestamp with an offset by its instant); text by
     * its characters, which is the database's order only for text such as zero-padded numbers or ISO dates.
     *
     * @throws IllegalArgumentException for values of two types (the column's type changed: start over from watermark.start)
     */
    @Override
    public int compareTo(Watermark o) {
        boolean numbers = (type == Type.INTEGER || type == Type.DECIMAL) && (o.type == Type.INTEGER || o.type == Type.DECIMAL);
        if (numbers) return new BigDecimal(text).compareTo(new BigDecimal(o.text));
        if (type != o.type) {
            throw new IllegalArgumentException("cannot compare a " + type.label() + " watermark with a " + o.type.label() + " one");
        }
        return switch (type) {
            case TIMESTAMP -> LocalDateTime.parse(text).compareTo(LocalDateTime.parse(o.text));
            case TIMESTAMPTZ -> OffsetDateTime.parse(text).toInstant().compareTo(OffsetDateTime.parse(o.text).toInstant());
            case DATE -> LocalDate.parse(text).compareTo(LocalDate.parse(o.text));
            default -> text.compareTo(o.text);
        };
    }

    /** The greater of two values of one column; null counts as nothing. */
    public static Watermark max(Watermark a, Watermark b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * The watermark after a run whose rows' greatest value was {@code seen}: never smaller than {@code before}. When
     * the two types differ (a start written as a date-time for a DATE column), the column's own type takes over.
     */
    public static Watermark after(Watermark before, Watermark seen) {
        if (seen == null) return before;
        if (before == null || !comparable(before, seen)) return seen;
        return max(before, seen);
    }

    private static boolean comparable(Watermark a, Watermark b) {
        return a.type == b.type || (a.type == Type.INTEGER || a.type == Type.DECIMAL) && (b.type == Type.INTEGER || b.type == Type.DECIMAL);
    }

    @Override
    public String toString() {
        return text + " (" + type.label() + ")";
    }
}
