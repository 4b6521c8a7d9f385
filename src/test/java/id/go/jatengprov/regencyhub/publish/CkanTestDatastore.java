package id.go.jatengprov.regencyhub.publish;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import id.go.jatengprov.regencyhub.publish.CkanTestCatalog.Pkg;
import id.go.jatengprov.regencyhub.publish.CkanTestCatalog.User;

/**
 * CKAN's DataStore for the test server: one table per resource, with the behaviour of
 * {@code ckanext/datastore/logic/action.py}, {@code logic/schema.py} and {@code backend/postgres.py}:
 * typed columns that convert (or refuse) values as PostgreSQL does, the {@code primary_key} as a unique
 * index, {@code datastore_upsert} with insert (extra keys refused, duplicates violate the index), update
 * (needs the key, refuses a key that is not there) and upsert ({@code INSERT ... ON CONFLICT (key) DO UPDATE}
 * of the columns given), each request all-or-nothing like the backend's transaction.
 *
 * <p>Not modelled: full-text search (q, full_text), aliases, triggers, indexes other than the key,
 * csv/tsv record formats. Asking for them is refused with a 500 that says so.
 */
final class CkanTestDatastore {

    /** One column: id, PostgreSQL type name as pg_type shows it (int4, int8, numeric, text, date, ...) and its info. */
    static final class Field {
        final String id;
        final String type;
        ObjectNode info;

        Field(String id, String type, ObjectNode info) {
            this.id = id;
            this.type = type;
            this.info = info;
        }
    }

    static final class Table {
        final List<Field> fields = new ArrayList<>();
        List<String> uniqueKey = List.of();
        TreeMap<Long, Map<String, Object>> rows = new TreeMap<>();
        Map<List<Object>, Long> index = new HashMap<>();
        long nextId = 1;

        Field field(String id) {
            return fields.stream().filter(f -> f.id.equals(id)).findFirst().orElse(null);
        }

        List<String> fieldIds() {
            return fields.stream().map(f -> f.id).toList();
        }
    }

    /** A PostgreSQL error while writing: its first line, as _programming_error_summary reports it. */
    static final class DbError extends RuntimeException {
        final boolean uniqueViolation;

        DbError(String message, boolean uniqueViolation) {
            super(message, null, false, false);
            this.uniqueViolation = uniqueViolation;
        }
    }

