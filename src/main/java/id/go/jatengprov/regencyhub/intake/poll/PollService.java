package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.IntakeService;

/**
 * One poll of an http or ckan source: fetch (all pages), keep what came as one landing copy, and hand
 * it to intake like any other batch. Unchanged content loads nothing: a 304, an unchanged CKAN
 * last_modified/hash, or the same bytes as last time (DUPLICATE). A failure is recorded on the source
 * and never stops other sources; the next fire time tries again.
 */
@Service
public class PollService {

    private static final Logger log = LoggerFactory.getLogger(PollService.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
    private static final ObjectMapper JSON = new ObjectMapper(JsonRecordCopier.FACTORY);

    /** What a poll did. */
    public record Outcome(String outcome, Long batch, String message) {}

    private final ActiveConfig config;
    private final IntakeService intake;
    private final SourceStateStore states;
    private final PollProperties props;
    private final HubProperties hub;
    private final Environment env;
    private final HttpFetcher fetcher;

    public PollService(ActiveConfig config, IntakeService intake, SourceStateStore states, PollProperties props,
                       HubProperties hub, Environment env) {
        this.config = config;
        this.intake = intake;
        this.states = states;
        this.props = props;
        this.hub = hub;
        this.env = env;
        this.fetcher = new HttpFetcher(props);
    }

    public Outcome poll(String sourceId) {
        SourceDef source = config.config().source(sourceId)
                .filter(s -> s.kind() != SourceDef.Kind.DROP)
                .orElseThrow(() -> new IllegalArgumentException("no http or ckan source '" + sourceId + "'"));
        SourceState state = states.find(sourceId).orElse(SourceState.empty(sourceId));
        Path work = null;
        Long batch = null;
        try {
            Files.createDirectories(hub.workDir());
            work = Files.createTempDirectory(hub.workDir(), "poll-" + sourceId + "-");
            Fetched f = source.kind() == SourceDef.Kind.HTTP ? fetchHttp(source, state, work) : fetchCkan(source, state, work);
            if (f.file == null) {
                states.success(sourceId, "UNCHANGED", f.status, null, f.message, f.validators);
                log.info("Poll of {}: unchanged ({})", sourceId, f.message);
                return new Outcome("UNCHANGED", null, f.message);
            }
            BatchStore.Registration reg;
            try (InputStream in = Files.newInputStream(f.file)) {
                reg = intake.land(sourceId, in, null, "poll", Long.MAX_VALUE);
            }
            batch = reg.batchId();
            if (reg.outcome() == BatchStore.Outcome.DUPLICATE) {
                String msg = "content unchanged: same bytes as batch " + reg.duplicateOf();
                states.success(sourceId, "DUPLICATE", f.status, batch, msg, f.validators);
                return new Outcome("DUPLICATE", batch, msg);
            }
            IntakeService.Receipt r = intake.process(batch);
            if (r.status() == BatchStatus.FAILED) {
                states.failure(sourceId, f.status, r.message(), batch);
                return new Outcome("FAILED", batch, r.message());
            }
            states.success(sourceId, r.status().name(), f.status, batch, null, f.validators);
            return new Outcome(r.status().name(), batch, null);
        } catch (PollException e) {
            log.warn("Poll of {} failed: {}", sourceId, e.getMessage());
            states.failure(sourceId, e.httpStatus() == 0 ? null : e.httpStatus(), e.getMessage(), batch);
            return new Outcome("FAILED", batch, e.getMessage());
        } catch (IOException e) {
            String msg = "I/O error: " + e.getMessage();
            log.warn("Poll of {} failed: {}", sourceId, msg);
            states.failure(sourceId, null, msg, batch);
            return new Outcome("FAILED", batch, msg);
        } finally {
            deleteQuietly(work);
        }
    }

    /** What a fetch produced: a file to land, or nothing (unchanged) with the reason. */
    private record Fetched(Path file, Integer status, String message, SourceStateStore.Validators validators) {}

    // ------------------------------------------------------------------ http

    private Fetched fetchHttp(SourceDef s, SourceState state, Path work) throws IOException {
        SourceDef.HttpSpec http = s.http();
        Map<String, String> headers = resolveHeaders(http.headers());
        Map<String, String> conditional = new LinkedHashMap<>(headers);
        if (state.etag() != null) conditional.put("If-None-Match", state.etag());
        if (state.lastModified() != null) conditional.put("If-Modified-Since", state.lastModified());
        URI first = URI.create(http.url());
        if (!"json".equals(http.format())) {
            HttpFetcher.Response r = fetcher.get(first, conditional, work.resolve("body"));
            if (r.status() == 304) {
                return new Fetched(null, 304, "HTTP 304 Not Modified", SourceStateStore.Validators.NONE);
            }
            expectNotHtml(r, "CSV");
            return new Fetched(r.body(), r.status(), null, new SourceStateStore.Validators(r.etag(), r.lastModified(), null, null));
        }
        Map<String, String> paging = http.paging() == null ? Map.of() : http.paging();
        String style = paging.getOrDefault("style", "none");
        int size = Integer.parseInt(paging.getOrDefault("size", "1000"));
        Path combined = work.resolve("records.json");
        Integer status;
        SourceStateStore.Validators v;
        try (OutputStream os = Files.newOutputStream(combined);
             JsonGenerator out = JsonRecordCopier.FACTORY.createGenerator(os, JsonEncoding.UTF8)) {
            out.writeStartArray();
            URI url = pageUrl(first, style, paging, size, 0);
            Set<String> pointers = new java.util.HashSet<>();
            for (String k : List.of("total", "pages", "next")) {
                if (paging.get(k) != null) pointers.add(paging.get(k));
            }
            HttpFetcher.Response r = fetcher.get(url, conditional, work.resolve("page"));
            if (r.status() == 304) {
                return new Fetched(null, 304, "HTTP 304 Not Modified", SourceStateStore.Validators.NONE);
            }
            status = r.status();
            v = new SourceStateStore.Validators(r.etag(), r.lastModified(), null, null);
            long fetched = 0;
            for (int page = 0; ; page++) {
                expectNotHtml(r, "JSON");
                JsonRecordCopier.Page p;
                try (InputStream in = Files.newInputStream(r.body())) {
                    p = JsonRecordCopier.copy(in, http.records(), pointers, out);
                }
                if (!p.recordsFound()) {
                    throw new PollException("no '" + http.records() + "' in the JSON from " + HttpFetcher.safe(url)
                            + "; check http.records");
                }
                fetched += p.records();
                URI next = nextPage(first, url, style, paging, size, page, p, fetched);
                if (next == null) break;
                if (page + 1 >= props.getMaxPages()) {
                    throw new PollException("more than hub.poll.max-pages (" + props.getMaxPages() + ") pages; stopped");
                }
                url = next;
                r = fetcher.get(url, headers, work.resolve("page"));
            }
            out.writeEndArray();
        }
        return new Fetched(combined, status, null, v);
    }

    private static URI pageUrl(URI base, String style, Map<String, String> paging, int size, int index) {
        return switch (style) {
            case "offset" -> withQuery(base, paging.getOrDefault("offset-param", "offset"), String.valueOf((long) index * size),
                    paging.getOrDefault("limit-param", "limit"), String.valueOf(size));
            case "page" -> paging.containsKey("limit-param")
                    ? withQuery(base, paging.getOrDefault("page-param", "page"), String.valueOf(index + 1), paging.get("limit-param"), String.valueOf(size))
                    : withQuery(base, paging.getOrDefault("page-param", "page"), String.valueOf(index + 1), null, null);
            default -> base;
        };
    }

    private URI nextPage(URI first, URI current, String style, Map<String, String> paging, int size, int page,
                         JsonRecordCopier.Page p, long fetched) {
        switch (style) {
            case "offset" -> {
                String total = p.values().get(nz(paging.get("total")));
                if (p.records() < size || p.records() == 0) return null;
                if (total != null && fetched >= parseLong(total, "total")) return null;
                return pageUrl(first, style, paging, size, page + 1);
            }
            case "page" -> {
                String pages = p.values().get(nz(paging.get("pages")));
                if (p.records() == 0) return null;
                if (pages != null && page + 1 >= parseLong(pages, "pages")) return null;
                return pageUrl(first, style, paging, size, page + 1);
            }
            case "next" -> {
                String next = p.values().get(nz(paging.get("next")));
                if (next == null || next.isBlank() || p.records() == 0) return null;
                URI n = current.resolve(next);
                if (!HttpFetcher.sameHost(first, n)) {
                    throw new PollException("the next-page link points to another host (" + n.getHost() + "); refused");
                }
                return n;
            }
            default -> {
                return null;
            }
        }
    }

    // ------------------------------------------------------------------ ckan

    private Fetched fetchCkan(SourceDef s, SourceState state, Path work) throws IOException {
        SourceDef.CkanSpec ckan = s.ckan();
        String base = ckan.url().replaceAll("/+$", "");
        if (ckan.resource() != null) {
            JsonNode meta = ckanAction(base + "/api/3/action/resource_show?id=" + enc(ckan.resource()), work);
            String lastModified = text(meta.path("last_modified"));
            String hash = text(meta.path("hash"));
            if (lastModified != null && lastModified.equals(state.ckanLastModified())
                    && (hash == null || hash.equals(state.ckanHash()))) {
                return new Fetched(null, 200, "CKAN resource unchanged since " + lastModified, SourceStateStore.Validators.NONE);
            }
            Path combined = work.resolve("records.json");
            try (OutputStream os = Files.newOutputStream(combined);
                 JsonGenerator out = JsonRecordCopier.FACTORY.createGenerator(os, JsonEncoding.UTF8)) {
                out.writeStartArray();
                long offset = 0;
                for (int page = 0; ; page++) {
                    URI url = URI.create(base + "/api/3/action/datastore_search?resource_id=" + enc(ckan.resource())
                            + "&limit=" + ckan.pageSize() + "&offset=" + offset);
                    HttpFetcher.Response r = fetcher.get(url, Map.of("Accept", "application/json"), work.resolve("page"));
                    expectNotHtml(r, "JSON");
                    JsonRecordCopier.Page p;
                    try (InputStream in = Files.newInputStream(r.body())) {
                        p = JsonRecordCopier.copy(in, "/result/records", Set.of("/success", "/error/message", "/result/total"), out);
                    }
                    checkCkanSuccess(p.values().get("/success"), p.values().get("/error/message"));
                    offset += p.records();
                    String total = p.values().get("/result/total");
                    if (p.records() == 0 || (total != null && offset >= parseLong(total, "total"))) break;
                    if (page + 1 >= props.getMaxPages()) {
                        throw new PollException("more than hub.poll.max-pages (" + props.getMaxPages() + ") pages; stopped");
                    }
                }
                out.writeEndArray();
            }
            return new Fetched(combined, 200, null, new SourceStateStore.Validators(null, null, lastModified, hash));
        }
        JsonNode pkg = ckanAction(base + "/api/3/action/package_show?id=" + enc(ckan.dataset()), work);
        String format = ckan.format() == null ? "CSV" : ckan.format();
        for (JsonNode res : pkg.path("resources")) {
            if (format.equalsIgnoreCase(text(res.path("format")))) {
                String lastModified = text(res.path("last_modified"));
                String hash = text(res.path("hash"));
                if (lastModified != null && lastModified.equals(state.ckanLastModified())
                        && (hash == null || hash.equals(state.ckanHash()))) {
                    return new Fetched(null, 200, "CKAN resource unchanged since " + lastModified, SourceStateStore.Validators.NONE);
                }
                String url = text(res.path("url"));
                if (url == null) throw new PollException("the " + format + " resource of dataset '" + ckan.dataset() + "' has no url");
                HttpFetcher.Response r = fetcher.get(URI.create(base).resolve(url), Map.of(), work.resolve("body"));
                expectNotHtml(r, format);
                return new Fetched(r.body(), r.status(), null, new SourceStateStore.Validators(null, null, lastModified, hash));
            }
        }
        throw new PollException("dataset '" + ckan.dataset() + "' has no resource in format " + format);
    }

    /** A small CKAN action response (resource_show, package_show), its envelope checked. */
    private JsonNode ckanAction(String url, Path work) throws IOException {
        HttpFetcher.Response r = fetcher.get(URI.create(url), Map.of("Accept", "application/json"), work.resolve("meta"));
        expectNotHtml(r, "JSON");
        JsonNode root;
        try (InputStream in = Files.newInputStream(r.body())) {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new PollException("CKAN answered with something that is not JSON: " + e.getOriginalMessage());
        }
        checkCkanSuccess(text(root.path("success")), text(root.path("error").path("message")));
        return root.path("result");
    }

    private static void checkCkanSuccess(String success, String error) {
        if (!"true".equals(success)) {
            throw new PollException("CKAN reported failure" + (error == null ? "" : ": " + error));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Header values may name secrets as ${NAME}, read from the environment; only names ever reach a message. */
    Map<String, String> resolveHeaders(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null) return out;
        headers.forEach((k, v) -> {
            Matcher m = PLACEHOLDER.matcher(v);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = env.getProperty(m.group(1));
                if (value == null) {
                    throw new PollException("header '" + k + "' needs ${" + m.group(1) + "}, which is not set in the environment");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            out.put(k, sb.toString());
        });
        return out;
    }

    private static void expectNotHtml(HttpFetcher.Response r, String expected) throws IOException {
        String type = r.contentType() == null ? "" : r.contentType().toLowerCase(Locale.ROOT);
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(r.body())) {
            n = in.readNBytes(head, 0, head.length);
        }
        String start = new String(head, 0, n, StandardCharsets.UTF_8).stripLeading().toLowerCase(Locale.ROOT);
        if (type.startsWith("text/html") || start.startsWith("<!doctype html") || start.startsWith("<html")) {
            throw new PollException("the endpoint sent an HTML page (" + (type.isEmpty() ? "no content type" : type)
                    + ") instead of " + expected + "; it may be an error or login page", r.status());
        }
        if (n == 0) {
            throw new PollException("the endpoint sent an empty body instead of " + expected, r.status());
        }
    }

    private static URI withQuery(URI base, String k1, String v1, String k2, String v2) {
        String q = enc(k1) + "=" + enc(v1) + (k2 == null ? "" : "&" + enc(k2) + "=" + enc(v2));
        String s = base.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + q);
    }

    private static long parseLong(String v, String what) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new PollException("the '" + what + "' value '" + v + "' is not a whole number");
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String nz(String s) {
        return s == null ? "\u0000" : s;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder under data/work is harmless
        }
    }
}
