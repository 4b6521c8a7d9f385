package id.go.jatengprov.regencyhub.config;

import java.util.List;
import java.util.Map;

/**
 * Where a dataset field's value comes from: one source column, several columns joined (a month
 * column and a year column), or a constant; {@code values} translates source values (matched
 * ignoring case and surrounding spaces) before parsing.
 */
public record FieldMapping(String column, List<String> columns, String value, Map<String, String> values, int line) {

    public List<String> sourceColumns() {
        if (column != null) return List.of(column);
        return columns == null ? List.of() : columns;
    }

    public boolean isConstant() { return value != null; }
}
