package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * An {@code http} source: a CSV body as it is, or JSON records gathered from every page into one array.
 * The first request is conditional (ETag / Last-Modified of the last successful poll), so an unchanged
 * endpoint answers 304 and nothing is fetched.
 */
final class HttpSourceFetch {

    private final HttpFetcher fetcher;
    private final HeaderResolver headers;
    private final int maxPages;

    HttpSourceFetch(HttpFetcher fetcher, HeaderResolver headers, int maxPages) {
        this.fetcher = fetcher;
        this.headers = headers;
        this.maxPages = maxPages;
    }

    Fetched fetch(SourceDef s, SourceState state, Path work) throws IOException {
        SourceDef.HttpSpec http = s.http();
        HostPolicy policy = fetcher.policy(s);
        Map<String, String> plain = headers.resolve(http.headers());
        Map<String, String> conditional = new LinkedHashMap<>(plain);
        if (state.etag() != null) conditional.put("If-None-Match", state.etag());
        if (state.lastModified() != null) conditional.put("If-Modified-Since", state.lastModified());
        URI first = URI.create(http.url());
        if (!"json".equals(http.format())) {
            HttpFetcher.Response r = fetcher.get(first, conditional, work.resolve("body"), policy);
            if (r.status() == 304) {
                return Fetched.unchanged(304, "HTTP 304 Not Modified");
            }
            ResponseCheck.expectData(r, "CSV");
            return new Fetched(r.body(), r.status(), null, new SourceStateStore.Validators(r.etag(), r.lastModified(), null, null));
        }
        Pager pager = Pager.of(first, http.paging());
        Path combined = work.resolve("records.json");
        HttpFetcher.Response firstPage;
        try (OutputStream os = Files.newOutputStream(combined);
             JsonGenerator out = JsonRecordCopier.FACTORY.createGenerator(os, JsonEncoding.UTF8)) {
            out.writeStartArray();
            URI url = pager.first();
            HttpFetcher.Response r = fetcher.get(url, conditional, work.resolve("page"), policy);
            if (r.status() == 304) {
                return Fetched.unchanged(304, "HTTP 304 Not Modified");
            }
            firstPage = r;
            long fetched = 0;
            for (int page = 0; ; page++) {
                ResponseCheck.expectData(r, "JSON");
                JsonRecordCopier.Page p;
                try (InputStream in = Files.newInputStream(r.body())) {
                    p = JsonRecordCopier.copy(in, http.records(), pager.pointers(), out);
                }
                if (!p.recordsFound()) {
                    throw new PollException("no '" + http.records() + "' in the JSON from " + HttpFetcher.safe(url)
                            + "; check http.records");
                }
                fetched += p.records();
                URI next = pager.next(page, url, new Pager.PageInfo(p.records(), p.values()), fetched);
                if (next == null) break;
                if (page + 1 >= maxPages) {
                    throw new PollException("more than hub.poll.max-pages (" + maxPages + ") pages; stopped");
                }
                url = next;
                r = fetcher.get(url, plain, work.resolve("page"), policy);
            }
            out.writeEndArray();
        }
        return new Fetched(combined, firstPage.status(), null,
                new SourceStateStore.Validators(firstPage.etag(), firstPage.lastModified(), null, null));
    }
}
