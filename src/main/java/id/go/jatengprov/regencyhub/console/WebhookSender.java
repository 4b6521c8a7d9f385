package id.go.jatengprov.regencyhub.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends alert messages to the webhooks on a thread of its own: {@link #send} returns at once, whatever the
 * receiver does. A delivery that fails is tried again after {@code hub.alerts.retry.initial-delay}, doubling up to
 * {@code max-delay}, at most {@code max-attempts} times. Each request is signed: {@code X-Hub-Timestamp} (Unix
 * seconds) and {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}.
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    /** Deliveries waiting (first tries and retries); past this a new one is dropped with a warning. */
    static final int MAX_PENDING = 1000;

    private final AlertProperties props;
    private final HttpClient http;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();

    public WebhookSender(AlertProperties props) {
        this.props = props;
        this.http = HttpClient.newBuilder().connectTimeout(props.getTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean configured() {
        return props.getWebhooks().stream().anyMatch(w -> w.getUrl() != null && !w.getUrl().isBlank());
    }

    /** Queues the JSON body for every webhook. */
    public void send(String body) {
        for (AlertProperties.Webhook w : props.getWebhooks()) {
            if (w.getUrl() == null || w.getUrl().isBlank()) continue;
            if (pending.incrementAndGet() > MAX_PENDING) {
                pending.decrementAndGet();
                log.warn("Alert to {} dropped: {} deliveries are already waiting (is the receiver down?)", w.getUrl(), MAX_PENDING);
                continue;
            }
            schedule(w, body, 1, Duration.ZERO);
        }
    }

    private void schedule(AlertProperties.Webhook w, String body, int attempt, Duration delay) {
        try {
            thread.schedule(() -> deliver(w, body, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // shutting down
        }
    }

    private void deliver(AlertProperties.Webhook w, String body, int attempt) {
        String problem;
        try {
            long ts = System.currentTimeMillis() / 1000;
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(w.getUrl())).timeout(props.getTimeout())
                    .header("Content-Type", "application/json").header("User-Agent", "regency-hub-alerts")
                    .header("X-Hub-Timestamp", String.valueOf(ts))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (w.getSecret() != null && !w.getSecret().isBlank()) {
                r.header("X-Hub-Signature-256", "sha256=" + sign(w.getSecret(), ts + "." + body));
            }
            HttpResponse<Void> res = http.send(r.build(), HttpResponse.BodyHandlers.discarding());
            if (res.statusCode() / 100 == 2) {
                pending.decrementAndGet();
                return;
            }
            problem = "answered " + res.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            return;
        } catch (Exception e) {
            problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (attempt >= props.getRetry().getMaxAttempts()) {
            pending.decrementAndGet();
            log.warn("Alert to {} dropped after {} tries: {}", w.getUrl(), attempt, problem);
            return;
        }
        Duration delay = props.getRetry().getInitialDelay().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (delay.compareTo(props.getRetry().getMaxDelay()) > 0) delay = props.getRetry().getMaxDelay();
        log.info("Alert to {} {}; try {} of {} in {} s", w.getUrl(), problem, attempt + 1, props.getRetry().getMaxAttempts(),
                delay.toSeconds());
        schedule(w, body, attempt + 1, delay);
    }

    /** Hex HMAC-SHA256 of the text under the secret: what a receiver recomputes to check X-Hub-Signature-256. */
    public static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Deliveries waiting to be tried (first tries and retries). */
    public int pending() {
        return pending.get();
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }
}
