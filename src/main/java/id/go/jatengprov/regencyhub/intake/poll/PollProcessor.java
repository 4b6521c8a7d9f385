package id.go.jatengprov.regencyhub.intake.poll;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;

/** The scheduled poll of the source named in the exchange. */
@Component("pollProcessor")
public class PollProcessor implements Processor {


    private final PollService polls;

    public PollProcessor(PollService polls) {
        this.polls = polls;
    }

    @Override
    public void process(Exchange exchange) {
        polls.poll(exchange.getIn().getHeader(HubHeaders.SOURCE, String.class));
    }
}
