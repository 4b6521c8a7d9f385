package id.go.jatengprov.regencyhub.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.it.StubServer;
import id.go.jatengprov.regencyhub.it.StubServer.Reply;

/**
 * A name that resolved to a public address when the host policy looked, and to the hub's own machine when the client
 * connects (DNS rebinding), is refused at connect time: the request never reaches the server.
 */
class DnsRebindingTest {

    final StubServer server = new StubServer();
    @TempDir Path work;

    @AfterEach
    void stop() {
        server.stop();
    }

    static PollProperties noLoopback() {
        PollProperties p = new PollProperties();
        p.setAttempts(1);
        p.setReadTimeout(Duration.ofSeconds(5));
        p.setAllowLoopback(false);
        return p;
    }

    @Test
    void anAddressThatChangesToLoopbackAfterTheCheckIsNeverConnectedTo() throws Exception {
        server.on("/data.csv", Reply.csv("a,b\n1,2\n"));
        URI url = URI.create("http://localhost:" + server.port() + "/data.csv");
        PollProperties props = noLoopback();
        // At check time "localhost" looks public (the first answer of a rebinding DNS server) ...
        HostPolicy policy = new HostPolicy("t", url, List.of(), "http.allowed-hosts", HostPolicy.Networks.of(props),
                host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")}, false, false);
        policy.check(url);
        // ... and the client's own lookup, when it connects, gives 127.0.0.1.
        try (PollHttp http = new PollHttp(props)) {
            assertThatThrownBy(() -> http.fetcher(props).get(url, Map.of(), work.resolve("body"), policy))
                    .isInstanceOf(PollException.class).hasMessageContaining("refused localhost at connect time")
                    .hasMessageContaining("loopback");
        }
        assertThat(server.requests("/")).isEmpty();
    }
}
