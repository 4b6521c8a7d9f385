package id.go.jatengprov.regencyhub.load;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;

/**
 * hub.load → warehouse. A transacted consumer: the JMS session commits only after the chunk's database
 * transaction did; any failure rolls it back and the broker redelivers with backoff.
 * CACHE_CONSUMER is required for the broker's redelivery delay to apply (STACK.md gotcha 1).
 */
@Component
public class LoadRoute extends RouteBuilder {

    private final HubProperties props;
    private final LoadProcessor processor;

    public LoadRoute(HubProperties props, LoadProcessor processor) {
        this.props = props;
        this.processor = processor;
    }

    @Override
    public void configure() {
        int consumers = props.getLoad().getConsumers();
        from("jms:queue:" + props.getLoad().getQueue() + "?transacted=true&cacheLevelName=CACHE_CONSUMER"
                + "&concurrentConsumers=" + consumers + "&maxConcurrentConsumers=" + consumers
                + "&jmsMessageType=Bytes")
                .routeId("load")
                .errorHandler(noErrorHandler())
                .removeHeaders("Camel*")
                .process(processor).id("load-chunk");
    }
}
