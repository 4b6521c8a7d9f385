package id.go.jatengprov.regencyhub.config;

import java.util.Arrays;
import java.util.List;

/** The types a dataset field can have, and the PostgreSQL column type each becomes. */
public enum FieldType {
    REGION("text"), PERIOD("date"), INTEGER("bigint"), DECIMAL("numeric"), TEXT("text"),
    CODE("text"), DATE("date"), BOOLEAN("boolean");

    private final String sqlType;

    FieldType(String sqlType) { this.sqlType = sqlType; }

    public String sqlType() { return sqlType; }

    public String configName() { return name().toLowerCase(); }

    public boolean isNumeric() { return this == INTEGER || this == DECIMAL; }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(FieldType::configName).toList();
    }
}
