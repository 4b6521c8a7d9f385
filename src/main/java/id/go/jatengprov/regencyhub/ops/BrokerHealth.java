package id.go.jatengprov.regencyhub.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.broker.BrokerService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The message broker as part of the hub's health: DOWN when the embedded broker is stopped or an
 * external one does not take a connection within 3 s (a failover: URL would otherwise wait for ever).
 */
@Component("broker")
public class BrokerHealth implements HealthIndicator {

    private final ObjectProvider<BrokerService> embedded;
    private final ConnectionFactory connectionFactory;

    public BrokerHealth(ObjectProvider<BrokerService> embedded, ConnectionFactory connectionFactory) {
        this.embedded = embedded;
        this.connectionFactory = connectionFactory;
    }

    @Override
    public Health health() {
        BrokerService broker = embedded.getIfAvailable();
        if (broker != null) {
            return broker.isStarted() && !broker.isStopping() && !broker.isStopped()
                    ? Health.up().withDetail("broker", "embedded").build()
                    : Health.down().withDetail("broker", "embedded, stopped").build();
        }
        CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> {
            try (Connection c = connectionFactory.createConnection()) {
                c.start();
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        try {
            probe.get(3, TimeUnit.SECONDS);
            return Health.up().withDetail("broker", "external").build();
        } catch (Exception e) {
            probe.cancel(true);
            return Health.down().withDetail("broker", "external, no connection within 3 s").build();
        }
    }
}
