package id.go.jatengprov.regencyhub.publish;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DataStore column: its id, its PostgreSQL type as the DataStore reports it ({@code int8}, {@code numeric},
 * {@code text}, {@code date}, {@code bool}, ...) and its data-dictionary {@code info} ({@code label}, {@code notes}).
 */
public record DatastoreField(String id, String type, Map<String, String> info) {

    public DatastoreField {
        info = info == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }
}
