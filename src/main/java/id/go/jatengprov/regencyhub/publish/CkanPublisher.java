package id.go.jatengprov.regencyhub.publish;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.go.jatengprov.regencyhub.publish.CkanClient.DatastorePage;
import id.go.jatengprov.regencyhub.publish.CkanClient.UpsertMethod;

/**
 * Publishes one dataset to one CKAN portal: makes the package exist with the dataset's metadata
 * (package_create, or package_patch of what differs), makes its DataStore resource and table exist
 * (datastore_create once, with the fields, their data dictionary and the natural key as {@code primary_key}),
 * then sends rows with datastore_upsert in pages.
 *
 * <p>Crash safety: every row goes by {@code upsert} on the primary key, so a page sent again (after a crash,
 * a timeout, a lost answer) replaces the same rows with the same values and duplicates nothing. After each
 * page the portal confirmed, the {@link PageListener} gets a {@link PageAck} (rows sent, the last row's key)
 * that the caller records; a restart resumes after it, sending again at most the one page that was in
 * flight. A resource whose id the caller lost is found again by its {@code hub_dataset_id} mark, so a crash
 * between datastore_create and recording its id never makes a second resource.
 *
 * <p>Synchronous and single-threaded: the caller runs it off the load path (after a batch commits) and
 * runs one publish at a time per dataset and portal.
 */
public final class CkanPublisher {

    private static final Logger log = LoggerFactory.getLogger(CkanPublisher.class);

    /** How a publish ends for the package. */
    public enum PackageChange { CREATED, PATCHED, UNCHANGED }

    /** How a publish ends for the DataStore table. */
    public enum TableChange {
        /** The table was made now: it is empty, every row must be sent. */
        CREATED,
        /** Columns were added: existing rows have them empty, every row must be sent. */
        COLUMNS_ADDED,
        /** Only the data dictionary (labels, notes) changed. */
        DICTIONARY_UPDATED,
        UNCHANGED
    }

    /**
     * The package and resource are in place.
     *
     * @param resourceId   the DataStore resource; record it and pass it to the next publish
     * @param rowsOnPortal the rows the DataStore reported before this publish sent any (its {@code total}; on a
     *                     real portal a cached count that can lag a few seconds behind writes): a caller whose
     *                     warehouse holds a different number can choose to send every row
     */
    public record Prepared(String packageId, String resourceId, PackageChange packageChange, TableChange tableChange,
                           long rowsOnPortal) {
        /** True when the portal's table lacks rows or columns: send the whole dataset, not only the changed rows. */
        public boolean needsAllRows() {
            return tableChange == TableChange.CREATED || tableChange == TableChange.COLUMNS_ADDED;
        }
    }

    /**
     * A page the portal confirmed.
     *
     * @param page     the page's number in this run, from 1
     * @param rows     rows in this page
     * @param rowsSent rows confirmed so far, counting those of earlier runs passed as {@code rowsAlreadySent}
     * @param lastKey  the natural key of the page's last row (field to JSON value): resume after it when the
     *                 rows come in key order
     */
    public record PageAck(String resourceId, int page, int rows, long rowsSent, Map<String, Object> lastKey) {}

    /** Called after each confirmed page, before the next is sent. An exception stops the publish. */
    @FunctionalInterface
    public interface PageListener {
        void pageSent(PageAck ack);

        PageListener NONE = ack -> { };
    }

    /** Where the rows come from: every row of the dataset, or only those changed since the last publish. */
    @FunctionalInterface
    public interface RowSource {
        /** @param allRows true when the portal needs the whole dataset ({@link Prepared#needsAllRows()}) */
        Iterator<? extends Map<String, ?>> rows(boolean allRows);
    }

    public record Result(Prepared prepared, long rowsSent, int pages) {}

    private final CkanClient client;
    private final CkanTarget target;
    private final int pageSize;

