package id.go.jatengprov.regencyhub.intake.poll;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A small Camel context running just the poll route {@code poll-http}, for tests of the poll client's parts
 * without a whole hub: the requests go through camel-http exactly as in the hub.
 */
final class PollHttp implements AutoCloseable {

    private final CamelContext camel;
    private final ProducerTemplate producer;

    PollHttp(PollProperties props) {
        try {
            camel = new DefaultCamelContext();
            camel.addRoutes(new PollHttpRoute(props));
            camel.start();
            producer = camel.createProducerTemplate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpFetcher fetcher(PollProperties props) {
        return new HttpFetcher(props, producer);
    }

    @Override
    public void close() {
        camel.stop();
    }
}
