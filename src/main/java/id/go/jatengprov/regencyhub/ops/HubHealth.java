package id.go.jatengprov.regencyhub.ops;

import org.springframework.boot.health.contributor.Status;

/**
 * The hub's own health status between UP and DOWN. DEGRADED: the hub runs and loads, but something waits for
 * an operator: chunks in the dead-letter queue, a configuration on disk that was refused, or a source that
 * keeps failing. It answers HTTP 200 (a load balancer must not take the hub out for it) and ranks below
 * DOWN and above UP (management.endpoint.health.status.order in application.properties), so the aggregate
 * shows it and the details name which.
 */
public final class HubHealth {

    public static final Status DEGRADED = new Status("DEGRADED",
            "running, but something waits for an operator: see the details of the components that are DEGRADED");

    private HubHealth() {}
}
