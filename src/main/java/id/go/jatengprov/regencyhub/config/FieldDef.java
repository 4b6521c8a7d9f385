package id.go.jatengprov.regencyhub.config;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import id.go.jatengprov.regencyhub.reference.RegionLevel;

/**
 * One column of a canonical dataset.
 *
 * @param level       for {@code region}: the administrative level its values must have
 * @param grain       for {@code period}: year, quarter, month or day
 * @param values      for {@code code}: the closed list of allowed values
 * @param unit        the unit (satuan), e.g. "jiwa"
 * @param description what the column holds, for people
 * @param labels      for {@code code}: what each value means, in the order of {@code values} (empty when the dataset
 *                    gives the values as a plain list)
 */
public record FieldDef(String name, FieldType type, RegionLevel level, Grain grain, List<String> values,
                       String unit, BigDecimal min, BigDecimal max, boolean required, int line,
                       String description, Map<String, String> labels) {

    public FieldDef {
        values = values == null ? List.of() : List.copyOf(values);
        labels = labels == null || labels.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** A field without description or code labels. */
    public FieldDef(String name, FieldType type, RegionLevel level, Grain grain, List<String> values, String unit,
                    BigDecimal min, BigDecimal max, boolean required, int line) {
        this(name, type, level, grain, values, unit, min, max, required, line, null, Map.of());
    }

    /** The label of a code value, or null when it has none. */
    public String label(String value) {
        return labels.get(value);
    }
}
