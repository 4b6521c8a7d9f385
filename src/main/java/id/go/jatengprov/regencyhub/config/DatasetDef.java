package id.go.jatengprov.regencyhub.config;

import java.util.List;
import java.util.Optional;

/**
 * A canonical dataset: the table {@code warehouse.<id>} with its natural key, and what it is ({@link DatasetInfo}).
 *
 * @param expect what the regencies must deliver and by when; null when the dataset expects nothing
 */
public record DatasetDef(String id, String title, List<FieldDef> fields, List<String> key, String file, Expectation expect,
                         DatasetInfo info) {

    public DatasetDef {
        info = info == null ? DatasetInfo.NONE : info;
    }

    /** A dataset without expectations or metadata. */
    public DatasetDef(String id, String title, List<FieldDef> fields, List<String> key, String file) {
        this(id, title, fields, key, file, null, DatasetInfo.NONE);
    }

    public Optional<FieldDef> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public List<String> fieldNames() {
        return fields.stream().map(FieldDef::name).toList();
    }

    /** Key fields are always required: a NULL never matches in a unique constraint. */
    public boolean isRequired(FieldDef f) {
        return f.required() || key.contains(f.name());
    }

    /** The first field of type region: whose rows belong to which regency. */
    public Optional<FieldDef> regionField() {
        return fields.stream().filter(f -> f.type() == FieldType.REGION).findFirst();
    }

    /** The first field of type period. */
    public Optional<FieldDef> periodField() {
        return fields.stream().filter(f -> f.type() == FieldType.PERIOD).findFirst();
    }
}
