package id.go.jatengprov.regencyhub.intake.poll;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** The scheduled poll of the source named in the exchange. */
@Component("pollProcessor")
public class PollProcessor implements Processor {

    public static final String SOURCE = "hubSource";

    private final PollService polls;

    public PollProcessor(PollService polls) {
        this.polls = polls;
    }

    @Override
    public void process(Exchange exchange) {
        polls.poll(exchange.getIn().getHeader(SOURCE, String.class));
    }
}
