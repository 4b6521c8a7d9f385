package id.go.jatengprov.regencyhub.intake.poll;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** How the hub talks to regency endpoints. */
@Validated
@ConfigurationProperties("hub.poll")
public class PollProperties {

    /** Time to open a connection. */
    @NotNull private Duration connectTimeout = Duration.ofSeconds(10);
    /** Time to wait for a response (and between bytes of its body). */
    @NotNull private Duration readTimeout = Duration.ofSeconds(60);
    /** Attempts per request for 5xx, 429, timeouts and broken connections. */
    @Min(1) @Max(20) private int attempts = 4;
    /** First backoff between attempts; doubles each time. */
    @NotNull private Duration backoff = Duration.ofSeconds(1);
    /** Longest Retry-After the hub honours; longer waits fail the poll (it is tried again at its next fire time). */
    @NotNull private Duration maxRetryAfter = Duration.ofMinutes(2);
    /** Largest response body (each page), so a runaway endpoint cannot exhaust memory or disk. */
    @NotNull private DataSize maxBytes = DataSize.ofMegabytes(200);
    /** Most pages one poll follows. */
    @Min(1) private int maxPages = 10_000;
    /** Polls may reach the hub's own machine (127.0.0.0/8, ::1): only for tests and a portal on the hub's host. */
    private boolean allowLoopback;
    /** Polls may reach link-local addresses (169.254.0.0/16, fe80::/10) and cloud metadata addresses. */
    private boolean allowLinkLocal;
    /** Polls may reach private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): regency servers on the intranet. */
    private boolean allowPrivateNetworks = true;

    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration v) { this.connectTimeout = v; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration v) { this.readTimeout = v; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int v) { this.attempts = v; }
    public Duration getBackoff() { return backoff; }
    public void setBackoff(Duration v) { this.backoff = v; }
    public Duration getMaxRetryAfter() { return maxRetryAfter; }
    public void setMaxRetryAfter(Duration v) { this.maxRetryAfter = v; }
    public DataSize getMaxBytes() { return maxBytes; }
    public void setMaxBytes(DataSize v) { this.maxBytes = v; }
    public int getMaxPages() { return maxPages; }
    public void setMaxPages(int v) { this.maxPages = v; }
    public boolean isAllowLoopback() { return allowLoopback; }
    public void setAllowLoopback(boolean v) { this.allowLoopback = v; }
    public boolean isAllowLinkLocal() { return allowLinkLocal; }
    public void setAllowLinkLocal(boolean v) { this.allowLinkLocal = v; }
    public boolean isAllowPrivateNetworks() { return allowPrivateNetworks; }
    public void setAllowPrivateNetworks(boolean v) { this.allowPrivateNetworks = v; }
}
