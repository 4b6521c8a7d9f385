package id.go.jatengprov.regencyhub.console;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code hub.metrics.*}: how often the metrics read from the database are brought up to date. */
@Validated
@ConfigurationProperties("hub.metrics")
public class MetricsProperties {

    /** How often the gauges and counters read from hub.batch, hub.source_state and the completeness grid are refreshed. */
    @NotNull private Duration refreshInterval = Duration.ofSeconds(15);

    public Duration getRefreshInterval() { return refreshInterval; }
    public void setRefreshInterval(Duration refreshInterval) { this.refreshInterval = refreshInterval; }
}
