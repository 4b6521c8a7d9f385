package id.go.jatengprov.regencyhub.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.poll.SourceStateStore;

/**
 * Health per source, for operators (details are shown to authenticated operators only). A regency
 * endpoint that keeps failing is reported, but does not make the hub DOWN: restarting the hub would
 * not mend a regency's server.
 */
@Component("sources")
public class SourcesHealth implements HealthIndicator {

    private final ActiveConfig config;
    private final SourceStateStore states;

    public SourcesHealth(ActiveConfig config, SourceStateStore states) {
        this.config = config;
        this.states = states;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        int failing = 0;
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
            } else {
                details.put(s.id(), "OK (" + st.get().lastOutcome() + " at " + st.get().lastRunAt() + ")");
            }
        }
        details.put("failingSources", failing);
        return Health.up().withDetails(details).build();
    }
}
