package id.go.jatengprov.regencyhub.publish;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import id.go.jatengprov.regencyhub.config.FieldType;

/**
 * What the hub knows about a dataset that a portal should show: the CKAN package's fields and extras and
 * the DataStore's data dictionary come from here. The integrator maps a dataset's YAML onto it.
 *
 * @param id          the hub's dataset id ({@code warehouse.<id>}); also marks the DataStore resource
 * @param key         the natural key: the DataStore's {@code primary_key}, so that re-sent rows replace themselves
 * @param periodicity how often new data comes, e.g. "annual" (an extra)
 * @param producer    who produces the data (CKAN's {@code author})
 * @param steward     who answers for it (CKAN's {@code maintainer}; "walidata" in Satu Data)
 * @param licence     a CKAN licence id such as {@code cc-by}, or null
 * @param sourceNotes where the data comes from and how it was compiled (an extra)
 */
public record DatasetMetadata(String id, String title, String description, List<FieldMeta> fields, List<String> key,
                              String periodicity, String producer, String steward, String licence, List<String> tags,
                              String sourceNotes) {

    /**
     * One column.
     *
     * @param codeLabels for {@code code} fields: each allowed value and what it means, in order
     */
    public record FieldMeta(String name, FieldType type, String description, String unit, Map<String, String> codeLabels) {
        public FieldMeta {
            Objects.requireNonNull(name, "field name");
            Objects.requireNonNull(type, "type of field " + name);
            codeLabels = codeLabels == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(codeLabels));
        }

        public static FieldMeta of(String name, FieldType type) {
            return new FieldMeta(name, type, null, null, null);
        }
    }

    public DatasetMetadata {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("dataset metadata without an id");
        if (title == null || title.isBlank()) throw new IllegalArgumentException("dataset '" + id + "' has no title to publish");
        fields = List.copyOf(Objects.requireNonNull(fields, "fields of " + id));
        key = List.copyOf(Objects.requireNonNull(key, "key of " + id));
        tags = tags == null ? List.of() : List.copyOf(tags);
        Set<String> names = new HashSet<>();
        for (FieldMeta f : fields) {
            if (!names.add(f.name())) throw new IllegalArgumentException("dataset '" + id + "': field '" + f.name() + "' twice");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + id + "' has no natural key: the DataStore needs one to upsert rows");
        }
        for (String k : key) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("dataset '" + id + "': key field '" + k + "' is not one of its fields " + names);
            }
        }
    }

    /** What the hub publishes of a dataset: its definition and metadata from config/datasets. */
    public static DatasetMetadata of(id.go.jatengprov.regencyhub.config.DatasetDef d) {
        var info = d.info();
        return new DatasetMetadata(d.id(), d.title(), info.description(),
                d.fields().stream().map(f -> new FieldMeta(f.name(), f.type(), f.description(), f.unit(), f.labels())).toList(),
                d.key(), info.periodicity() == null ? null : info.periodicity().configName(), info.producer(), info.steward(),
                info.licence(), info.tags(), info.sourceNotes());
    }

    public FieldMeta field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    public List<String> fieldNames() {
        return fields.stream().map(FieldMeta::name).toList();
    }
}
