package id.go.jatengprov.regencyhub.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback standing in for regency portals: each path answers from a queue of
 * scripted responses (the last one repeats), and every request is recorded.
 */
public final class StubServer {

    /** One scripted answer; {@code delayMs} holds the headers back (a slow endpoint). */
    public record Reply(int status, String contentType, String body, Map<String, String> headers, long delayMs) {
        public static Reply json(String body) { return new Reply(200, "application/json", body, Map.of(), 0); }
        public static Reply csv(String body) { return new Reply(200, "text/csv", body, Map.of(), 0); }
        public static Reply status(int status) { return new Reply(status, "text/plain", "", Map.of(), 0); }
        public Reply with(String header, String value) {
            Map<String, String> h = new java.util.HashMap<>(headers);
            h.put(header, value);
            return new Reply(status, contentType, body, h, delayMs);
        }
        public Reply delayed(long ms) { return new Reply(status, contentType, body, headers, ms); }
    }

    /** A request as it arrived. */
    public record Seen(String method, String pathAndQuery, Headers headers, long atNanos) {}

    private final HttpServer server;
    private final Map<String, Deque<Reply>> script = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Released when a test ends, so that slow replies stop holding server threads. */
    private volatile CountDownLatch release = new CountDownLatch(1);

    public StubServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() { return server.getAddress().getPort(); }

    public String url(String path) { return "http://127.0.0.1:" + port() + path; }

    /** Scripts a path (without query): the replies in order, the last repeating. */
    public void on(String path, Reply... replies) {
        script.put(path, new ArrayDeque<>(List.of(replies)));
    }

    /** Stops the server and its threads (the shared test portal lives as long as the JVM and is never stopped). */
    public void stop() {
        release.countDown();
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService e) e.shutdownNow();
    }

    public void reset() {
        script.clear();
        seen.clear();
        release.countDown();
        release = new CountDownLatch(1);
    }

    public List<Seen> requests(String pathPrefix) {
        return seen.stream().filter(s -> s.pathAndQuery().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders(), System.nanoTime()));
        Deque<Reply> q = script.get(path);
        Reply r;
        if (q == null || q.isEmpty()) {
            r = new Reply(404, "text/plain", "no such path", Map.of(), 0);
        } else {
            synchronized (q) {
                r = q.size() > 1 ? q.pollFirst() : q.peekFirst();
            }
        }
        if (r.delayMs() > 0) {
            try {
                release.await(r.delayMs(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        try {
            if (r.status() == 304 || body.length == 0) {
                ex.sendResponseHeaders(r.status(), -1);
            } else {
                ex.sendResponseHeaders(r.status(), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException clientGone) {
            // the hub gave up on a slow reply: fine
        } finally {
            ex.close();
        }
    }
}
