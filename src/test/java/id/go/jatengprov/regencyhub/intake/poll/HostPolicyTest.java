package id.go.jatengprov.regencyhub.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.it.StubServer;
import id.go.jatengprov.regencyhub.it.StubServer.Reply;

/**
 * Which hosts and addresses a poll may reach: the source's own host and the hosts it lists, never loopback,
 * link-local or cloud metadata addresses unless allowed, private ranges only with their switch; every address
 * a host resolves to is checked. The names resolve through a table here, the way a hostile DNS would answer.
 */
class HostPolicyTest {

    /** The route poll-http in a small Camel context: requests go through camel-http as in the hub. */
    static final PollHttp HTTP = new PollHttp(props(true));

    @AfterAll
    static void stopCamel() {
        HTTP.close();
    }

    static final HostPolicy.Networks DEFAULTS = new HostPolicy.Networks(false, false, true);
    static final HostPolicy.Networks STRICT = new HostPolicy.Networks(false, false, false);

    /** A DNS that answers from a table. */
    static HostPolicy.Resolver dns(Map<String, List<String>> table) {
        return host -> {
            List<String> a = table.get(host);
            if (a == null) {
                if (!host.matches("[0-9a-fA-F:.]+")) throw new UnknownHostException(host);
                return new InetAddress[] {InetAddress.getByName(host)}; // an address literal: parsed, never looked up
            }
            InetAddress[] out = new InetAddress[a.size()];
            for (int i = 0; i < out.length; i++) out[i] = InetAddress.getByName(a.get(i));
            return out;
        };
    }

    static final HostPolicy.Resolver DNS = dns(Map.of(
            "data.semarangkota.go.id", List.of("203.0.113.10"),
            "files.semarangkota.go.id", List.of("203.0.113.11"),
            "rebind.semarangkota.go.id", List.of("203.0.113.12", "127.0.0.1"),
            "meta.semarangkota.go.id", List.of("169.254.169.254"),
            "intranet.semarangkota.go.id", List.of("10.20.30.40"),
            "v6.semarangkota.go.id", List.of("fd00:ec2::254")));

    static HostPolicy policy(String url, List<String> listed, HostPolicy.Networks n) {
        return new HostPolicy("semarang", URI.create(url), listed, "http.allowed-hosts", n, DNS, false, false);
    }