    /** @param pageSize rows per datastore_upsert (1,000 keeps a request near 100 KB to 1 MB) */
    public CkanPublisher(CkanClient client, CkanTarget target, int pageSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.target = Objects.requireNonNull(target, "target");
        if (pageSize < 1 || pageSize > 32000) throw new IllegalArgumentException("page size must be 1 to 32000, not " + pageSize);
        this.pageSize = pageSize;
    }

    /** prepare, then upsert the rows the source gives for what the portal needs. */
    public Result publish(DatasetMetadata meta, String knownResourceId, RowSource rows, PageListener listener) {
        Prepared prepared = prepare(meta, knownResourceId);
        Result r = upsert(prepared, meta, rows.rows(prepared.needsAllRows()), 0, listener);
        log.info("published dataset {} to {}: package {}, table {}, {} rows in {} pages", meta.id(), target.datasetPage(),
                prepared.packageChange().name().toLowerCase(), prepared.tableChange().name().toLowerCase(), r.rowsSent(), r.pages());
        return r;
    }

    // ------------------------------------------------------------------ package and resource

    /**
     * Makes the package, its DataStore resource and table exist and match the metadata. Safe to repeat.
     *
     * @param knownResourceId the resource id recorded by an earlier publish, or null
     */
    public Prepared prepare(DatasetMetadata meta, String knownResourceId) {
        String orgId = step(meta, "organization_show", () -> client.organizationShow(target.organization()))
                .map(o -> o.path("id").asText())
                .orElseThrow(() -> problem(meta, "organization '" + target.organization() + "' does not exist on " + target.url()
                        + "; create it on the portal or correct publish.ckan.organization"));

        PackageChange change;
        JsonNode pkg = existingPackage(meta, orgId).orElse(null);
        if (pkg == null) {
            pkg = create(meta, orgId);
            change = PackageChange.CREATED;
        } else {
            Optional<ObjectNode> patch = PackageDocument.patchFor(meta, pkg);
            if (patch.isPresent()) {
                String id = pkg.path("id").asText();
                pkg = step(meta, "package_patch", () -> client.packagePatch(id, patch.get()));
                change = PackageChange.PATCHED;
            } else {
                change = PackageChange.UNCHANGED;
            }
        }
        String packageId = pkg.path("id").asText();

        List<DatastoreField> fields = DatastoreTypes.fields(meta);
        Optional<String> resourceId = findResource(pkg, meta, knownResourceId);
        TableState table;
        String rid;
        if (resourceId.isEmpty()) {
            rid = createResource(meta, packageId, fields);
            table = new TableState(TableChange.CREATED, 0);
        } else {
            rid = resourceId.get();
            table = ensureTable(meta, rid, fields);
        }
        return new Prepared(packageId, rid, change, table.change(), table.rows());
    }

    private Optional<JsonNode> existingPackage(DatasetMetadata meta, String orgId) {
        Optional<JsonNode> found = step(meta, "package_show", () -> client.packageShow(target.packageName()));
        if (found.isEmpty() || "deleted".equals(found.get().path("state").asText())) return Optional.empty();
        String owner = found.get().path("owner_org").asText(null);
        if (!orgId.equals(owner)) {
            throw problem(meta, "the portal's dataset '" + target.packageName() + "' belongs to another organization ("
                    + found.get().path("organization").path("name").asText(owner) + "), not '" + target.organization()
                    + "'; the hub does not take over another organization's dataset: choose another publish.ckan.package");
        }
        return found;
    }

    private JsonNode create(DatasetMetadata meta, String orgId) {
        try {
            return client.packageCreate(PackageDocument.forCreate(meta, target.packageName(), orgId));
        } catch (CkanException e) {
            // a create whose answer was lost, or that raced another publish, left the package there: use it
            JsonNode now;
            try {
                now = existingPackage(meta, orgId).orElse(null);
            } catch (CkanPublishException lookup) {
                if (lookup.ckanError() == null) throw lookup; // it is there, but another organization's
                now = null;
            }
            if (now == null) throw fail(meta, "package_create", e);
            log.info("package_create of {} failed ({}), but the package is there now; continuing with it",
                    target.datasetPage(), e.getMessage());
            JsonNode there = now;
            return step(meta, "package_patch", () -> PackageDocument.patchFor(meta, there)
                    .map(p -> client.packagePatch(there.path("id").asText(), p)).orElse(there));
        }
    }

