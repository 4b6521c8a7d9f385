package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.support.RetryAfter;

/**
 * GET with the manners a regency's server deserves and the caution an unknown server needs: timeouts,
 * retries with exponential backoff for 5xx and broken connections, Retry-After for 429 and 503, every
 * address (the first, each redirect) checked by the source's {@link HostPolicy} before it is requested,
 * the source's headers sent to its own host only, and a bounded body written to a file.
 * Messages name the address without its query string, where tokens sometimes hide.
 *
 * <p>The requests themselves go through the Camel route {@link PollHttpRoute} on camel-http, so Camel's
 * route metrics and tracing see every one; this class keeps the decisions: which address, what a status means,
 * when to try again.
 */
final class HttpFetcher {

    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);
    private static final int MAX_REDIRECTS = 5;

    /** A response whose body (for 2xx) is in {@code body}. */
    record Response(int status, Path body, long bytes, String contentType, String etag, String lastModified) {}

    private final ProducerTemplate http;
    private final PollProperties props;

    /** @param http a producer template of the Camel context that runs {@link PollHttpRoute} */
    HttpFetcher(PollProperties props, ProducerTemplate http) {
        this.props = props;
        this.http = http;
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
                Exchange r = send(current, policy.headersFor(current, headers), target, maxBytes);
                int status = r.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
                lastStatus = status;
                if (status >= 300 && status < 400 && status != 304) {
                    Optional<String> location = header(r, "Location");
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
                    return new Response(304, null, 0, null, null, null);
                }
                if (status == 429 || status == 503 || status >= 500) {
                    lastProblem = "HTTP " + status + " from " + safe(current);
                    Optional<Duration> retryAfter = RetryAfter.parse(header(r, "Retry-After").orElse(null));
                    if (retryAfter.isPresent()) {
                        if (retryAfter.get().compareTo(props.getMaxRetryAfter()) > 0) {
                            throw new PollException(lastProblem + " asks to retry after " + retryAfter.get().toSeconds()
                                    + " s, longer than hub.poll.max-retry-after; the next scheduled poll will try again", status);
                        }
                        wait = retryAfter.get();
                    }
                } else if (status >= 400) {
                    throw new PollException("HTTP " + status + " from " + safe(current) + (status == 401 || status == 403
                            ? ": check the source's credentials (headers)" : ""), status);
                } else {
                    return new Response(status, target, r.getProperty(PollHttpRoute.BYTES, 0L, Long.class),
                            header(r, "Content-Type").orElse(""), header(r, "ETag").orElse(null),
                            header(r, "Last-Modified").orElse(null));
                }
            } catch (CheckedDnsResolver.Refused e) {
                throw new PollException(e.getMessage() + " (" + safe(current) + "); nothing was requested");
            } catch (java.net.UnknownHostException e) {
                lastProblem = "the host " + current.getHost() + " of " + safe(current) + " cannot be resolved (DNS)";
            } catch (SocketTimeoutException e) {
                lastProblem = "no response from " + safe(current) + " within " + props.getReadTimeout().toSeconds() + " s (read timeout)";
            } catch (IOException e) {
                lastProblem = "connection to " + safe(current) + " failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage());
            }
            if (attempt < props.getAttempts()) {
                log.info("{}; attempt {} of {} again in {} ms", lastProblem, attempt, props.getAttempts(), wait.toMillis());
                pause(wait);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new PollException(lastProblem + " (after " + props.getAttempts() + " attempts)", lastStatus);
    }

    /**
     * One GET through the route {@code poll-http}. Only the headers given here travel with the request: the exchange
     * is new and carries nothing else; where the body goes and its bound are exchange properties, never headers.
     */
    private Exchange send(URI uri, Map<String, String> headers, Path target, long maxBytes) throws IOException {
        String limit = maxBytes == props.getMaxBytes().toBytes() ? "hub.poll.max-bytes (" + maxBytes + " bytes)" : maxBytes + " bytes";
        Exchange r = http.send(PollHttpRoute.URI, e -> {
            e.getMessage().setHeader(Exchange.HTTP_URI, uri.toString());
            headers.forEach(e.getMessage()::setHeader);
            e.setProperty(PollHttpRoute.TARGET, target);
            e.setProperty(PollHttpRoute.MAX_BYTES, maxBytes);
            e.setProperty(PollHttpRoute.LIMIT_NAME, limit);
        });
        Exception failure = r.getException();
        if (failure instanceof PollException p) throw p;
        if (failure instanceof IOException io) throw io;
        if (failure != null && failure.getCause() instanceof IOException io) throw io;
        if (failure != null) throw new IOException(failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
        return r;
    }

    private static Optional<String> header(Exchange r, String name) {
        return Optional.ofNullable(r.getMessage().getHeader(name, String.class));
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
