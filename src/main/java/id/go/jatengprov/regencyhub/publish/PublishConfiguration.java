package id.go.jatengprov.regencyhub.publish;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Publishing's settings, and the nudge that makes the publisher look as soon as a chunk has loaded. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublishProperties.class)
public class PublishConfiguration {

    /**
     * Wakes the publisher when an exchange of the load route completes (a chunk committed, so perhaps a batch became
     * final). Waking only queues a look on the publisher's own thread: the load path never waits for publishing.
     */
    @Bean
    public EventNotifier publishAfterLoad(DatasetPublisher publisher) {
        EventNotifierSupport n = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeCompletedEvent e && "load".equals(e.getExchange().getFromRouteId())) {
                    publisher.wake();
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent;
            }
        };
        n.setIgnoreCamelContextEvents(true);
        n.setIgnoreCamelContextInitEvents(true);
        n.setIgnoreRouteEvents(true);
        n.setIgnoreServiceEvents(true);
        n.setIgnoreStepEvents(true);
        n.setIgnoreExchangeCreatedEvent(true);
        n.setIgnoreExchangeSendingEvents(true);
        n.setIgnoreExchangeSentEvents(true);
        n.setIgnoreExchangeRedeliveryEvents(true);
        n.setIgnoreExchangeFailedEvents(true);
        n.setIgnoreExchangeAsyncProcessingStartedEvents(true);
        return n;
    }
}