    /**
     * The DataStore resource: the one recorded, else the one marked with this dataset's id, else (for portals
     * whose schema drops unknown resource fields) the unmarked DataStore resource named as the hub names it.
     */
    private static Optional<String> findResource(JsonNode pkg, DatasetMetadata meta, String knownResourceId) {
        String marked = null;
        String named = null;
        for (JsonNode r : pkg.path("resources")) {
            if (!"datastore".equals(r.path("url_type").asText())) continue;
            String id = r.path("id").asText();
            if (id.equals(knownResourceId)) return Optional.of(id);
            String mark = r.path("hub_dataset_id").asText(null);
            if (marked == null && meta.id().equals(mark)) marked = id;
            if (named == null && mark == null && meta.title().equals(r.path("name").asText(null))) named = id;
        }
        return Optional.ofNullable(marked != null ? marked : named);
    }

    private String createResource(DatasetMetadata meta, String packageId, List<DatastoreField> fields) {
        try {
            return client.datastoreCreateWithResource(PackageDocument.resource(meta, packageId), fields, meta.key());
        } catch (CkanException e) {
            if (!e.isResponseLost()) throw fail(meta, "datastore_create", e);
            // the portal may have made the resource before the answer was lost: look before making another
            Optional<String> made = step(meta, "package_show", () -> client.packageShow(packageId))
                    .flatMap(p -> findResource(p, meta, null));
            if (made.isEmpty()) throw fail(meta, "datastore_create", e);
            ensureTable(meta, made.get(), fields);
            return made.get();
        }
    }

    private record TableState(TableChange change, long rows) {}

    /** The table of an existing resource: made if missing; columns added and the dictionary updated if they differ. */
    private TableState ensureTable(DatasetMetadata meta, String resourceId, List<DatastoreField> wanted) {
        Optional<DatastorePage> page = step(meta, "datastore_search",
                () -> client.datastoreSearch(resourceId, null, 0, 0, null));
        if (page.isEmpty()) {
            step(meta, "datastore_create", () -> client.datastoreCreate(resourceId, wanted, meta.key()));
            return new TableState(TableChange.CREATED, 0);
        }
        long rows = page.get().total();
        Map<String, DatastoreField> have = new LinkedHashMap<>();
        page.get().fields().forEach(f -> have.put(f.id(), f));
        boolean added = false;
        boolean dictionary = false;
        List<DatastoreField> send = new ArrayList<>();
        for (DatastoreField f : wanted) {
            DatastoreField current = have.get(f.id());
            if (current == null) {
                added = true;
                send.add(f);
                continue;
            }
            if (!current.type().equals(f.type())) {
                throw problem(meta, "the portal's DataStore column '" + f.id() + "' of resource " + resourceId + " is "
                        + current.type() + ", the dataset's field is " + f.type() + "; a column's type cannot change in place:"
                        + " delete the resource's DataStore table on the portal (datastore_delete) and publish again");
            }
            Map<String, String> info = new LinkedHashMap<>(current.info());
            info.putAll(f.info());
            if (!f.info().containsKey("notes")) info.remove("notes");
            if (!info.equals(current.info())) dictionary = true;
            send.add(new DatastoreField(f.id(), f.type(), info));
        }
        if (!added && !dictionary) return new TableState(TableChange.UNCHANGED, rows);
        step(meta, "datastore_create", () -> client.datastoreCreate(resourceId, send, meta.key()));
        return new TableState(added ? TableChange.COLUMNS_ADDED : TableChange.DICTIONARY_UPDATED, rows);
    }

    // ------------------------------------------------------------------ rows

