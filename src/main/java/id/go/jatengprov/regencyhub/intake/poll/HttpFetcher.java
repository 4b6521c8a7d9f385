package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * GET with the manners a regency's server deserves and the caution an unknown server needs: timeouts,
 * retries with exponential backoff for 5xx and broken connections, Retry-After for 429 and 503, every
 * address (the first, each redirect) checked by the source's {@link HostPolicy} before it is requested,
 * the source's headers sent to its own host only, and a bounded body written to a file.
 * Messages name the address without its query string, where tokens sometimes hide.
 */
final class HttpFetcher {

    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);
    private static final int MAX_REDIRECTS = 5;

    /** A response whose body (for 2xx) is in {@code body}. */
    record Response(int status, Path body, long bytes, String contentType, String etag, String lastModified) {}

    private final HttpClient client;
    private final PollProperties props;

    HttpFetcher(PollProperties props) {
        this.props = props;
        this.client = HttpClient.newBuilder()
                .connectTimeout(props.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The hosts and addresses a source may reach, under this hub's hub.poll.allow-* settings. */
    HostPolicy policy(SourceDef source) {
        return HostPolicy.of(source, HostPolicy.Networks.of(props), InetAddress::getAllByName);
    }

    /** A GET bounded by {@code hub.poll.max-bytes}. */
    Response get(URI uri, Map<String, String> headers, Path target, HostPolicy policy) {
        return get(uri, headers, target, policy, props.getMaxBytes().toBytes());
    }

    /**
     * @param policy   checks each address (the first and every redirect) before it is requested
     * @param maxBytes the largest body kept; a larger one fails the poll
     */
    Response get(URI uri, Map<String, String> headers, Path target, HostPolicy policy, long maxBytes) {
        URI current = uri;
        int redirects = 0;
        Duration backoff = props.getBackoff();
        String lastProblem = null;
        int lastStatus = 0;
        for (int attempt = 1; attempt <= props.getAttempts(); attempt++) {
            Duration wait = backoff;
            try {
                policy.check(current);
                HttpRequest.Builder rb = HttpRequest.newBuilder(current).timeout(props.getReadTimeout()).GET();
                policy.headersFor(current, headers).forEach(rb::header);
                HttpResponse<InputStream> r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = r.statusCode();
                lastStatus = status;
                if (status >= 300 && status < 400 && status != 304) {
                    r.body().close();
                    Optional<String> location = r.headers().firstValue("Location");
                    URI next = location.map(current::resolve).orElseThrow(() ->
                            new PollException("HTTP " + status + " without a Location from " + safe(uri), status));
                    try {
                        policy.check(next);
                    } catch (PollException refused) {
                        throw new PollException("HTTP " + status + " redirect from " + safe(current) + ": "
                                + refused.getMessage(), status);
                    }
                    if ("https".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                        throw new PollException("HTTP " + status + " redirect from " + safe(current) + " to plain "
                                + next.getScheme() + " refused; put the final address in the source", status);
                    }
                    if (++redirects > MAX_REDIRECTS) {
                        throw new PollException("more than " + MAX_REDIRECTS + " redirects from " + safe(uri), status);
                    }
                    current = next;
                    attempt--;
                    continue;
                }
                if (status == 304) {
                    r.body().close();
                    return new Response(304, null, 0, null, null, null);
                }
                if (status == 429 || status == 503 || status >= 500) {
                    r.body().close();
                    lastProblem = "HTTP " + status + " from " + safe(current);
                    Optional<Duration> retryAfter = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
                    if (retryAfter.isPresent()) {
                        if (retryAfter.get().compareTo(props.getMaxRetryAfter()) > 0) {
                            throw new PollException(lastProblem + " asks to retry after " + retryAfter.get().toSeconds()
                                    + " s, longer than hub.poll.max-retry-after; the next scheduled poll will try again", status);
                        }
                        wait = retryAfter.get();
                    }
                } else if (status >= 400) {
                    r.body().close();
                    throw new PollException("HTTP " + status + " from " + safe(current) + (status == 401 || status == 403
                            ? ": check the source's credentials (headers)" : ""), status);
                } else {
                    long bytes = copyBounded(r.body(), target, maxBytes);
                    HttpResponse<InputStream> done = r;
                    return new Response(status, target, bytes, done.headers().firstValue("Content-Type").orElse(""),
                            done.headers().firstValue("ETag").orElse(null),
                            done.headers().firstValue("Last-Modified").orElse(null));
                }
            } catch (java.net.UnknownHostException e) {
                lastProblem = "the host " + current.getHost() + " of " + safe(current) + " cannot be resolved (DNS)";
            } catch (HttpTimeoutException e) {
                lastProblem = "no response from " + safe(current) + " within " + props.getReadTimeout().toSeconds() + " s (read timeout)";
            } catch (IOException e) {
                lastProblem = "connection to " + safe(current) + " failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PollException("poll interrupted");
            }
            if (attempt < props.getAttempts()) {
                log.info("{}; attempt {} of {} again in {} ms", lastProblem, attempt, props.getAttempts(), wait.toMillis());
                pause(wait);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new PollException(lastProblem + " (after " + props.getAttempts() + " attempts)", lastStatus);
    }

    private long copyBounded(InputStream in, Path target, long max) throws IOException {
        String limit = max == props.getMaxBytes().toBytes() ? "hub.poll.max-bytes (" + max + " bytes)" : max + " bytes";
        long total = 0;
        try (InputStream body = in; OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = body.read(buf)) > 0) {
                total += n;
                if (total > max) {
                    throw new PollException("the response is larger than " + limit + "; nothing kept");
                }
                out.write(buf, 0, n);
            }
        }
        return total;
    }

    /** Retry-After is either seconds or an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException ignored) {
                return Optional.empty();
            }
        }
    }

    private static void pause(Duration d) {
        // A poll runs in its own scheduler thread; waiting here is the backoff itself, not a test's synchronisation.
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PollException("poll interrupted");
        }
    }

    /** The address without query or fragment, for messages and logs. */
    static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getPath() == null ? "" : uri.getPath());
    }
}
