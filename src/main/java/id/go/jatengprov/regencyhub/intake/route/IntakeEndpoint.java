package id.go.jatengprov.regencyhub.intake.route;

import java.io.InputStream;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.intake.IntakeService;

/**
 * {@code direct:hub-intake}: where custom routes (routes/*.yaml) hand over what they fetched. The body
 * is the file (bytes, text, a file or a stream); header {@code hubSource} names the source, optional
 * {@code hubFileName} labels it. From here it is a batch like any other; on return the exchange carries
 * {@code hubBatch} and {@code hubStatus}.
 */
@Component
public class IntakeEndpoint extends RouteBuilder {

    public static final String URI = "direct:hub-intake";

    private final IntakeService intake;

    public IntakeEndpoint(IntakeService intake) {
        this.intake = intake;
    }

    @Override
    public void configure() {
        from(URI).routeId("hub-intake")
                .process(new Handover(intake)).id("hub-intake-receive");
    }

    /** Plain processor: the body to intake, the receipt back into headers. */
    static final class Handover implements Processor {
        private final IntakeService intake;

        Handover(IntakeService intake) {
            this.intake = intake;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            String source = exchange.getIn().getHeader(HubHeaders.SOURCE, String.class);
            if (source == null || source.isBlank()) {
                throw new IllegalArgumentException("direct:hub-intake needs header '" + HubHeaders.SOURCE + "' with the source id");
            }
            String name = exchange.getIn().getHeader(HubHeaders.FILE_NAME, String.class);
            if (name == null) {
                name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            }
            try (InputStream in = exchange.getIn().getMandatoryBody(InputStream.class)) {
                // The custom route that handed it over, as the batch's deliverer.
                String route = exchange.getFromRouteId() == null || exchange.getFromRouteId().equals("hub-intake") ? "route"
                        : exchange.getFromRouteId();
                IntakeService.Receipt r = intake.receive(source, in, name, Origin.ROUTE, route, null);
                exchange.getIn().setHeader(HubHeaders.BATCH, String.valueOf(r.batchId()));
                exchange.getIn().setHeader(HubHeaders.STATUS, r.status().name());
            }
        }
    }
}