    private static final Map<String, String> TYPE_ALIASES = Map.ofEntries(
            Map.entry("text", "text"), Map.entry("varchar", "varchar"), Map.entry("int", "int4"),
            Map.entry("int4", "int4"), Map.entry("integer", "int4"), Map.entry("int8", "int8"),
            Map.entry("bigint", "int8"), Map.entry("int2", "int2"), Map.entry("smallint", "int2"),
            Map.entry("numeric", "numeric"), Map.entry("decimal", "numeric"), Map.entry("float8", "float8"),
            Map.entry("float", "float8"), Map.entry("double precision", "float8"), Map.entry("float4", "float4"),
            Map.entry("real", "float4"), Map.entry("bool", "bool"), Map.entry("boolean", "bool"),
            Map.entry("date", "date"), Map.entry("timestamp", "timestamp"), Map.entry("time", "time"),
            Map.entry("json", "json"), Map.entry("nested", "nested"), Map.entry("_text", "_text"),
            Map.entry("text[]", "_text"));
    private static final Map<String, String> SQL_NAMES = Map.of("int2", "smallint", "int4", "integer", "int8", "bigint",
            "numeric", "numeric", "float8", "double precision", "float4", "real", "bool", "boolean", "date", "date",
            "timestamp", "timestamp without time zone", "text", "text");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,6}))?)?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final DateTimeFormatter TIMESTAMP_OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final int ROWS_MAX = 32000;

    private final CkanTestCatalog catalog;
    private final Map<String, Table> tables = new LinkedHashMap<>();

    CkanTestDatastore(CkanTestCatalog catalog) {
        this.catalog = catalog;
    }

    Table table(String resourceId) {
        return tables.get(resourceId);
    }

    // ------------------------------------------------------------------ datastore_create

    ObjectNode datastoreCreate(User u, ObjectNode data) {
        JsonNode records = data.remove("records");
        JsonNode resource = data.remove("resource");
        rename(data);
        ObjectNode errors = CkanJson.object();
        String resourceId = CkanJson.text(data, "resource_id");
        if (resourceId != null && catalog.resource(resourceId).isEmpty()) {
            errors.putArray("resource_id").add("Resource not found: " + resourceId);
        }
        JsonNode fieldsNode = data.get("fields");
        if (fieldsNode != null && !fieldsNode.isNull() && !fieldsNode.isArray()) {
            throw CkanActionError.integrity("Only lists of dicts can be placed against subschema ('fields',), not <class '"
                    + (fieldsNode.isTextual() ? "str" : "dict") + "'>", data);
        }
        if (fieldsNode != null && fieldsNode.isArray()) {
            ArrayNode fieldErrors = CkanJson.array();
            boolean any = false;
            for (JsonNode f : fieldsNode) {
                if (!f.isObject()) throw CkanActionError.integrity("Values in lists need to be dicts", data);
                ObjectNode e = CkanJson.object();
                if (!CkanJson.truthy(f.get("id"))) {
                    e.putArray("id").add("Missing value");
                } else if (!validFieldName(CkanJson.unicodeSafe(f.get("id")))) {
                    e.putArray("id").add("\"" + CkanJson.unicodeSafe(f.get("id")) + "\" is not a valid field name");
                }
                fieldErrors.add(e);
                any |= !e.isEmpty();
            }
            if (any) errors.set("fields", fieldErrors);
        }
        for (String listKey : List.of("primary_key", "indexes", "aliases")) {
            String problem = listOfStringsOrString(data.get(listKey));
            if (problem != null) errors.putArray(listKey).add(problem);
        }
        checkRecordCountFlag(data, errors);
        junk(data, errors, Set.of("resource_id", "force", "id", "aliases", "fields", "delete_fields", "primary_key",
                "indexes", "triggers", "include_records", "calculate_record_count"));
        if (!errors.isEmpty()) throw CkanActionError.validation(errors);
        if (data.hasNonNull("aliases") || data.hasNonNull("triggers") || data.hasNonNull("indexes")) {
            throw unsupported("aliases, triggers and indexes in datastore_create");
        }

        // check_access('datastore_create'): package_update for a new resource, resource_update otherwise
        if (resource != null && !resource.path("package_id").asText("").isEmpty()) {
            String packageId = resource.path("package_id").asText();
            Pkg p = catalog.pkg(packageId).orElseThrow(() -> CkanActionError.notFound(null));
            authorize(u, p, "package_update", packageId);
        } else if (!(u != null && u.sysadmin())) {
            ObjectNode r = catalog.resource(resourceId).orElseThrow(() -> CkanActionError.notFound(null));
            authorize(u, catalog.packageOf(r), "resource_update", resourceId);
        }
        if (resource != null && resourceId != null) {
            throw CkanActionError.validation("resource", "resource cannot be used with resource_id");
        }
        if (resource == null && resourceId == null) {
            throw CkanActionError.validation("resource_id", "resource_id or resource required");
        }

        boolean newResource = resource != null;
        if (newResource) {
            if (!resource.isObject()) throw CkanActionError.integrity("Expected dict for resource", data);
            if (resource.has("url")) throw CkanActionError.validation("resource", "The datapusher has to be enabled.");
            ObjectNode rd = ((ObjectNode) resource).deepCopy();
            rd.put("url", "_datastore_only_resource");
            rd.put("url_type", "datastore");
            rd.put("last_modified", CkanTestCatalog.now());
            resourceId = catalog.resourceCreate(u, rd).get("id").asText();
            data.put("resource_id", resourceId);
        } else {
            ObjectNode res = catalog.resourceShow(u, idOnly(resourceId));
            if (!CkanJson.bool(data.get("force"))) checkReadOnly(res);
        }

        // backend.create: CREATE TABLE or ALTER TABLE, insert records, unique index for primary_key; one transaction
        Table existing = tables.get(resourceId);
        Table t = existing == null ? new Table() : copy(existing);
        List<JsonNode> recordList = records == null || records.isNull() ? List.of() : listOf(records);
        if (existing == null) {
            createTable(t, fieldsNode, recordList);
        } else {
            alterTable(t, fieldsNode, recordList, CkanJson.bool(data.get("delete_fields")));
        }
        try {
            insert(t, recordList);
            createUniqueIndex(t, getList(data.get("primary_key")));
        } catch (DbError e) {
            if (e.uniqueViolation) {
                ObjectNode err = CkanJson.object();
                // sic: CKAN's two string literals join without a space
                err.putArray("constraints").add("Cannot insert records or create index"
                        + "because of uniqueness constraint");
                err.putObject("info").put("orig", e.getMessage()).put("pgcode", "23505");
                throw CkanActionError.validation(err);
            }
            ObjectNode err = CkanJson.object();
            err.putArray("records").add(e.getMessage());
            err.put("records_row", Math.max(0, recordList.size() - 1));
            throw CkanActionError.validation(err);
        }
        tables.put(resourceId, t);

        ObjectNode stored = catalog.resource(resourceId).orElseThrow();
        if (!stored.path("datastore_active").asBoolean(false)) {
            catalog.patchResource(resourceId, Map.of("datastore_active", BooleanNode.TRUE));
        }
        ObjectNode result = data.deepCopy();
        result.remove("id");
        result.put("resource_id", resourceId);
        if (newResource) result.set("resource", resource);
        result.put("method", "insert");
        if (!result.has("delete_fields")) result.put("delete_fields", false);
        if (!result.has("calculate_record_count")) result.put("calculate_record_count", "background");
        ArrayNode fieldsOut = result.putArray("fields");
        for (Field f : t.fields) {
            ObjectNode fo = fieldsOut.addObject();
            fo.put("id", f.id);
            fo.put("type", f.type);
            if (f.info != null) fo.set("info", f.info);
        }
        if (CkanJson.bool(data.get("include_records")) && records != null) result.set("records", records);
        result.remove("include_records");
        return result;
    }

    private void createTable(Table t, JsonNode fieldsNode, List<JsonNode> records) {
        List<JsonNode> supplied = fieldsNode == null || fieldsNode.isNull() ? List.of() : listOf(fieldsNode);
        checkFields(supplied);
        List<String> tooLong = supplied.stream().map(f -> f.get("id").asText()).filter(id -> id.length() > 63)
                .map(id -> "Column heading \"" + id + "\" exceeds limit of 63 characters.").toList();
        if (!tooLong.isEmpty()) throw CkanActionError.validation(Map.of("fields", tooLong));
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : supplied) {
            String id = f.get("id").asText();
            String type;
            if (f.hasNonNull("type")) {
                type = canonicalType(f.get("type").asText());
            } else {
                if (records.isEmpty() || !records.get(0).has(id)) {
                    throw CkanActionError.validation("fields", "\"" + id + "\" type not guessable");
                }
                type = guessType(records.get(0).get(id));
            }
            fields.add(new Field(id, type, f.get("info") instanceof ObjectNode o ? o.deepCopy() : null));
        }
        if (fields.stream().map(f -> f.id).distinct().count() != fields.size()) {
            throw CkanActionError.validation("field", "Duplicate column names are not supported");
        }
        if (!records.isEmpty()) {
            if (!records.get(0).isObject()) throw CkanActionError.validation("records", "The first row is not a json object");
            records.get(0).fieldNames().forEachRemaining(id -> {
                if (fields.stream().noneMatch(f -> f.id.equals(id))) fields.add(new Field(id, guessType(records.get(0).get(id)), null));
            });
        }
        t.fields.addAll(fields);
    }

    private void alterTable(Table t, JsonNode fieldsNode, List<JsonNode> records, boolean deleteFields) {
        List<JsonNode> supplied = fieldsNode == null || fieldsNode.isNull() || fieldsNode.isEmpty() ? List.of() : listOf(fieldsNode);
        checkFields(supplied);
        Set<String> suppliedIds = supplied.stream().map(f -> f.get("id").asText()).collect(Collectors.toCollection(LinkedHashSet::new));
        for (JsonNode f : supplied) {
            String id = f.get("id").asText();
            Field current = t.field(id);
            if (current == null) {
                String type;
                if (f.hasNonNull("type")) {
                    type = canonicalType(f.get("type").asText());
                } else if (!records.isEmpty() && records.get(0).has(id)) {
                    type = guessType(records.get(0).get(id));
                } else {
                    throw CkanActionError.validation("fields", "\"" + id + "\" type not guessable");
                }
                current = new Field(id, type, null);
                t.fields.add(current);
            }
            // the type of an existing column never changes; its info is replaced when given
            if (f.get("info") instanceof ObjectNode o) current.info = o.deepCopy();
        }
        if (!records.isEmpty() && records.get(0).isObject()) {
            records.get(0).fieldNames().forEachRemaining(id -> {
                if (!suppliedIds.contains(id) && t.field(id) == null) t.fields.add(new Field(id, guessType(records.get(0).get(id)), null));
            });
        }
        if (deleteFields && !supplied.isEmpty()) {
            List<Field> dropped = t.fields.stream().filter(f -> !suppliedIds.contains(f.id)).toList();
            t.fields.removeAll(dropped);
            for (Field d : dropped) {
                if (t.uniqueKey.contains(d.id)) t.uniqueKey = List.of();
                t.rows.replaceAll((id, row) -> {
                    Map<String, Object> r = new LinkedHashMap<>(row);
                    r.remove(d.id);
                    return r;
                });
            }
            reindex(t);
        }
    }

    private void checkFields(List<JsonNode> fields) {
        for (JsonNode f : fields) {
            if (f.hasNonNull("type") && !TYPE_ALIASES.containsKey(f.get("type").asText().toLowerCase(Locale.ROOT))) {
                throw CkanActionError.validation("fields", "\"" + f.get("type").asText() + "\" is not a valid field type");
            } else if (!validFieldName(f.path("id").asText(""))) {
                throw CkanActionError.validation("fields", "\"" + f.path("id").asText("") + "\" is not a valid field name");
            }
        }
    }

    /** create_indexes: a primary_key different from the current unique key replaces it; its fields must exist. */
    private void createUniqueIndex(Table t, List<String> primaryKey) {
        if (primaryKey == null) return;
        if (new LinkedHashSet<>(primaryKey).equals(new LinkedHashSet<>(t.uniqueKey))) return;
        if (primaryKey.isEmpty()) {
            t.uniqueKey = List.of();
            t.index = new HashMap<>();
            return;
        }
        for (String f : primaryKey) {
            if (t.field(f) == null) {
                throw CkanActionError.validation("index", "The field \"" + pyRepr(primaryKey) + "\" is not a valid column name.");
            }
        }
        t.uniqueKey = List.copyOf(primaryKey);
        reindex(t);
    }

    private void reindex(Table t) {
        Map<List<Object>, Long> index = new HashMap<>();
        if (!t.uniqueKey.isEmpty()) {
            for (Map.Entry<Long, Map<String, Object>> e : t.rows.entrySet()) {
                List<Object> k = indexKey(t, e.getValue());
                if (k != null && index.putIfAbsent(k, e.getKey()) != null) {
                    throw new DbError("could not create unique index \"" + indexName(t) + "\"", true);
                }
            }
        }
        t.index = index;
    }

    // ------------------------------------------------------------------ datastore_upsert

    ObjectNode datastoreUpsert(User u, ObjectNode data) {
        JsonNode records = data.remove("records");
        rename(data);
        ObjectNode errors = CkanJson.object();
        if (!data.has("resource_id") || !CkanJson.truthy(data.get("resource_id"))) {
            errors.putArray("resource_id").add("Missing value");
        }
        String method = data.hasNonNull("method") ? CkanJson.unicodeSafe(data.get("method")) : "upsert";
        if (!List.of("upsert", "insert", "update").contains(method)) {
            errors.putArray("method").add("Value must be one of ['upsert', 'insert', 'update']");
        }
        checkRecordCountFlag(data, errors);
        junk(data, errors, Set.of("resource_id", "force", "id", "method", "include_records", "calculate_record_count", "dry_run"));
        if (!errors.isEmpty()) throw CkanActionError.validation(errors);
        String resourceId = CkanJson.text(data, "resource_id");

        ObjectNode r = catalog.resource(resourceId).orElseThrow(() -> CkanActionError.notFound(null));
        authorize(u, catalog.packageOf(r), "resource_update", resourceId);
        ObjectNode res = catalog.resourceShow(u, idOnly(resourceId));
        if (!CkanJson.bool(data.get("force"))) checkReadOnly(res);
        Table live = tables.get(resourceId);
        if (live == null) throw CkanActionError.notFound("Resource \"" + resourceId + "\" was not found.");

        List<JsonNode> recordList = records == null || records.isNull() ? List.of() : listOf(records);
        Table t = copy(live);
        try {
            switch (method) {
                case "insert" -> insert(t, recordList);
                case "update" -> updateOrUpsert(t, recordList, false);
                default -> updateOrUpsert(t, recordList, true);
            }
        } catch (RowError e) {
            ObjectNode err = CkanJson.object();
            err.putArray("records").add(e.getMessage());
            err.put("records_row", e.row);
            throw CkanActionError.validation(err);
        }
        if (!CkanJson.bool(data.get("dry_run"))) tables.put(resourceId, t);

        ObjectNode result = data.deepCopy();
        result.remove("id");
        result.remove("force");
        result.put("method", method);
        if (!result.has("calculate_record_count")) result.put("calculate_record_count", "background");
        if (CkanJson.bool(data.get("include_records"))) result.set("records", records);
        result.remove("include_records");
        return result;
    }

    /** A database error on one record: reported as {'records': [message], 'records_row': n}. */
    private static final class RowError extends RuntimeException {
        final int row;

        RowError(String message, int row) {
            super(message, null, false, false);
            this.row = row;
        }
    }

    /** upsert_data, method insert: extra keys refused up front, then one executemany (so the row reported is the last). */
    private void insert(Table t, List<JsonNode> records) {
        if (records.isEmpty() || t.fields.isEmpty()) return;
        List<String> ids = t.fieldIds();
        for (int num = 0; num < records.size(); num++) {
            JsonNode rec = records.get(num);
            if (!rec.isObject()) throw CkanActionError.validation("records", "row \"" + num + "\" is not a json object");
            List<String> extra = new ArrayList<>();
            rec.fieldNames().forEachRemaining(k -> {
                if (!ids.contains(k)) extra.add(k);
            });
            if (!extra.isEmpty()) {
                throw CkanActionError.validation("records", "row \"" + (num + 1) + "\" has extra keys \"" + String.join(", ", extra) + "\"");
            }
        }
        int last = records.size() - 1;
        try {
            for (JsonNode rec : records) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Field f : t.fields) row.put(f.id, convert(rec.get(f.id), f));
                long id = t.nextId++;
                addRow(t, id, row);
            }
        } catch (DbError e) {
            throw new RowError(e.getMessage(), last);
        }
    }

    private void updateOrUpsert(Table t, List<JsonNode> records, boolean upsert) {
        List<String> ids = t.fieldIds();
        for (int num = 0; num < records.size(); num++) {
            JsonNode node = records.get(num);
            if (!node.isObject()) throw CkanActionError.validation("records", "row \"" + num + "\" is not a json object");
            ObjectNode rec = (ObjectNode) node;
            boolean byId = rec.has("_id");
            if (t.uniqueKey.isEmpty() && !byId) {
                throw CkanActionError.validation("table", "unique key must be passed for update/upsert");
            } else if (!byId) {
                List<String> missing = t.uniqueKey.stream().filter(k -> !rec.has(k)).toList();
                if (!missing.isEmpty()) {
                    throw CkanActionError.validation("key", "fields \"" + String.join(", ", missing)
                            + "\" are missing\n                            but needed as key");
                }
            }
            List<String> unknown = new ArrayList<>();
            rec.fieldNames().forEachRemaining(k -> {
                if (!ids.contains(k) && !k.equals("_id")) unknown.add(k);
            });
            if (!unknown.isEmpty()) {
                throw CkanActionError.validation("fields", "fields \"" + String.join(", ", unknown) + "\" do not exist");
            }
            List<Field> used = t.fields.stream().filter(f -> rec.has(f.id)).toList();
            Map<String, Object> values = new LinkedHashMap<>();
            try {
                for (Field f : used) values.put(f.id, convert(rec.get(f.id), f));
                Long target;
                Map<String, Object> placeholders = new LinkedHashMap<>();
                int next = used.size();
                if (byId) {
                    placeholders.put("val_" + next, pyValue(rec.get("_id")));
                    long id = rec.get("_id").asLong();
                    target = t.rows.containsKey(id) ? id : null;
                    if (target == null && upsert) {
                        addRow(t, id, completeRow(t, values));
                        t.nextId = Math.max(t.nextId, id + 1);
                        continue;
                    }
                } else {
                    List<Object> key = new ArrayList<>();
                    for (String k : t.uniqueKey) {
                        key.add(normalise(convert(rec.get(k), t.field(k))));
                        placeholders.put("val_" + next++, pyValue(blankToNull(rec.get(k), t.field(k))));
                    }
                    target = key.contains(null) ? null : t.index.get(key);
                }
                if (target == null) {
                    if (!upsert) {
                        throw CkanActionError.validation("key", "key \"" + pyDict(placeholders) + "\" not found");
                    }
                    addRow(t, t.nextId++, completeRow(t, values));
                } else {
                    Map<String, Object> row = new LinkedHashMap<>(t.rows.get(target));
                    removeFromIndex(t, target, row);
                    row.putAll(values);
                    addRow(t, target, row);
                }
            } catch (DbError e) {
                throw new RowError(e.getMessage(), num);
            }
        }
    }

    private static Map<String, Object> completeRow(Table t, Map<String, Object> values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field f : t.fields) row.put(f.id, values.get(f.id));
        return row;
    }

    private void addRow(Table t, long id, Map<String, Object> row) {
        List<Object> key = indexKey(t, row);
        if (key != null) {
            Long other = t.index.get(key);
            if (other != null && other != id) {
                throw new DbError("duplicate key value violates unique constraint \"" + indexName(t) + "\"", true);
            }
            t.index.put(key, id);
        }
        t.rows.put(id, row);
    }

    private static void removeFromIndex(Table t, long id, Map<String, Object> row) {
        List<Object> key = indexKey(t, row);
        if (key != null && Objects.equals(t.index.get(key), id)) t.index.remove(key);
    }

    /** The unique key of a row, or null when a part is NULL (NULLs never conflict in a unique index). */
    private static List<Object> indexKey(Table t, Map<String, Object> row) {
        if (t.uniqueKey.isEmpty()) return null;
        List<Object> key = new ArrayList<>();
        for (String k : t.uniqueKey) {
            Object v = normalise(row.get(k));
            if (v == null) return null;
            key.add(v);
        }
        return key;
    }

    private static Object normalise(Object v) {
        return v instanceof BigDecimal d ? (d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros()) : v;
    }

    private static String indexName(Table t) {
        return "idx_" + Integer.toHexString(String.join(",", t.uniqueKey).hashCode());
    }

    // ------------------------------------------------------------------ datastore_search

    ObjectNode datastoreSearch(User u, ObjectNode data) {
        rename(data);
        ObjectNode errors = CkanJson.object();
        if (!CkanJson.truthy(data.get("resource_id"))) errors.putArray("resource_id").add("Missing value");
        JsonNode filters = data.get("filters");
        if (filters != null && filters.isTextual()) {
            try {
                filters = CkanJson.MAPPER.readTree(filters.textValue());
            } catch (Exception e) {
                errors.putArray("filters").add("Cannot parse JSON");
            }
        }
        int limit = 100;
        Long parsed = intValidator(data.get("limit"), errors, "limit", true);
        if (parsed != null) limit = (int) Math.min(parsed, ROWS_MAX);
        Long offsetValue = intValidator(data.get("offset"), errors, "offset", false);
        int offset = offsetValue == null ? 0 : offsetValue.intValue();
        String format = data.hasNonNull("records_format") ? data.get("records_format").asText() : "objects";
        if (!List.of("objects", "lists", "csv", "tsv").contains(format)) {
            errors.putArray("records_format").add("Value must be one of ['objects', 'lists', 'csv', 'tsv']");
        }
        junk(data, errors, Set.of("resource_id", "id", "q", "plain", "filters", "language", "limit", "offset", "fields",
                "sort", "distinct", "include_total", "total_estimation_threshold", "records_format", "include_next_page", "full_text"));
        if (!errors.isEmpty()) throw CkanActionError.validation(errors);
        if (data.hasNonNull("q") || data.hasNonNull("full_text") || CkanJson.bool(data.get("distinct"))
                || List.of("csv", "tsv").contains(format)) {
            throw unsupported("full-text search, distinct and csv/tsv formats in datastore_search");
        }
        String resourceId = CkanJson.text(data, "resource_id");
        Table t = tables.get(resourceId);
        if (t == null) throw CkanActionError.notFound("Resource \"" + resourceId + "\" was not found.");
        ObjectNode r = catalog.resource(resourceId).orElseThrow(() -> CkanActionError.notFound(null));
        Pkg p = catalog.packageOf(r);
        if (p.isPrivate && !(u != null && u.sysadmin()) && !catalog.permitted(p.ownerOrg, u, "read")) {
            throw CkanActionError.notAuthorized("User " + CkanTestCatalog.name(u) + " not authorized to perform resource_show on resource " + resourceId);
        }

        Predicate<Map.Entry<Long, Map<String, Object>>> where = filter(t, filters);
        List<String> selected = getList(data.get("fields"));
        List<String> all = new ArrayList<>(List.of("_id"));
        all.addAll(t.fieldIds());
        if (selected != null) {
            for (String f : selected) {
                if (!all.contains(f)) throw CkanActionError.validation("fields", "invalid value \"" + f + "\"");
            }
        } else {
            selected = all;
        }
        Comparator<Map.Entry<Long, Map<String, Object>>> order = order(t, data.get("sort"));

        List<Map.Entry<Long, Map<String, Object>>> matching = t.rows.entrySet().stream().filter(where).sorted(order).toList();
        ArrayNode out = CkanJson.array();
        for (Map.Entry<Long, Map<String, Object>> e : matching.stream().skip(offset).limit(limit).toList()) {
            if (format.equals("lists")) {
                ArrayNode row = out.addArray();
                for (String f : selected) row.add(toJson(f.equals("_id") ? e.getKey() : e.getValue().get(f), f.equals("_id") ? "int4" : t.field(f).type));
            } else {
                ObjectNode row = out.addObject();
                for (String f : selected) row.set(f, toJson(f.equals("_id") ? e.getKey() : e.getValue().get(f), f.equals("_id") ? "int4" : t.field(f).type));
            }
        }
        ObjectNode result = CkanJson.object();
        result.put("include_total", !data.has("include_total") || CkanJson.bool(data.get("include_total")));
        result.put("limit", limit);
        if (offsetValue != null) result.put("offset", offset);
        if (filters != null && !filters.isNull()) result.set("filters", filters);
        result.put("records_format", format);
        result.put("resource_id", resourceId);
        ArrayNode fieldsOut = result.putArray("fields");
        for (String f : selected) {
            ObjectNode fo = fieldsOut.addObject();
            fo.put("id", f);
            fo.put("type", f.equals("_id") ? "int" : t.field(f).type);
            if (!f.equals("_id") && t.field(f).info != null) fo.set("info", t.field(f).info);
        }
        result.set("records", out);
        if (result.get("include_total").asBoolean()) result.put("total", matching.size());
        return result;
    }

    /** parse_query_filters for the simple forms: {field: value}, {field: [values]}, {field: {"gt": v, ...}}. */
    private Predicate<Map.Entry<Long, Map<String, Object>>> filter(Table t, JsonNode filters) {
        Predicate<Map.Entry<Long, Map<String, Object>>> all = e -> true;
        if (filters == null || filters.isNull() || filters.isEmpty()) return all;
        if (!filters.isObject()) throw CkanActionError.validation("filters", "Filters must be defined as a dict or a list of dicts");
        List<String> problems = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = filters.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String field = f.getKey();
            if (field.startsWith("$")) throw unsupported("filter operators such as " + field);
            Field col = field.equals("_id") ? new Field("_id", "int8", null) : t.field(field);
            if (col == null) {
                problems.add("Unknown field: " + field);
                continue;
            }
            JsonNode v = f.getValue();
            Predicate<Object> test;
            if (v.isArray()) {
                List<Object> in = new ArrayList<>();
                v.forEach(x -> in.add(normalise(filterValue(x, col))));
                test = o -> o != null && in.contains(normalise(o));
            } else if (v.isObject()) {
                test = o -> true;
                for (Iterator<Map.Entry<String, JsonNode>> ops = v.fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    Object bound = filterValue(op.getValue(), col);
                    Predicate<Object> one = switch (op.getKey()) {
                        case "eq" -> o -> o != null && compare(o, bound) == 0;
                        case "gt" -> o -> o != null && compare(o, bound) > 0;
                        case "gte" -> o -> o != null && compare(o, bound) >= 0;
                        case "lt" -> o -> o != null && compare(o, bound) < 0;
                        case "lte" -> o -> o != null && compare(o, bound) <= 0;
                        default -> throw CkanActionError.validation("filters", "Unknown filter operation: " + op.getKey());
                    };
                    test = test.and(one);
                }
            } else {
                Object wanted = filterValue(v, col);
                test = o -> o != null && compare(o, wanted) == 0;
            }
            Predicate<Object> fieldTest = test;
            all = all.and(e -> fieldTest.test(field.equals("_id") ? BigInteger.valueOf(e.getKey()) : e.getValue().get(field)));
        }
        if (!problems.isEmpty()) throw CkanActionError.validation(Map.of("filters", problems));
        return all;
    }

    private Object filterValue(JsonNode v, Field col) {
        try {
            // _where_clauses: a text column compares with str(value)
            return convert(col.type.equals("text") && !v.isTextual() ? TextNode.valueOf(v.asText()) : v, col);
        } catch (DbError e) {
            ObjectNode err = CkanJson.object();
            err.putArray("query").add("Invalid query");
            err.putObject("info").putArray("orig").add(e.getMessage());
            throw CkanActionError.validation(err);
        }
    }

    private Comparator<Map.Entry<Long, Map<String, Object>>> order(Table t, JsonNode sortNode) {
        Comparator<Map.Entry<Long, Map<String, Object>>> byId = Comparator.comparing(Map.Entry::getKey);
        List<String> sort = getList(sortNode);
        if (sort == null || sort.isEmpty()) return byId;
        Comparator<Map.Entry<Long, Map<String, Object>>> c = null;
        for (String clause : sort) {
            String[] parts = clause.trim().split("\\s+");
            String field = parts[0].replace("\"", "");
            boolean desc = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
            if (!field.equals("_id") && t.field(field) == null) {
                throw CkanActionError.validation("sort", "invalid value \"" + clause + "\"");
            }
            Comparator<Object> values = (a, b) -> a == null ? (b == null ? 0 : 1) : b == null ? -1 : compare(a, b);
            Comparator<Map.Entry<Long, Map<String, Object>>> one = Comparator.comparing(
                    e -> field.equals("_id") ? (Object) BigInteger.valueOf(e.getKey()) : e.getValue().get(field), values);
            if (desc) one = one.reversed();
            c = c == null ? one : c.thenComparing(one);
        }
        return c.thenComparing(byId);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof BigInteger x && b instanceof BigInteger y) return x.compareTo(y);
        if (a instanceof Number x && b instanceof Number y) return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        return ((Comparable) a).compareTo(b);
    }

    // ------------------------------------------------------------------ datastore_delete

    ObjectNode datastoreDelete(User u, ObjectNode data) {
        JsonNode filters = data.remove("filters");
        rename(data);
        ObjectNode errors = CkanJson.object();
        if (!CkanJson.truthy(data.get("resource_id"))) errors.putArray("resource_id").add("Missing value");
        junk(data, errors, Set.of("resource_id", "force", "id", "include_deleted_records", "calculate_record_count"));
        if (filters != null && !filters.isNull() && !filters.isObject()) {
            throw CkanActionError.validation("filters", "filters must be either a dict or null.");
        }
        if (!errors.isEmpty()) throw CkanActionError.validation(errors);
        String resourceId = CkanJson.text(data, "resource_id");
        ObjectNode r = catalog.resource(resourceId).orElseThrow(() -> CkanActionError.notFound(null));
        authorize(u, catalog.packageOf(r), "resource_update", resourceId);
        if (!CkanJson.bool(data.get("force"))) checkReadOnly(catalog.resourceShow(u, idOnly(resourceId)));
        Table t = tables.get(resourceId);
        if (t == null) throw CkanActionError.notFound("Resource \"" + resourceId + "\" was not found.");
        if (filters == null || filters.isNull()) {
            tables.remove(resourceId);
            catalog.patchResource(resourceId, Map.of("datastore_active", BooleanNode.FALSE));
        } else {
            Predicate<Map.Entry<Long, Map<String, Object>>> where = filter(t, filters);
            Table c = copy(t);
            c.rows.entrySet().removeIf(where);
            reindex(c);
            tables.put(resourceId, c);
        }
        ObjectNode result = CkanJson.object();
        result.put("resource_id", resourceId);
        if (filters != null) result.set("filters", filters);
        return result;
    }

    // ------------------------------------------------------------------ values (PostgreSQL's input and output)

    /** The value a column stores for a JSON value, or the error PostgreSQL (through psycopg2) raises. */
    static Object convert(JsonNode v, Field f) {
        if (v == null || v.isNull()) return null;
        if (v.isTextual() && v.textValue().isEmpty() && !f.type.equals("text")) return null; // upsert_data: '' is NULL
        String type = f.type;
        if (v.isObject()) throw new DbError("can't adapt type 'dict'", false);
        if (type.equals("json") || type.equals("nested")) return v.deepCopy();
        if (v.isArray()) {
            if (type.equals("_text")) return v.deepCopy();
            throw new DbError("column \"" + f.id + "\" is of type " + sqlName(type) + " but expression is of type text[]", false);
        }
        switch (type) {
            case "text", "varchar", "_text" -> {
                return v.isBoolean() ? String.valueOf(v.booleanValue()) : v.isNumber() ? v.decimalValue().toPlainString() : v.textValue();
            }
            case "int2", "int4", "int8" -> {
                if (v.isBoolean()) throw typeMismatch(f, "boolean");
                BigInteger i;
                if (v.isIntegralNumber()) {
                    i = v.bigIntegerValue();
                } else if (v.isNumber()) {
                    i = v.decimalValue().setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
                } else if (INTEGER.matcher(v.textValue().strip()).matches()) {
                    i = new BigInteger(v.textValue().strip());
                } else {
                    throw new DbError("invalid input syntax for type " + sqlName(type) + ": \"" + v.textValue() + "\"", false);
                }
                int bits = type.equals("int2") ? 15 : type.equals("int4") ? 31 : 63;
                if (i.bitLength() > bits) throw new DbError(sqlName(type) + " out of range", false);
                return i;
            }
            case "numeric", "float8", "float4" -> {
                if (v.isBoolean()) throw typeMismatch(f, "boolean");
                BigDecimal d;
                if (v.isNumber()) {
                    d = v.decimalValue();
                } else {
                    try {
                        d = new BigDecimal(v.textValue().strip());
                    } catch (NumberFormatException e) {
                        throw new DbError("invalid input syntax for type " + sqlName(type) + ": \"" + v.textValue() + "\"", false);
                    }
                }
                return type.equals("numeric") ? d : (Object) d.doubleValue();
            }
            case "bool" -> {
                if (v.isBoolean()) return v.booleanValue();
                if (v.isNumber()) throw typeMismatch(f, v.isIntegralNumber() ? "integer" : "numeric");
                String s = v.textValue().strip().toLowerCase(Locale.ROOT);
                if (!s.isEmpty() && ("true".startsWith(s) || "yes".startsWith(s) || s.equals("on") || s.equals("1"))) return true;
                if (!s.isEmpty() && ("false".startsWith(s) || "no".startsWith(s) || s.equals("off") || s.equals("0"))) return false;
                throw new DbError("invalid input syntax for type boolean: \"" + v.textValue() + "\"", false);
            }
            case "date", "timestamp" -> {
                if (v.isBoolean()) throw typeMismatch(f, "boolean");
                if (v.isNumber()) throw typeMismatch(f, v.isIntegralNumber() ? "integer" : "numeric");
                String s = v.textValue().strip();
                var m = DATE.matcher(s);
                if (!m.matches()) throw new DbError("invalid input syntax for type " + sqlName(type) + ": \"" + v.textValue() + "\"", false);
                try {
                    LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                    if (type.equals("date")) return d;
                    LocalDateTime t = d.atStartOfDay();
                    if (m.group(4) != null) {
                        t = t.withHour(Integer.parseInt(m.group(4))).withMinute(Integer.parseInt(m.group(5)));
                        if (m.group(6) != null) t = t.withSecond(Integer.parseInt(m.group(6)));
                        if (m.group(7) != null) t = t.withNano(Integer.parseInt((m.group(7) + "000000").substring(0, 6)) * 1000);
                    }
                    return t;
                } catch (java.time.DateTimeException e) {
                    throw new DbError("date/time field value out of range: \"" + v.textValue() + "\"", false);
                }
            }
            case "time" -> {
                try {
                    return java.time.LocalTime.parse(v.asText().strip());
                } catch (DateTimeParseException e) {
                    throw new DbError("invalid input syntax for type time: \"" + v.asText() + "\"", false);
                }
            }
            default -> throw new IllegalStateException("type " + type);
        }
    }

    private static JsonNode blankToNull(JsonNode v, Field f) {
        return v != null && v.isTextual() && v.textValue().isEmpty() && !f.type.equals("text") ? null : v;
    }

    private static DbError typeMismatch(Field f, String given) {
        return new DbError("column \"" + f.id + "\" is of type " + sqlName(f.type) + " but expression is of type " + given, false);
    }

    private static String sqlName(String type) {
        return SQL_NAMES.getOrDefault(type, type);
    }

    /** What datastore_search returns for a stored value (array_to_json of the row; timestamps via to_char). */
    static JsonNode toJson(Object v, String type) {
        if (v == null) return CkanJson.MAPPER.nullNode();
        if (v instanceof JsonNode n) return n;
        if (v instanceof BigInteger i) return CkanJson.MAPPER.getNodeFactory().numberNode(i);
        if (v instanceof Long l) return CkanJson.MAPPER.getNodeFactory().numberNode(l);
        if (v instanceof BigDecimal d) return CkanJson.object().numberNode(d);
        if (v instanceof Double d) return CkanJson.MAPPER.getNodeFactory().numberNode(d);
        if (v instanceof Boolean b) return BooleanNode.valueOf(b);
        if (v instanceof LocalDateTime t) return TextNode.valueOf(t.truncatedTo(ChronoUnit.SECONDS).format(TIMESTAMP_OUT));
        return TextNode.valueOf(v.toString());
    }

    /** _guess_type for a field without a type, from the first record. */
    static String guessType(JsonNode v) {
        if (v == null || v.isNull()) return "text";
        if (v.isContainerNode()) return "nested";
        if (v.isIntegralNumber()) return "int4";
        if (v.isNumber()) return "float8";
        String s = v.asText();
        if (INTEGER.matcher(s.strip()).matches()) return "int4"; // 'integer'
        try {
            Double.parseDouble(s);
            return "numeric";
        } catch (NumberFormatException ignored) {
            // not a number
        }
        if (DATE.matcher(s).matches() || s.matches("\\d{1,2}[/-]\\d{1,2}[/-]\\d{4}")) return "timestamp";
        return "text";
    }

    static String canonicalType(String type) {
        return TYPE_ALIASES.get(type.toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ schema helpers

    /** is_valid_field_name: not empty, no surrounding blanks, no leading underscore, no double quote, no control characters. */
    static boolean validFieldName(String name) {
        return !name.isEmpty() && name.equals(name.strip()) && !name.startsWith("_") && !name.contains("\"")
                && name.chars().noneMatch(Character::isISOControl);
    }

    private static String listOfStringsOrString(JsonNode v) {
        if (v == null || v.isNull() || v.isTextual()) return null;
        if (!v.isArray()) return "Not a list";
        for (JsonNode x : v) {
            if (!x.isTextual() && !x.isArray()) return "Neither a string nor a list: " + x.asText();
        }
        return null;
    }

    /** datastore_helpers.get_list: a comma-separated string or a list; null when absent. */
    static List<String> getList(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) {
            if (v.textValue().isEmpty()) return List.of();
            List<String> out = new ArrayList<>();
            for (String s : v.textValue().split(",")) {
                String x = s.strip();
                if (!x.isEmpty()) out.add(x);
            }
            return out;
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText().strip()));
        return out;
    }

    /** int_validator (and natural_number_validator when {@code natural}); null when absent. */
    private static Long intValidator(JsonNode v, ObjectNode errors, String key, boolean natural) {
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) return null;
        long n;
        if (v.isIntegralNumber()) {
            n = v.longValue();
        } else if (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0) {
            n = v.longValue();
        } else if (v.isTextual() && INTEGER.matcher(v.textValue().strip()).matches()) {
            n = Long.parseLong(v.textValue().strip());
        } else {
            errors.putArray(key).add("Invalid integer");
            return null;
        }
        if (natural && n < 0) {
            errors.putArray(key).add("Must be a natural number");
            return null;
        }
        return n;
    }

    private static void checkRecordCountFlag(ObjectNode data, ObjectNode errors) {
        JsonNode v = data.get("calculate_record_count");
        if (v == null || v.isBoolean() || v.isIntegralNumber()) return;
        String s = v.asText();
        if (s.isEmpty() || s.equals("background")
                || List.of("true", "yes", "t", "y", "1", "false", "no", "f", "n", "0").contains(s.toLowerCase(Locale.ROOT))) {
            return;
        }
        errors.putArray("calculate_record_count").add("Value must be boolean or one of: background");
    }

    /** '__junk': [empty]: a key the schema does not know. */
    private static void junk(ObjectNode data, ObjectNode errors, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        data.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) unknown.add(k);
        });
        if (!unknown.isEmpty()) errors.putArray("__junk").add("The input field " + pyRepr(unknown) + " was not expected.");
    }

    /** '__before': [rename('id', 'resource_id')]. */
    private static void rename(ObjectNode data) {
        if (data.hasNonNull("id") && CkanJson.truthy(data.get("id"))) {
            data.set("resource_id", data.get("id"));
            data.remove("id");
        }
    }

    private void authorize(User u, Pkg p, String privilege, String id) {
        if (u != null && u.sysadmin()) return;
        if (!catalog.permitted(p.ownerOrg, u, "update_dataset")) {
            throw CkanActionError.notAuthorized("User " + CkanTestCatalog.name(u) + " not authorized to perform "
                    + privilege + " on resource " + id);
        }
    }

    private static void checkReadOnly(ObjectNode res) {
        if (!"datastore".equals(res.path("url_type").asText(null))) {
            throw CkanActionError.validation("read-only", "Cannot edit read-only resource because changes made may be lost."
                    + " Use a resource created for editing e.g. with datastore_create or use \"force=True\" to ignore this warning.");
        }
    }

    private static ObjectNode idOnly(String id) {
        ObjectNode o = CkanJson.object();
        o.put("id", id);
        return o;
    }

    private static List<JsonNode> listOf(JsonNode records) {
        if (!records.isArray()) throw CkanActionError.validation("records", "Records has to be a list of dicts");
        List<JsonNode> out = new ArrayList<>();
        records.forEach(out::add);
        return out;
    }

    private static Table copy(Table t) {
        Table c = new Table();
        for (Field f : t.fields) c.fields.add(new Field(f.id, f.type, f.info == null ? null : f.info.deepCopy()));
        c.uniqueKey = t.uniqueKey;
        c.rows = new TreeMap<>(t.rows);
        c.index = new HashMap<>(t.index);
        c.nextId = t.nextId;
        return c;
    }

    private static CkanActionError unsupported(String what) {
        return CkanActionError.unsupported(what);
    }

    private static Object pyValue(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return v.numberValue();
        if (v.isBoolean()) return v.booleanValue();
        return v.asText();
    }

    /** Python's repr of a dict of simple values, as CKAN formats it into messages. */
    private static String pyDict(Map<String, Object> m) {
        return m.entrySet().stream().map(e -> "'" + e.getKey() + "': " + pyRepr(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static String pyRepr(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Number) return v.toString();
        if (v instanceof List<?> l) return l.stream().map(CkanTestDatastore::pyRepr).collect(Collectors.joining(", ", "[", "]"));
        String s = v.toString();
        return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s.replace("'", "\\'") + "'";
    }
}
