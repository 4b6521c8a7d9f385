package id.go.jatengprov.regencyhub.publish;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.publish.*}: how the hub publishes datasets with a {@code publish:} section to their CKAN portals. */
@ConfigurationProperties("hub.publish")
public class PublishProperties {

    /** False: nothing is published (the state is kept, and publishing resumes where it stopped when turned on again). */
    private boolean enabled = true;
    /** How often the publisher looks for datasets with batches not yet on their portal (it is also woken after each load). */
    private Duration interval = Duration.ofSeconds(30);
    /** Rows per datastore_upsert request. */
    private int pageSize = 1000;
    /** Tries per portal call for failures that may pass (5xx, 429, timeouts), with backoff from {@code backoff}. */
    private int attempts = 5;
    /** The first wait between tries of one call; doubles each time, up to a minute. */
    private Duration backoff = Duration.ofSeconds(2);
    /** After a publish failed: the wait before the next attempt; doubles with each further failure up to {@code retry-max}. */
    private Duration retryInitial = Duration.ofMinutes(1);
    /** The longest wait between attempts of a failing publish. */
    private Duration retryMax = Duration.ofHours(1);
    /** Time to wait for a portal's answer (a page of upserts on a busy portal takes a while). */
    private Duration readTimeout = Duration.ofSeconds(120);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
    public int getPageSize() { return pageSize; }
    public void setPageSize(int pageSize) { this.pageSize = pageSize; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public Duration getBackoff() { return backoff; }
    public void setBackoff(Duration backoff) { this.backoff = backoff; }
    public Duration getRetryInitial() { return retryInitial; }
    public void setRetryInitial(Duration retryInitial) { this.retryInitial = retryInitial; }
    public Duration getRetryMax() { return retryMax; }
    public void setRetryMax(Duration retryMax) { this.retryMax = retryMax; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }

    CkanClient.Settings clientSettings() {
        return CkanClient.Settings.defaults().withAttempts(attempts).withBackoff(backoff, Duration.ofMinutes(1))
                .withReadTimeout(readTimeout);
    }
}
