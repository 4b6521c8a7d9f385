package id.go.jatengprov.regencyhub.publish;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.config.DatasetDef;

/**
 * Publishing per dataset, for operators: published, pending, never, or failing with its error and next attempt. A
 * failing portal is reported (the count {@code failingPublications} is what a DEGRADED status reads) but does not make
 * the hub DOWN: restarting the hub would not mend a portal.
 */
@Component("publishing")
public class PublishHealth implements HealthIndicator {

    private final DatasetPublisher publisher;
    private final PublishStateStore store;

    public PublishHealth(DatasetPublisher publisher, PublishStateStore store) {
        this.publisher = publisher;
        this.store = store;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        int failing = 0;
        for (DatasetDef d : publisher.published()) {
            PublishState s = store.find(d.id()).orElse(null);
            if (s == null) {
                details.put(d.id(), "not published yet");
            } else if (s.consecutiveFailures() > 0) {
                failing++;
                details.put(d.id(), "FAILING " + s.consecutiveFailures() + "x (next attempt at " + s.nextAttemptAt() + "): "
                        + s.lastError());
            } else {
                int waiting = store.waitingBatches(d.id()).size();
                details.put(d.id(), s.status(waiting > 0).toUpperCase(java.util.Locale.ROOT)
                        + (s.publishedThrough() == null ? "" : " through batch " + s.publishedThrough() + " at " + s.lastSuccessAt())
                        + (waiting > 0 ? "; " + waiting + " batch" + (waiting == 1 ? "" : "es") + " waiting" : ""));
            }
        }
        details.put("failingPublications", failing);
        return Health.up().withDetails(details).build();
    }
}
