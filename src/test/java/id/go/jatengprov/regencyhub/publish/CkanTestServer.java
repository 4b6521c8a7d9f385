package id.go.jatengprov.regencyhub.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import id.go.jatengprov.regencyhub.publish.CkanTestCatalog.Role;
import id.go.jatengprov.regencyhub.publish.CkanTestCatalog.User;
import id.go.jatengprov.regencyhub.publish.CkanTestDatastore.Table;

/**
 * A CKAN portal on loopback for tests: the action API v3 ({@code /api/3/action/<action>}) as
 * {@code ckan/views/api.py} serves it (POST with a JSON body; GET with query parameters for side-effect-free
 * actions; the envelope {@code {"help", "success", "result" | "error"}} with 409, 403, 404, 400 and 500),
 * the API token in the {@code Authorization} header, and the rules of {@link CkanTestCatalog} and
 * {@link CkanTestDatastore}. A CKAN portal cannot run on this machine; this stands in for it.
 *
 * <p>Tests can inject faults per action ({@link #inject}), and inspect the stored datasets, the DataStore
 * rows and every call. Actions run one at a time, like transactions that never interleave.
 *
 * <p>Where it knowingly differs from a real CKAN 2.11: API tokens are opaque strings given by the test
 * (CKAN's are JWTs; an unknown one is the anonymous user in both); datastore_search's {@code total} is exact
 * (CKAN answers an unfiltered search from a cached count that can lag behind writes); a DataStore-only
 * resource shows a dump URL that serves nothing; what is not modelled answers 500 saying so.
 */
public final class CkanTestServer implements AutoCloseable {

    /** What happens to the next call of an action. */
    public record Fault(Kind kind, Duration delay) {
        public enum Kind { PASS, FAIL_500, DROP, DELAY, APPLY_THEN_DROP, APPLY_THEN_500 }

        /** The call is served normally (to let some calls through before a fault). */
        public static Fault pass() { return new Fault(Kind.PASS, Duration.ZERO); }

        /** HTTP 500 with CKAN's Internal Server Error envelope; nothing is applied. */
        public static Fault fail500() { return new Fault(Kind.FAIL_500, Duration.ZERO); }

        /** The connection is closed without a response; nothing is applied. */
        public static Fault drop() { return new Fault(Kind.DROP, Duration.ZERO); }

        /** The response is held back this long, then the call is served (and applied) normally. */
        public static Fault delay(Duration d) { return new Fault(Kind.DELAY, d); }

        /** The call is applied (committed), then the connection is closed: the client never learns it worked. */
        public static Fault applyThenDrop() { return new Fault(Kind.APPLY_THEN_DROP, Duration.ZERO); }

        /** The call is applied, then a 500 comes back (a proxy or a plugin failing after the commit). */
        public static Fault applyThen500() { return new Fault(Kind.APPLY_THEN_500, Duration.ZERO); }
    }

    /** One call as the portal saw it: the request without its records, how many records it carried, and the outcome. */
    public record Call(String action, String httpMethod, String user, JsonNode request, int records, int status, Fault.Kind fault) {}

    private static final String PREFIX = "/api/3/action/";
    private static final Set<String> SIDE_EFFECT_FREE = Set.of("package_show", "organization_show", "resource_show",
            "datastore_search", "help_show");

    private final HttpServer http;
    private final ExecutorService executor;
    private final String url;
    private final CkanTestCatalog catalog;
    private final CkanTestDatastore datastore;
    private final Map<String, BiFunction<User, ObjectNode, JsonNode>> actions = new LinkedHashMap<>();
    private final Map<String, User> tokens = new HashMap<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Released on close, so that delayed replies stop holding server threads. */
    private final CountDownLatch closing = new CountDownLatch(1);

