package id.go.jatengprov.regencyhub.completeness;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code hub.completeness.*}: how the delivery ledger is kept and how much the grid shows by default. */
@Validated
@ConfigurationProperties("hub.completeness")
public class CompletenessProperties {

    /** How often the hub looks for datasets whose final batches changed, and rebuilds their delivery ledger. */
    @NotNull private Duration refreshInterval = Duration.ofSeconds(10);
    /** Periods the grid shows when no range is asked for: the last N periods that have ended. */
    @Min(1) @Max(120) private int defaultPeriods = 5;
    /** The most periods one request may ask for. */
    @Min(1) @Max(1000) private int maxPeriods = 120;

    public Duration getRefreshInterval() { return refreshInterval; }
    public void setRefreshInterval(Duration refreshInterval) { this.refreshInterval = refreshInterval; }
    public int getDefaultPeriods() { return defaultPeriods; }
    public void setDefaultPeriods(int defaultPeriods) { this.defaultPeriods = defaultPeriods; }
    public int getMaxPeriods() { return maxPeriods; }
    public void setMaxPeriods(int maxPeriods) { this.maxPeriods = maxPeriods; }
}
