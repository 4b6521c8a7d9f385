package id.go.jatengprov.regencyhub.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.go.jatengprov.regencyhub.support.RetryAfter;

/**
 * Typed calls to a CKAN portal's action API v3 ({@code <site>/api/3/action/<action>}): JSON in, CKAN's
 * envelope out, {@code result} returned and {@code error} turned into a {@link CkanException} with CKAN's
 * own message and field errors.
 *
 * <p>Timeouts on connect and on every answer. Failures that may pass (5xx, 429, timeouts, broken
 * connections) are tried again with exponential backoff, honouring Retry-After; 4xx are not. A call that
 * is not idempotent (package_create, datastore_create of a new resource, an insert) is tried again only
 * when the portal surely did not get it (connection refused, 429, 503): otherwise it could happen twice.
 * Redirects are not followed, so the API key never travels to another address. The key is sent in the
 * {@code Authorization} header as CKAN expects and appears in no message, log line or {@code toString}.
 *
 * <p>Thread-safe; one instance per portal and key.
 */
public final class CkanClient {

    private static final Logger log = LoggerFactory.getLogger(CkanClient.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(NODES);

    /**
     * Connection behaviour.
     *
     * @param attempts         tries per call (1: no retry)
     * @param backoff          the first wait between tries, doubled each time up to {@code maxBackoff}
     * @param maxResponseBytes answers larger than this are refused (a portal gone wrong must not fill the heap)
     */
    public record Settings(Duration connectTimeout, Duration readTimeout, int attempts, Duration backoff,
                           Duration maxBackoff, long maxResponseBytes) {
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
            if (maxResponseBytes < 1024) throw new IllegalArgumentException("maxResponseBytes must be at least 1 KiB");
        }

        /** 10 s to connect, 120 s for an answer (a page of upserts on a busy portal), 5 tries from 2 s up to 60 s apart. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(120), 5, Duration.ofSeconds(2),
                    Duration.ofSeconds(60), 64L * 1024 * 1024);
        }

        public Settings withAttempts(int n) {
            return new Settings(connectTimeout, readTimeout, n, backoff, maxBackoff, maxResponseBytes);
        }

        public Settings withBackoff(Duration first, Duration max) {
            return new Settings(connectTimeout, readTimeout, attempts, first, max, maxResponseBytes);
        }

        public Settings withReadTimeout(Duration d) {
            return new Settings(connectTimeout, d, attempts, backoff, maxBackoff, maxResponseBytes);
        }
    }

    /** datastore_upsert's methods. */
    public enum UpsertMethod {
        /** Replace the row with the same primary key, or add it: repeating it changes nothing. */
        UPSERT,
        /** Add rows; a key already there is an error. Not idempotent. */
        INSERT,
        /** Replace rows whose key is there; a key that is not is an error. */
        UPDATE;

        String ckan() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** One page of datastore_search: the columns (with {@code _id}), the records and the total that matched. */
    public record DatastorePage(List<DatastoreField> fields, List<JsonNode> records, long total) {}

    private final URI portal;
    private final String apiKey;
    private final Settings settings;
    private final HttpClient http;

    /**
     * @param portal the site URL, e.g. {@code https://data.jatengprov.go.id}
     * @param apiKey the API token; null or blank for anonymous calls (reads of public data only)
     */
    public CkanClient(URI portal, String apiKey, Settings settings) {
        this.portal = URI.create(portal.toString().replaceAll("/+$", ""));
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A client for a target, its API key read from the environment variable the target names. */
    public static CkanClient forTarget(CkanTarget target, Function<String, String> environment, Settings settings) {
        return new CkanClient(target.url(), target.apiKey(environment), settings);
    }

    public URI portal() {
        return portal;
    }

    // ------------------------------------------------------------------ packages and organizations

    /** package_show by name or id; empty when the portal has no such dataset (or it is deleted and hidden). */
    public Optional<JsonNode> packageShow(String nameOrId) {
        return optional(() -> get("package_show", Map.of("id", nameOrId)));
    }

    /** package_create with a dataset dict (name, title, owner_org, notes, tags, extras, ...); returns the dataset. */
    public JsonNode packageCreate(ObjectNode dataset) {
        return post("package_create", dataset, false);
    }

    /**
     * package_patch: changes only the top-level keys given and keeps every other field; a list given
     * (extras, tags, resources) replaces the stored one. Never package_update, which clears what it is not given.
     */
    public JsonNode packagePatch(String id, ObjectNode changes) {
        ObjectNode body = changes.deepCopy();
        body.put("id", id);
        return post("package_patch", body, true);
    }

    public Optional<JsonNode> organizationShow(String nameOrId) {
        return optional(() -> get("organization_show", Map.of("id", nameOrId, "include_datasets", "false")));
    }

    public Optional<JsonNode> resourceShow(String id) {
        return optional(() -> get("resource_show", Map.of("id", id)));
    }

    // ------------------------------------------------------------------ DataStore

    /**
     * datastore_create for an existing resource: creates its table, or adds the fields it lacks and updates
     * their data dictionary; {@code primaryKey} becomes (or stays) the table's unique key. Repeating it is harmless.
     */
    public JsonNode datastoreCreate(String resourceId, List<DatastoreField> fields, List<String> primaryKey) {
        ObjectNode body = NODES.objectNode();
        body.put("resource_id", resourceId);
        body.set("fields", fieldsJson(fields));
        ArrayNode pk = body.putArray("primary_key");
        primaryKey.forEach(pk::add);
        return post("datastore_create", body, true);
    }

    /**
     * datastore_create with a new resource in a dataset (a DataStore-only resource: {@code resource} must
     * have {@code package_id} and no {@code url}). Not idempotent: a retry after a lost answer would make a
     * second resource, so it is not retried unless the portal surely did not get it.
     *
     * @return the new resource's id
     */
    public String datastoreCreateWithResource(ObjectNode resource, List<DatastoreField> fields, List<String> primaryKey) {
        ObjectNode body = NODES.objectNode();
        body.set("resource", resource);
        body.set("fields", fieldsJson(fields));
        ArrayNode pk = body.putArray("primary_key");
        primaryKey.forEach(pk::add);
        JsonNode result = post("datastore_create", body, false);
        String id = result.path("resource_id").asText(null);
        if (id == null) {
            throw new CkanException("CKAN at " + portal + " answered datastore_create without a resource_id", "datastore_create",
                    200, null, null, Map.of(), false, null);
        }
        return id;
    }

    /**
     * datastore_upsert of one page of records (field name to value; values as {@link DatastoreTypes#jsonValue}
     * accepts). The portal applies a page all or nothing.
     *
     * @param calculateRecordCount false for all pages but the last of a series, as CKAN advises
     */
    public JsonNode datastoreUpsert(String resourceId, List<? extends Map<String, ?>> records, UpsertMethod method,
                                    boolean calculateRecordCount) {
        byte[] body = upsertBody(resourceId, records, method, calculateRecordCount);
        return send("datastore_upsert", () -> jsonPost("datastore_upsert", body), method != UpsertMethod.INSERT);
    }

    /**
     * datastore_search: {@code limit} records from {@code offset} in {@code sort} order (default {@code _id}),
     * matching {@code filters} (field to value, or to a list of values). Empty when the resource has no table.
     */
    public Optional<DatastorePage> datastoreSearch(String resourceId, Map<String, ?> filters, int limit, int offset, String sort) {
        ObjectNode body = NODES.objectNode();
        body.put("resource_id", resourceId);
        body.put("limit", limit);
        body.put("offset", offset);
        if (sort != null) body.put("sort", sort);
        if (filters != null && !filters.isEmpty()) body.set("filters", JSON.valueToTree(jsonValues(filters)));
        return optional(() -> post("datastore_search", body, true)).map(r -> {
            List<DatastoreField> fields = new ArrayList<>();
            for (JsonNode f : r.path("fields")) {
                Map<String, String> info = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = f.path("info").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    info.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
                }
                fields.add(new DatastoreField(f.path("id").asText(), f.path("type").asText(), info));
            }
            List<JsonNode> records = new ArrayList<>();
            r.path("records").forEach(records::add);
            return new DatastorePage(fields, records, r.path("total").asLong(records.size()));
        });
    }

    /** Any other action, POSTed; {@code idempotent} decides whether a lost answer may be retried. */
    public JsonNode call(String action, ObjectNode body, boolean idempotent) {
        return post(action, body, idempotent);
    }

    // ------------------------------------------------------------------ transport

    private JsonNode get(String action, Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(actionUri(action) + q);
        return send(action, () -> request(uri).GET().build(), true);
    }

    private JsonNode post(String action, ObjectNode body, boolean idempotent) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(action, () -> jsonPost(action, bytes), idempotent);
    }

    private HttpRequest jsonPost(String action, byte[] body) {
        return request(URI.create(actionUri(action))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).header("Accept", "application/json");
        if (apiKey != null) b.header("Authorization", apiKey);
        return b;
    }

    private String actionUri(String action) {
        return portal + "/api/3/action/" + action;
    }

    private JsonNode send(String action, java.util.function.Supplier<HttpRequest> request, boolean idempotent) {
        Duration backoff = settings.backoff();
        CkanException last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            Duration wait = backoff;
            boolean surelyNotApplied = false;
            try {
                HttpResponse<InputStream> r = http.send(request.get(), HttpResponse.BodyHandlers.ofInputStream());
                int status = r.statusCode();
                byte[] raw = readBounded(r.body(), action);
                JsonNode body = parse(raw);
                if (status == 200 && body != null && body.path("success").asBoolean(false)) {
                    return body.path("result");
                }
                if (status >= 300 && status < 400) {
                    throw new CkanException("CKAN at " + portal + " answered " + action + " with HTTP " + status + " (a redirect to "
                            + r.headers().firstValue("Location").map(CkanClient::safe).orElse("nowhere")
                            + "): put the portal's final address in publish.ckan.url", action, status, null, null, Map.of(),
                            false, null);
                }
                last = CkanException.fromResponse(action, portal.toString(), status, body, body == null ? snippet(raw) : null);
                if (!last.isRetryable()) throw last;
                surelyNotApplied = status == 429 || status == 503;
                Optional<Duration> retryAfter = RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null));
                if (retryAfter.isPresent()) wait = min(retryAfter.get(), settings.maxBackoff());
            } catch (HttpTimeoutException e) {
                last = CkanException.noResponse(action, portal.toString(), "no answer within "
                        + settings.readTimeout().toMillis() + " ms (read timeout)", true, e);
            } catch (ConnectException e) {
                surelyNotApplied = true;
                last = CkanException.noResponse(action, portal.toString(), "cannot connect (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", true, e);
            } catch (IOException e) {
                last = CkanException.noResponse(action, portal.toString(), "the connection broke (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", true, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CkanException.noResponse(action, portal.toString(), "interrupted", false, e);
            }
            if (!idempotent && !surelyNotApplied) {
                throw last; // the portal may have applied it; the caller must look before trying again
            }
            if (attempt < settings.attempts()) {
                log.warn("{}; attempt {} of {} again in {} ms", last.getMessage(), attempt + 1, settings.attempts(), wait.toMillis());
                pause(wait, action);
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            }
        }
        throw last.afterAttempts(settings.attempts());
    }

    private byte[] readBounded(InputStream in, String action) throws IOException {
        try (InputStream body = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            long total = 0;
            while ((n = body.read(buf)) > 0) {
                total += n;
                if (total > settings.maxResponseBytes()) {
                    throw new CkanException("CKAN at " + portal + " answered " + action + " with more than "
                            + settings.maxResponseBytes() + " bytes; ask for smaller pages", action, 200, null, null,
                            Map.of(), false, null);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static JsonNode parse(byte[] raw) {
        if (raw.length == 0) return null;
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return null; // an HTML error page from a proxy; the status tells the story
        }
    }

    private static String snippet(byte[] raw) {
        String s = new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return s.replaceAll("[^\\p{Print}]", "?");
    }

    private byte[] upsertBody(String resourceId, List<? extends Map<String, ?>> records, UpsertMethod method,
                              boolean calculateRecordCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, records.size() * 128));
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("resource_id", resourceId);
            g.writeStringField("method", method.ckan());
            if (!calculateRecordCount) g.writeBooleanField("calculate_record_count", false);
            g.writeArrayFieldStart("records");
            for (Map<String, ?> record : records) {
                g.writeStartObject();
                for (Map.Entry<String, ?> e : record.entrySet()) {
                    g.writeFieldName(e.getKey());
                    JSON.writeValue(g, DatastoreTypes.jsonValue(e.getValue()));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Map<String, Object> jsonValues(Map<String, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof List<?> l ? l.stream().map(DatastoreTypes::jsonValue).toList()
                : DatastoreTypes.jsonValue(v)));
        return out;
    }

    private static ArrayNode fieldsJson(List<DatastoreField> fields) {
        ArrayNode a = NODES.arrayNode();
        for (DatastoreField f : fields) {
            ObjectNode o = a.addObject();
            o.put("id", f.id());
            o.put("type", f.type());
            if (!f.info().isEmpty()) {
                ObjectNode info = o.putObject("info");
                f.info().forEach(info::put);
            }
        }
        return a;
    }

    private static <T> Optional<T> optional(java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (CkanException e) {
            if (e.isNotFound()) return Optional.empty();
            throw e;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration d, String action) {
        // the publisher runs off the load path; waiting here is the backoff itself
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CkanException("interrupted while waiting to retry " + action, action, 0, null, null, Map.of(), false, e);
        }
    }

    /** An address without query or fragment, for messages. */
    static String safe(String location) {
        int cut = location.indexOf('?');
        return cut < 0 ? location : location.substring(0, cut);
    }

    @Override
    public String toString() {
        return "CkanClient[" + portal + (apiKey == null ? ", anonymous" : ", with API key") + "]";
    }
}
