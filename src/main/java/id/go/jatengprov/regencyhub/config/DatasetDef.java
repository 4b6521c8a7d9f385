package id.go.jatengprov.regencyhub.config;

import java.util.List;
import java.util.Optional;

/**
 * A canonical dataset: the table {@code warehouse.<id>} with its natural key, and what it is ({@link DatasetInfo}).
 *
 * @param expect    what the regencies must deliver and by when; null when the dataset expects nothing
 * @param revisions whether a value that a delivery changes is kept in {@code warehouse.<id>_revisions} (in YAML
 *                  {@code revisions: true}; off by default)
 */
public record DatasetDef(String id, String title, List<FieldDef> fields, List<String> key, String file, Expectation expect,
                         DatasetInfo info, boolean revisions) {

    public DatasetDef {
        info = info == null ? DatasetInfo.NONE : info;
    }

    /** A dataset that keeps its revisions. */
    public DatasetDef(String id, String title, List<FieldDef> fields, List<String> key, String file, Expectation expect,
                      DatasetInfo info) {
        this(id, title, fields, key, file, expect, info, true);
    }

    /** A dataset without expectations or metadata. */
    public DatasetDef(String id, String title, List<FieldDef> fields, List<String> key, String file) {
        this(id, title, fields, key, file, null, DatasetInfo.NONE);
    }

    /** The fields that are not part of the key: what a newer delivery can change. */
    public List<String> valueFieldNames() {
        return fields.stream().map(FieldDef::name).filter(n -> !key.contains(n)).toList();
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
