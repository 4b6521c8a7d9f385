package id.go.jatengprov.regencyhub.intake.jdbc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes a query's rows, one at a time as they stream from the database, as the JSON array of records that
 * intake lands and normalises like a polled JSON payload: one object per row, keyed by the column labels. Values
 * keep their meaning and lose their driver types: numbers canonical ({@code 1234.5}), dates and times ISO
 * ({@code 2024-05-01}, {@code 2024-05-01T10:00:00}), text as text. Meanwhile the greatest value of the watermark
 * column is kept.
 */
final class JdbcRows {

    /** Longest text value taken from a CLOB: the JSON reader refuses longer strings anyway. */
    static final int MAX_TEXT = 10_000_000;
    private static final JsonFactory JSON = new JsonFactory();

    /** What was written: the number of rows and the greatest watermark among them (null: none, or no watermark). */
    record Written(long rows, Watermark greatest) {}

    /** A value that has no place in a record (binary data) or a watermark column the result lacks. */
    static final class RowsException extends IllegalArgumentException {
        RowsException(String message) {
            super(message);
        }
    }

    private JdbcRows() {}

    /**
     * @param columns         the result's column labels, in order
     * @param watermarkColumn the column whose greatest value is kept (matched ignoring case), or null
     */
    static Written write(Iterator<?> rows, Collection<String> columns, String watermarkColumn, Path file) throws IOException {
        String mark = null;
        if (watermarkColumn != null) {
            mark = columns.stream().filter(c -> c.equalsIgnoreCase(watermarkColumn)).findFirst()
                    .orElseThrow(() -> new RowsException("the query's result has no column '" + watermarkColumn
                            + "' (jdbc.watermark.column); its columns are " + columns));
        }
        long count = 0;
        Watermark greatest = null;
        try (OutputStream out = Files.newOutputStream(file); JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            while (rows.hasNext()) {
                Map<?, ?> row = (Map<?, ?>) rows.next();
                g.writeStartObject();
                for (Map.Entry<?, ?> e : row.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(g, String.valueOf(e.getKey()), e.getValue());
                }
                g.writeEndObject();
                count++;
                if (mark != null) {
                    Watermark w = Watermark.of(row.get(mark));
                    greatest = Watermark.max(greatest, w);
                }
            }
            g.writeEndArray();
        }
        return new Written(count, greatest);
    }

    static void writeValue(JsonGenerator g, String column, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            g.writeNumber(v.toString());
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d.toPlainString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) g.writeNumber(new BigDecimal(v.toString()).toPlainString());
            else g.writeString(v.toString());
        } else if (v instanceof java.sql.Timestamp t) {
            g.writeString(t.toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        } else if (v instanceof java.sql.Date d) {
            g.writeString(d.toLocalDate().toString());
        } else if (v instanceof java.sql.Time t) {
            g.writeString(t.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME));
        } else if (v instanceof LocalDateTime t) {
            g.writeString(t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        } else if (v instanceof OffsetDateTime t) {
            g.writeString(t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } else if (v instanceof LocalDate || v instanceof LocalTime) {
            g.writeString(v.toString());
        } else if (v instanceof Clob c) {
            g.writeString(clob(column, c));
        } else if (v instanceof byte[] || v instanceof java.sql.Blob) {
            throw new RowsException("column '" + column + "' holds binary data, which no dataset field takes;"
                    + " leave it out of jdbc.query");
        } else {
            g.writeString(v.toString()); // PostgreSQL's json, uuid, interval...: their text
        }
    }

    private static String clob(String column, Clob c) throws IOException {
        try (Reader r = c.getCharacterStream()) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) > 0) {
                sb.append(buf, 0, n);
                if (sb.length() > MAX_TEXT) {
                    throw new RowsException("column '" + column + "' holds a text of more than " + MAX_TEXT + " characters");
                }
            }
            return sb.toString();
        } catch (SQLException e) {
            throw new IOException("cannot read column '" + column + "': " + e.getMessage(), e);
        }
    }
}
