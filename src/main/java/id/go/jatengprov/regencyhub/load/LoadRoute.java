package id.go.jatengprov.regencyhub.load;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * hub.load → warehouse. A transacted consumer ({@link LoadQueue#consumerUri()}): the JMS session commits only
 * after the chunk's database transaction did; any failure rolls it back and the broker redelivers with backoff.
 */
@Component
public class LoadRoute extends RouteBuilder {

    private final LoadQueue queue;
    private final LoadProcessor processor;

    public LoadRoute(LoadQueue queue, LoadProcessor processor) {
        this.queue = queue;
        this.processor = processor;
    }

    @Override
    public void configure() {
        from(queue.consumerUri())
                .routeId("load")
                .errorHandler(noErrorHandler())
                .removeHeaders("Camel*")
                .process(processor).id("load-chunk");
    }
}