    public CkanTestServer() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        url = "http://127.0.0.1:" + http.getAddress().getPort();
        catalog = new CkanTestCatalog(url);
        datastore = new CkanTestDatastore(catalog);
        actions.put("package_show", catalog::packageShow);
        actions.put("package_create", catalog::packageCreate);
        actions.put("package_update", catalog::packageUpdate);
        actions.put("package_patch", catalog::packagePatch);
        actions.put("organization_show", catalog::organizationShow);
        actions.put("resource_show", catalog::resourceShow);
        actions.put("resource_create", catalog::resourceCreate);
        actions.put("datastore_create", datastore::datastoreCreate);
        actions.put("datastore_upsert", datastore::datastoreUpsert);
        actions.put("datastore_search", datastore::datastoreSearch);
        actions.put("datastore_delete", datastore::datastoreDelete);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ckan-test-server");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    /** The portal's site URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return url;
    }

    // ------------------------------------------------------------------ set-up

    /** Creates an organization; returns its id. */
    public String addOrganization(String name, String title) {
        synchronized (lock) {
            return catalog.addOrganization(name, title).id();
        }
    }

    /** A user reachable with {@code token}, with {@code role} in the organization (editor: may create and update datasets). */
    void addUser(String token, String userName, String organization, Role role) {
        synchronized (lock) {
            tokens.put(token, new User(userName, false));
            if (organization != null) catalog.grant(userName, organization, role);
        }
    }

    /** A user reachable with {@code token} who is an editor of the organization (for tests outside this package). */
    public void addEditor(String token, String userName, String organization) {
        addUser(token, userName, organization, Role.EDITOR);
    }

    void addSysadmin(String token, String userName) {
        synchronized (lock) {
            tokens.put(token, new User(userName, true));
        }
    }

    // ------------------------------------------------------------------ faults

    /** Queues faults for the next calls of {@code action}, one a call; after them, calls are served normally. */
    public void inject(String action, Fault... next) {
        synchronized (lock) {
            faults.computeIfAbsent(action, a -> new ArrayDeque<>()).addAll(List.of(next));
        }
    }

    /** Queues {@code n} HTTP 500s for the next calls of {@code action}. */
    public void failNext(String action, int n) {
        for (int i = 0; i < n; i++) inject(action, Fault.fail500());
    }

    void clearFaults() {
        synchronized (lock) {
            faults.clear();
        }
    }

    // ------------------------------------------------------------------ inspection

    /** The dataset as package_show shows it to a sysadmin. */
    public Optional<JsonNode> dataset(String nameOrId) {
        synchronized (lock) {
            return catalog.pkg(nameOrId).map(catalog::show);
        }
    }

    /** Every DataStore row of a resource in {@code _id} order, values as datastore_search returns them (with {@code _id}). */
    public List<Map<String, JsonNode>> rows(String resourceId) {
        synchronized (lock) {
            Table t = datastore.table(resourceId);
            if (t == null) throw new IllegalArgumentException("no DataStore table for resource " + resourceId);
            List<Map<String, JsonNode>> out = new ArrayList<>();
            t.rows.forEach((id, row) -> {
                Map<String, JsonNode> r = new LinkedHashMap<>();
                r.put("_id", CkanJson.MAPPER.getNodeFactory().numberNode(id));
                for (CkanTestDatastore.Field f : t.fields) r.put(f.id, CkanTestDatastore.toJson(row.get(f.id), f.type));
                out.add(r);
            });
            return out;
        }
    }

    /** The DataStore columns of a resource: id to PostgreSQL type (int8, numeric, text, date, bool, ...). */
    public Map<String, String> columns(String resourceId) {
        synchronized (lock) {
            Table t = datastore.table(resourceId);
            if (t == null) throw new IllegalArgumentException("no DataStore table for resource " + resourceId);
            Map<String, String> out = new LinkedHashMap<>();
            t.fields.forEach(f -> out.put(f.id, f.type));
            return out;
        }
    }

    /** The unique key made from datastore_create's primary_key. */
    public List<String> primaryKey(String resourceId) {
        synchronized (lock) {
            return datastore.table(resourceId).uniqueKey;
        }
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String action) {
        return calls.stream().filter(c -> c.action().equals(action)).toList();
    }

    void clearCalls() {
        calls.clear();
    }

    @Override
    public void close() {
        closing.countDown();
        http.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith(PREFIX)) {
                send(ex, 404, "text/html; charset=utf-8", "<h1>Not Found</h1>");
                return;
            }
            String action = path.substring(PREFIX.length()).replaceAll("/+$", "");
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            User user = tokens.get(Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse(""));
            Fault fault;
            synchronized (lock) {
                Deque<Fault> q = faults.get(action);
                fault = q == null || q.isEmpty() ? Fault.pass() : q.poll();
            }
            switch (fault.kind()) {
                case DELAY -> {
                    try {
                        closing.await(fault.delay().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case FAIL_500 -> {
                    calls.add(new Call(action, ex.getRequestMethod(), CkanTestCatalog.name(user), null, 0, 500, fault.kind()));
                    reply(ex, action, CkanActionError.internal());
                    return;
                }
                case DROP -> {
                    calls.add(new Call(action, ex.getRequestMethod(), CkanTestCatalog.name(user), null, 0, 0, fault.kind()));
                    return; // closing the exchange without a response closes the connection
                }
                default -> { }
            }
            ObjectNode data = null;
            int records = 0;
            int status;
            Object outcome;
            try {
                BiFunction<User, ObjectNode, JsonNode> fn = actions.get(action);
                if (fn == null) throw CkanActionError.badRequest("Action name not known: " + action);
                ObjectNode request = requestData(ex, action, body);
                JsonNode recs = request.get("records");
                records = recs != null && recs.isArray() ? recs.size() : 0;
                data = request.deepCopy();
                data.remove("records");
                if (request.has("callback")) {
                    request.remove("callback");
                    user = null; // api.py: a JSONP callback makes the call anonymous
                }
                JsonNode result;
                synchronized (lock) {
                    result = fn.apply(user, request);
                }
                status = 200;
                outcome = result;
            } catch (CkanActionError e) {
                status = e.status;
                outcome = e;
            } catch (RuntimeException e) {
                status = 500;
                outcome = CkanActionError.internal();
                e.printStackTrace();
            }
            if (fault.kind() == Fault.Kind.APPLY_THEN_DROP) {
                calls.add(new Call(action, ex.getRequestMethod(), CkanTestCatalog.name(user), data, records, 0, fault.kind()));
                return;
            }
            if (fault.kind() == Fault.Kind.APPLY_THEN_500) {
                calls.add(new Call(action, ex.getRequestMethod(), CkanTestCatalog.name(user), data, records, 500, fault.kind()));
                reply(ex, action, CkanActionError.internal());
                return;
            }
            calls.add(new Call(action, ex.getRequestMethod(), CkanTestCatalog.name(user), data, records, status, fault.kind()));
            if (outcome instanceof CkanActionError e) {
                reply(ex, action, e);
            } else {
                ObjectNode envelope = CkanJson.object();
                envelope.put("help", help(action));
                envelope.put("success", true);
                envelope.set("result", (JsonNode) outcome);
                send(ex, 200, "application/json;charset=utf-8", CkanJson.write(envelope));
            }
        } catch (IOException e) {
            // the client went away (a timeout); CKAN would log and carry on
        }
    }

    /** _get_request_data: GET query parameters only for side-effect-free actions, otherwise a JSON object body. */
    private static ObjectNode requestData(HttpExchange ex, String action, byte[] body) {
        String method = ex.getRequestMethod();
        if (method.equals("GET")) {
            if (!SIDE_EFFECT_FREE.contains(action)) {
                throw CkanActionError.badRequest("JSON Error: Invalid request. Please use POST method for your request");
            }
            ObjectNode data = CkanJson.object();
            String query = ex.getRequestURI().getRawQuery();
            if (query == null || query.isEmpty()) return data;
            Map<String, List<String>> params = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
            params.forEach((k, v) -> {
                if (v.size() == 1) data.put(k, v.get(0));
                else v.forEach(data.withArray(k)::add);
            });
            return data;
        }
        if (body.length == 0) return CkanJson.object();
        JsonNode parsed;
        try {
            parsed = CkanJson.parse(body);
        } catch (IOException e) {
            throw CkanActionError.badRequest("JSON Error: Error decoding JSON data. Error: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (parsed == null || !parsed.isObject()) {
            throw CkanActionError.badRequest("JSON Error: Request data JSON decoded to " + (parsed == null ? "None" : parsed)
                    + " but it needs to be a dictionary.");
        }
        return (ObjectNode) parsed;
    }

    private void reply(HttpExchange ex, String action, CkanActionError e) throws IOException {
        if (e.badRequest != null) {
            send(ex, e.status, "application/json;charset=utf-8", CkanJson.write(e.badRequest));
            return;
        }
        ObjectNode envelope = CkanJson.object();
        envelope.put("help", help(action));
        envelope.put("success", false);
        envelope.set("error", e.error);
        send(ex, e.status, "application/json;charset=utf-8", CkanJson.write(envelope));
    }

    private String help(String action) {
        return url + "/api/3/action/help_show?name=" + action;
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
