package id.go.jatengprov.regencyhub.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DEGRADED while the configuration on disk is one the hub refused: the hub runs the previous one, and the edit
 * someone made has not taken effect. Ends with the next reload that succeeds (a fixed or reverted file).
 */
@Component("configuration")
public class ConfigurationHealth implements HealthIndicator {

    private final ConfigReloader reloader;

    public ConfigurationHealth(ConfigReloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public Health health() {
        return reloader.lastRefusal().map(r -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("refusedAt", r.at().toString());
            details.put("problems", r.problems());
            details.put("action", "the hub runs the configuration it had before; fix the files (java -jar regency-hub.jar check)"
                    + " and they are applied within hub.reload.interval");
            return Health.status(HubHealth.DEGRADED).withDetails(details).build();
        }).orElseGet(() -> Health.up().withDetail("configuration", "the files on disk are the ones running").build());
    }
}
