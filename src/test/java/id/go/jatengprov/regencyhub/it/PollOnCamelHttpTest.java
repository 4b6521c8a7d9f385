package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.intake.poll.PollService;
import id.go.jatengprov.regencyhub.it.StubServer.Reply;

/**
 * Polls talk HTTP through Camel: every request of a poll is an exchange of the route {@code poll-http} on camel-http,
 * so Camel's route metrics and tracing see it, and nothing of Camel's own leaks into the request.
 */
class PollOnCamelHttpTest extends HubTestSupport {

    @Autowired CamelContext camel;
    @Autowired PollService polls;

    @Test
    void everyRequestOfAPollIsAnExchangeOfThePollHttpRouteAndCarriesNoCamelHeader() throws Exception {
        String csv = Files.readString(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"));
        // two 500s, then the file: three requests, three exchanges
        STUB.on("/files/births.csv", Reply.status(500), Reply.status(500), Reply.csv(csv));
        NotifyBuilder three = new NotifyBuilder(camel).fromRoute("poll-http").whenDone(3).create();

        PollService.Outcome o = polls.poll("it-http-csv");

        assertThat(o.outcome()).as(o.message()).isIn("QUEUED", "LOADED", "LOADED_WITH_REJECTS");
        assertThat(three.matches(10, TimeUnit.SECONDS)).as("three exchanges through poll-http").isTrue();
        assertThat(STUB.requests("/files/births.csv")).hasSize(3).allSatisfy(r -> assertThat(r.headers().keySet())
                .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("camel") || h.toLowerCase(Locale.ROOT).startsWith("hub")));
    }
}