    /**
     * Sends rows in pages of datastore_upsert. Rows are maps of field name to value; a field left out keeps
     * the portal's value (an upsert sets only the columns it is given).
     *
     * @param rowsAlreadySent rows confirmed by an earlier, interrupted run that this one resumes (0 otherwise);
     *                        only counts and row numbers in messages depend on it
     * @throws CkanPublishException when a row does not fit the dataset, or the portal refuses a page or stays
     *                              unreachable after the client's retries; the pages acknowledged before stay sent
     */
    public Result upsert(Prepared prepared, DatasetMetadata meta, Iterator<? extends Map<String, ?>> rows,
                         long rowsAlreadySent, PageListener listener) {
        Set<String> fields = new LinkedHashSet<>(meta.fieldNames());
        long sent = rowsAlreadySent;
        long rowNumber = rowsAlreadySent;
        int pages = 0;
        List<Map<String, Object>> page = new ArrayList<>(Math.min(pageSize, 4096));
        while (rows.hasNext()) {
            page.add(checked(meta, fields, rows.next(), ++rowNumber));
            boolean more = rows.hasNext();
            if (page.size() == pageSize || !more) {
                long first = sent + 1;
                List<Map<String, Object>> batch = page;
                try {
                    client.datastoreUpsert(prepared.resourceId(), batch, UpsertMethod.UPSERT, !more);
                } catch (CkanException e) {
                    throw fail(meta, "datastore_upsert of rows " + first + " to " + (sent + batch.size())
                            + rowHint(e, first), e);
                }
                sent += batch.size();
                pages++;
                Map<String, Object> lastKey = new LinkedHashMap<>();
                for (String k : meta.key()) lastKey.put(k, batch.get(batch.size() - 1).get(k));
                log.debug("dataset {}: page {} of {} rows confirmed by {}", meta.id(), pages, batch.size(), target.url());
                listener.pageSent(new PageAck(prepared.resourceId(), pages, batch.size(), sent, Collections.unmodifiableMap(lastKey)));
                page = new ArrayList<>(Math.min(pageSize, 4096));
            }
        }
        return new Result(prepared, sent - rowsAlreadySent, pages);
    }

    private static Map<String, Object> checked(DatasetMetadata meta, Set<String> fields, Map<String, ?> row, long n) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : row.entrySet()) {
            if (!fields.contains(e.getKey())) {
                throw new CkanPublishException("dataset '" + meta.id() + "', row " + n + ": column '" + e.getKey()
                        + "' is not one of the dataset's fields " + fields + "; the row source must give field names", null);
            }
            try {
                out.put(e.getKey(), DatastoreTypes.jsonValue(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw new CkanPublishException("dataset '" + meta.id() + "', row " + n + ", field '" + e.getKey() + "': "
                        + bad.getMessage(), bad);
            }
        }
        for (String k : meta.key()) {
            Object v = out.get(k);
            if (v == null || (v instanceof String s && s.isEmpty())) {
                throw new CkanPublishException("dataset '" + meta.id() + "', row " + n + ": key field '" + k
                        + "' is empty; the DataStore can only upsert a row by its whole key " + meta.key(), null);
            }
        }
        return out;
    }

    /** CKAN reports a bad record by its place in the page ({@code records_row}); tell the row's place in the run. */
    private static String rowHint(CkanException e, long first) {
        List<String> row = e.fieldErrors().get("records_row");
        if (row == null || row.isEmpty()) return "";
        try {
            return " (the portal refused row " + (first + Long.parseLong(row.get(0))) + ")";
        } catch (NumberFormatException ignored) {
            return "";
        }
    }

    // ------------------------------------------------------------------ errors

    private <T> T step(DatasetMetadata meta, String action, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CkanException e) {
            throw fail(meta, action, e);
        }
    }

    private CkanPublishException fail(DatasetMetadata meta, String step, CkanException cause) {
        return new CkanPublishException("publishing dataset '" + meta.id() + "' to " + target.datasetPage() + " failed at "
                + step + ": " + cause.getMessage(), cause);
    }

    private CkanPublishException problem(DatasetMetadata meta, String message) {
        return new CkanPublishException("publishing dataset '" + meta.id() + "' to " + target.datasetPage() + ": " + message, null);
    }
}
