package id.go.jatengprov.regencyhub.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.poll.SourceStateStore;

/**
 * Health per source, for operators (details are shown to authenticated operators only). A source whose polls
 * failed {@code hub.sources.failure-threshold} times in a row makes the hub DEGRADED, never DOWN: restarting
 * the hub would not mend a regency's server.
 */
@Component("sources")
public class SourcesHealth implements HealthIndicator {

    private final ActiveConfig config;
    private final SourceStateStore states;
    private final int threshold;

    public SourcesHealth(ActiveConfig config, SourceStateStore states, HubProperties props) {
        this.config = config;
        this.states = states;
        this.threshold = props.getSources().getFailureThreshold();
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        int failing = 0;
        java.util.List<String> degraded = new java.util.ArrayList<>();
        for (SourceDef s : config.config().sources().values()) {
            if (s.kind() == SourceDef.Kind.DROP) {
                details.put(s.id(), "drop folder");
                continue;
            }
            var st = states.find(s.id());
            if (st.isEmpty()) {
                details.put(s.id(), "not polled yet");
            } else if (st.get().consecutiveFailures() > 0) {
                failing++;
                details.put(s.id(), "FAILING " + st.get().consecutiveFailures() + "x: " + st.get().lastMessage());
                if (st.get().consecutiveFailures() >= threshold) degraded.add(s.id());
            } else {
                details.put(s.id(), "OK (" + st.get().lastOutcome() + " at " + st.get().lastRunAt() + ")");
            }
        }
        details.put("failingSources", failing);
        if (degraded.isEmpty()) {
            return Health.up().withDetails(details).build();
        }
        details.put("degradedBy", degraded);
        details.put("failureThreshold", threshold);
        return Health.status(HubHealth.DEGRADED).withDetails(details).build();
    }
}