    @Test
    void theSourcesOwnHostAndPortAndTheListedHostsArePolledAndNoOther() {
        HostPolicy p = policy("https://data.semarangkota.go.id/api/v1/penduduk", List.of("files.semarangkota.go.id"), DEFAULTS);
        assertThatCode(() -> p.check(URI.create("https://data.semarangkota.go.id/api/v1/penduduk?page=2"))).doesNotThrowAnyException();
        assertThatCode(() -> p.check(URI.create("https://DATA.semarangkota.go.id./other"))).doesNotThrowAnyException();
        assertThatCode(() -> p.check(URI.create("https://files.semarangkota.go.id/x.csv"))).doesNotThrowAnyException();
        assertThatCode(() -> p.check(URI.create("http://files.semarangkota.go.id/x.csv"))).as("a bare listed host: ports 80 and 443")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> p.check(URI.create("https://files.semarangkota.go.id:8443/x.csv")))
                .isInstanceOf(PollException.class).hasMessageContaining("files.semarangkota.go.id:8443 is another host");
        assertThatThrownBy(() -> p.check(URI.create("https://data.semarangkota.go.id:8080/api")))
                .as("the own host on another port").isInstanceOf(PollException.class);
        assertThatThrownBy(() -> p.check(URI.create("http://169.254.169.254/latest/meta-data/")))
                .isInstanceOf(PollException.class)
                .hasMessage("refused http://169.254.169.254/latest/meta-data/: 169.254.169.254:80 is another host than the"
                        + " source's own (data.semarangkota.go.id:443) and not listed in http.allowed-hosts; if the source"
                        + " really serves its data from there, add it to http.allowed-hosts in the source's file");
        assertThatThrownBy(() -> p.check(URI.create("file:///etc/passwd"))).isInstanceOf(PollException.class)
                .hasMessageContaining("only http and https");
    }

    @Test
    void aListedHostWithAPortMatchesThatPortOnly() {
        HostPolicy p = policy("https://data.semarangkota.go.id/", List.of("files.semarangkota.go.id:8443"), DEFAULTS);
        assertThatCode(() -> p.check(URI.create("https://files.semarangkota.go.id:8443/x"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> p.check(URI.create("https://files.semarangkota.go.id/x"))).isInstanceOf(PollException.class);
    }

    @Test
    void everyAddressAHostResolvesToIsChecked() {
        HostPolicy p = policy("https://rebind.semarangkota.go.id/api", List.of(), DEFAULTS);
        assertThatThrownBy(() -> p.check(URI.create("https://rebind.semarangkota.go.id/api")))
                .isInstanceOf(PollException.class)
                .hasMessageContaining("rebind.semarangkota.go.id resolves to 127.0.0.1, the hub's own machine (loopback);"
                        + " refused unless hub.poll.allow-loopback=true");
    }

    @Test
    void metadataAndLinkLocalAddressesAreRefusedUnlessAllowed() {
        assertThatThrownBy(() -> policy("http://meta.semarangkota.go.id/", List.of(), DEFAULTS).check(URI.create("http://meta.semarangkota.go.id/")))
                .isInstanceOf(PollException.class).hasMessageContaining("cloud metadata address");
        assertThatThrownBy(() -> policy("http://v6.semarangkota.go.id/", List.of(), DEFAULTS).check(URI.create("http://v6.semarangkota.go.id/")))
                .as("AWS's IPv6 metadata address, though in the private fc00::/7").isInstanceOf(PollException.class)
                .hasMessageContaining("cloud metadata address");
        HostPolicy p = policy("http://[fe80::1]/", List.of(), DEFAULTS);
        assertThatThrownBy(() -> p.check(URI.create("http://[fe80::1]/"))).isInstanceOf(PollException.class)
                .hasMessageContaining("link-local");
        HostPolicy allowed = policy("http://meta.semarangkota.go.id/", List.of(), new HostPolicy.Networks(false, true, true));
        assertThatCode(() -> allowed.check(URI.create("http://meta.semarangkota.go.id/"))).doesNotThrowAnyException();
    }

    @Test
    void privateNetworksFollowTheirSwitch() {
        assertThatCode(() -> policy("http://intranet.semarangkota.go.id/", List.of(), DEFAULTS)
                .check(URI.create("http://intranet.semarangkota.go.id/"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy("http://intranet.semarangkota.go.id/", List.of(), STRICT)
                .check(URI.create("http://intranet.semarangkota.go.id/")))
                .isInstanceOf(PollException.class).hasMessageContaining("hub.poll.allow-private-networks=false");
    }

    @Test
    void addressRangesAreClassifiedWhateverTheirSpelling() throws Exception {
        HostPolicy p = policy("https://data.semarangkota.go.id/", List.of(), STRICT);
        for (String a : new String[] {"127.0.0.1", "127.1.2.3", "0.0.0.0", "::1", "::", "::ffff:127.0.0.1", "::127.0.0.1",
                "64:ff9b::7f00:1", "2002:7f00:1::"}) {
            assertThat(p.refusal(InetAddress.getByName(a))).as(a).contains("loopback");
        }
        for (String a : new String[] {"169.254.169.254", "::ffff:169.254.169.254", "100.100.100.200", "192.0.0.192"}) {
            assertThat(p.refusal(InetAddress.getByName(a))).as(a).contains("metadata");
        }
        for (String a : new String[] {"169.254.10.1", "fe80::abcd"}) {
            assertThat(p.refusal(InetAddress.getByName(a))).as(a).contains("link-local");
        }
        for (String a : new String[] {"10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "100.64.0.1", "fc00::1", "fd12:3456::1"}) {
            assertThat(p.refusal(InetAddress.getByName(a))).as(a).contains("private");
        }
        for (String a : new String[] {"224.0.0.1", "255.255.255.255", "ff02::1"}) {
            assertThat(p.refusal(InetAddress.getByName(a))).as(a).contains("multicast or broadcast");
        }
        for (String a : new String[] {"203.0.113.10", "172.32.0.1", "100.128.0.1", "2001:db8::1", "8.8.8.8"}) {
            assertThat(p.refusal(InetAddress.getByName(a))).as(a).isNull();
        }
    }

    @Test
    void headersGoToTheSourcesOwnHostOnlyAndSecretsNeverOverPlainHttp() {
        Map<String, String> auth = Map.of("Authorization", "Bearer s3cr3t");
        HostPolicy tls = new HostPolicy("semarang", URI.create("https://data.semarangkota.go.id/api"),
                List.of("files.semarangkota.go.id"), "http.allowed-hosts", DEFAULTS, DNS, true, false);
        assertThat(tls.headersFor(URI.create("https://data.semarangkota.go.id/api?page=2"), auth)).isEqualTo(auth);
        assertThat(tls.headersFor(URI.create("https://files.semarangkota.go.id/x"), auth)).isEmpty();
        HostPolicy plain = new HostPolicy("semarang", URI.create("http://data.semarangkota.go.id/api"), List.of(),
                "http.allowed-hosts", DEFAULTS, DNS, true, false);
        assertThatThrownBy(() -> plain.headersFor(URI.create("http://data.semarangkota.go.id/api"), auth))
                .isInstanceOf(PollException.class).hasMessageContaining("never go over plain http://")
                .hasMessageNotContaining("s3cr3t");
        HostPolicy intranet = new HostPolicy("semarang", URI.create("http://data.semarangkota.go.id/api"), List.of(),
                "http.allowed-hosts", DEFAULTS, DNS, true, true);
        assertThat(intranet.headersFor(URI.create("http://data.semarangkota.go.id/api"), auth)).isEqualTo(auth);
    }

    // ------------------------------------------------------------------ through the fetcher, against a real server

    final StubServer server = new StubServer();
    @TempDir Path work;

    @AfterEach
    void stop() {
        server.stop();
    }

    static PollProperties props(boolean loopback) {
        PollProperties p = new PollProperties();
        p.setAttempts(1);
        p.setReadTimeout(Duration.ofSeconds(5));
        p.setAllowLoopback(loopback);
        return p;
    }

    @Test
    void aRefusedAddressIsNeverRequested() {
        server.on("/data.csv", Reply.csv("a,b\n1,2\n"));
        URI url = URI.create(server.url("/data.csv"));
        HttpFetcher fetcher = HTTP.fetcher(props(false));
        HostPolicy own = new HostPolicy("t", url, List.of(), "http.allowed-hosts", HostPolicy.Networks.of(props(false)),
                InetAddress::getAllByName, false, false);
        assertThatThrownBy(() -> fetcher.get(url, Map.of(), work.resolve("body"), own))
                .isInstanceOf(PollException.class).hasMessageContaining("loopback");
        assertThat(server.requests("/")).isEmpty();
    }

    @Test
    void aRedirectToAHostTheSourceDoesNotNameIsNeverFollowed() throws Exception {
        server.on("/data.csv", Reply.status(302).with("Location", "http://localhost:" + server.port() + "/internal"));
        server.on("/internal", Reply.csv("secret\n"));
        URI url = URI.create(server.url("/data.csv"));
        HttpFetcher fetcher = HTTP.fetcher(props(true));
        HostPolicy own = new HostPolicy("t", url, List.of(), "http.allowed-hosts", HostPolicy.Networks.of(props(true)),
                InetAddress::getAllByName, false, false);
        assertThatThrownBy(() -> fetcher.get(url, Map.of(), work.resolve("body"), own))
                .isInstanceOf(PollException.class).hasMessageContaining("redirect").hasMessageContaining("another host");
        assertThat(server.requests("/internal")).isEmpty();
        assertThat(server.requests("/data.csv")).hasSize(1);
    }
}
