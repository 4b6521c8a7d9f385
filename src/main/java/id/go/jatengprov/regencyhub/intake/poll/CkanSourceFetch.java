package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * A {@code ckan} source, read through CKAN's action API in one of two ways: a DataStore resource, its rows
 * paged with {@code datastore_search}; or a dataset, whose resource of the wanted format is downloaded after
 * {@code package_show}. Either way CKAN's {@code last_modified} and {@code hash} tell whether anything
 * changed, and {@code "success": false} is a failure with CKAN's own message, even under HTTP 200.
 */
final class CkanSourceFetch {

    private static final ObjectMapper JSON = new ObjectMapper(JsonRecordCopier.FACTORY);
    /**
     * Largest resource_show / package_show answer. These are read whole into a tree, so they get a bound of their own,
     * far below hub.poll.max-bytes (which bounds data, streamed): a real package_show is a few hundred KB.
     */
    static final long MAX_ACTION_BYTES = 10L * 1024 * 1024;

    private final HttpFetcher fetcher;
    private final int maxPages;

    CkanSourceFetch(HttpFetcher fetcher, int maxPages) {
        this.fetcher = fetcher;
        this.maxPages = maxPages;
    }

    Fetched fetch(SourceDef s, SourceState state, Path work) throws IOException {
        SourceDef.CkanSpec ckan = s.ckan();
        String base = ckan.url().replaceAll("/+$", "");
        HostPolicy policy = fetcher.policy(s);
        return ckan.resource() != null ? datastore(base, ckan, state, work, policy) : download(base, ckan, state, work, policy);
    }

    private Fetched datastore(String base, SourceDef.CkanSpec ckan, SourceState state, Path work, HostPolicy policy)
            throws IOException {
        JsonNode meta = action(base + "/api/3/action/resource_show?id=" + enc(ckan.resource()), work, policy);
        String lastModified = text(meta.path("last_modified"));
        String hash = text(meta.path("hash"));
        if (unchanged(state, lastModified, hash)) {
            return Fetched.unchanged(200, "CKAN resource unchanged since " + lastModified);
        }
        Path combined = work.resolve("records.json");
        try (OutputStream os = Files.newOutputStream(combined);
             JsonGenerator out = JsonRecordCopier.FACTORY.createGenerator(os, JsonEncoding.UTF8)) {
            out.writeStartArray();
            long offset = 0;
            for (int page = 0; ; page++) {
                URI url = URI.create(base + "/api/3/action/datastore_search?resource_id=" + enc(ckan.resource())
                        + "&limit=" + ckan.pageSize() + "&offset=" + offset);
                HttpFetcher.Response r = fetcher.get(url, Map.of("Accept", "application/json"), work.resolve("page"), policy);
                ResponseCheck.expectData(r, "JSON");
                JsonRecordCopier.Page p;
                try (InputStream in = Files.newInputStream(r.body())) {
                    p = JsonRecordCopier.copy(in, "/result/records", Set.of("/success", "/error/message", "/result/total"), out);
                }
                checkSuccess(p.values().get("/success"), p.values().get("/error/message"));
                offset += p.records();
                String total = p.values().get("/result/total");
                if (p.records() == 0 || (total != null && offset >= Pager.parseLong(total, "total"))) break;
                if (page + 1 >= maxPages) {
                    throw new PollException("more than hub.poll.max-pages (" + maxPages + ") pages; stopped");
                }
            }
            out.writeEndArray();
        }
        return new Fetched(combined, 200, null, new SourceStateStore.Validators(null, null, lastModified, hash));
    }

    private Fetched download(String base, SourceDef.CkanSpec ckan, SourceState state, Path work, HostPolicy policy)
            throws IOException {
        JsonNode pkg = action(base + "/api/3/action/package_show?id=" + enc(ckan.dataset()), work, policy);
        String format = ckan.format() == null ? "CSV" : ckan.format();
        for (JsonNode res : pkg.path("resources")) {
            if (!format.equalsIgnoreCase(text(res.path("format")))) continue;
            String lastModified = text(res.path("last_modified"));
            String hash = text(res.path("hash"));
            if (unchanged(state, lastModified, hash)) {
                return Fetched.unchanged(200, "CKAN resource unchanged since " + lastModified);
            }
            String url = text(res.path("url"));
            if (url == null) throw new PollException("the " + format + " resource of dataset '" + ckan.dataset() + "' has no url");
            URI resource;
            try {
                resource = URI.create(base).resolve(url.trim());
            } catch (IllegalArgumentException e) {
                throw new PollException("the " + format + " resource of dataset '" + ckan.dataset() + "' has an url that is"
                        + " not an address");
            }
            // The url comes from the portal's answer: HostPolicy lets it reach the portal's own host and
            // ckan.resource-hosts only, so a portal cannot make the hub fetch an internal address.
            HttpFetcher.Response r = fetcher.get(resource, Map.of(), work.resolve("body"), policy);
            ResponseCheck.expectData(r, format);
            return new Fetched(r.body(), r.status(), null, new SourceStateStore.Validators(null, null, lastModified, hash));
        }
        throw new PollException("dataset '" + ckan.dataset() + "' has no resource in format " + format);
    }

    private static boolean unchanged(SourceState state, String lastModified, String hash) {
        return lastModified != null && lastModified.equals(state.ckanLastModified())
                && (hash == null || hash.equals(state.ckanHash()));
    }

    /** A small CKAN action response (resource_show, package_show), its envelope checked. */
    private JsonNode action(String url, Path work, HostPolicy policy) throws IOException {
        HttpFetcher.Response r = fetcher.get(URI.create(url), Map.of("Accept", "application/json"), work.resolve("meta"),
                policy, MAX_ACTION_BYTES);
        ResponseCheck.expectData(r, "JSON");
        JsonNode root;
        try (InputStream in = Files.newInputStream(r.body())) {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new PollException("CKAN answered with something that is not JSON: " + e.getOriginalMessage());
        }
        checkSuccess(text(root.path("success")), text(root.path("error").path("message")));
        return root.path("result");
    }

    static void checkSuccess(String success, String error) {
        if (!"true".equals(success)) {
            throw new PollException("CKAN reported failure" + (error == null ? "" : ": " + error));
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
