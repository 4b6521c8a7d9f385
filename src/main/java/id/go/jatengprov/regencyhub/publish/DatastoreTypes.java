package id.go.jatengprov.regencyhub.publish;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.publish.DatasetMetadata.FieldMeta;

/** How a hub dataset becomes DataStore columns, and how the hub's values travel as JSON to them. */
public final class DatastoreTypes {

    private DatastoreTypes() {}

    /**
     * The DataStore column type of a hub field type. Integers are {@code int8}, not {@code int}: the warehouse
     * keeps them as bigint, and a count in rupiah does not fit in 32 bits.
     */
    public static String of(FieldType type) {
        return switch (type) {
            case INTEGER -> "int8";
            case DECIMAL -> "numeric";
            case PERIOD, DATE -> "date";
            case TEXT, CODE, REGION -> "text";
            case BOOLEAN -> "bool";
        };
    }

    /** The dataset's columns with their data dictionary: label from the description, notes from unit and codes. */
    public static List<DatastoreField> fields(DatasetMetadata meta) {
        List<DatastoreField> out = new ArrayList<>();
        for (FieldMeta f : meta.fields()) out.add(new DatastoreField(f.name(), of(f.type()), info(f)));
        return out;
    }

    static Map<String, String> info(FieldMeta f) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("label", f.description() == null || f.description().isBlank() ? f.name() : f.description().strip());
        List<String> notes = new ArrayList<>();
        if (f.unit() != null && !f.unit().isBlank()) notes.add("Unit: " + f.unit().strip() + ".");
        if (!f.codeLabels().isEmpty()) {
            notes.add("Codes: " + f.codeLabels().entrySet().stream()
                    .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("; ")) + ".");
        }
        if (!notes.isEmpty()) info.put("notes", String.join(" ", notes));
        return info;
    }

    /**
     * A value as the JSON the DataStore accepts for its column: strings, numbers and booleans as they are,
     * dates and times in ISO form (what PostgreSQL parses), JDBC's date types included.
     *
     * @throws IllegalArgumentException for a value that has no JSON form the DataStore would understand
     */
    public static Object jsonValue(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof BigDecimal || v instanceof BigInteger
                || v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return v;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN or infinity; PostgreSQL's numeric reads them from text
            return Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : v;
        }
        if (v instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime().toString();
        if (v instanceof LocalDate || v instanceof LocalDateTime || v instanceof OffsetDateTime
                || v instanceof ZonedDateTime || v instanceof java.time.Instant) {
            return ((Temporal) v).toString();
        }
        if (v instanceof Character || v instanceof Enum<?>) return v.toString();
        if (v instanceof Number n) return new BigDecimal(n.toString());
        throw new IllegalArgumentException("a " + v.getClass().getName() + " value has no DataStore form;"
                + " give the row source strings, numbers, booleans or dates");
    }
}
