package id.go.jatengprov.regencyhub.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.alerts.*}: where alerts go (webhooks, each with its own shared secret for the signature) and when
 * a condition becomes one. No webhook, no alerts.
 */
@Validated
@ConfigurationProperties("hub.alerts")
public class AlertProperties {

    /** Where alerts are POSTed as JSON: hub.alerts.webhooks[0].url and .secret, [1]... */
    @Valid private final List<Webhook> webhooks = new ArrayList<>();
    /** A source that failed this many times in a row (polls or batches) is an alert. */
    @Min(1) private int consecutiveFailures = 3;
    /** A condition that comes back within this time of its last message is not sent again. */
    @NotNull private Duration cooldown = Duration.ofHours(1);
    /** How often the conditions are checked. */
    @NotNull private Duration checkInterval = Duration.ofSeconds(30);
    /** A failed batch, a dead letter or a deadline older than this when the hub first sees it is not alerted. */
    @NotNull private Duration lookback = Duration.ofDays(7);
    /** How long one webhook call may take. */
    @NotNull private Duration timeout = Duration.ofSeconds(10);
    @Valid private final Retry retry = new Retry();

    public List<Webhook> getWebhooks() { return webhooks; }
    public int getConsecutiveFailures() { return consecutiveFailures; }
    public void setConsecutiveFailures(int consecutiveFailures) { this.consecutiveFailures = consecutiveFailures; }
    public Duration getCooldown() { return cooldown; }
    public void setCooldown(Duration cooldown) { this.cooldown = cooldown; }
    public Duration getCheckInterval() { return checkInterval; }
    public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
    public Duration getLookback() { return lookback; }
    public void setLookback(Duration lookback) { this.lookback = lookback; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Retry getRetry() { return retry; }

    public static class Webhook {
        /** The receiver's URL (http or https). */
        private String url;
        /** Shared secret: the HMAC-SHA256 key of the X-Hub-Signature-256 header. From the environment, never from git. */
        private String secret;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }

        @Override
        public String toString() {
            return "Webhook[" + url + ", secret " + (secret == null || secret.isBlank() ? "none" : "***") + "]";
        }
    }

    /** A delivery that fails (no answer, or not 2xx) is tried again after a delay that doubles each time. */
    public static class Retry {
        @NotNull private Duration initialDelay = Duration.ofSeconds(5);
        @NotNull private Duration maxDelay = Duration.ofMinutes(10);
        /** Tries in all, the first included; then the message is dropped with a warning. */
        @Min(1) @Max(100) private int maxAttempts = 10;

        public Duration getInitialDelay() { return initialDelay; }
        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    }
}
