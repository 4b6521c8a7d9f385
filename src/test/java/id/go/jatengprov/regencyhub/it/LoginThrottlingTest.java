package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Password guessing is slowed: after 5 wrong passwords for a user from one address, that pair gets 429
 * with Retry-After and its passwords are not checked, the right one included; the same user from
 * another address still gets in; after the hold the right password works again. On its own hub with
 * a 5 s hold, listening on every interface without TLS (which it warns about once at start).
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginThrottlingTest {

    static OwnHub hub;
    /** What the hub logged while it started (Spring Boot sets logging up anew then, so an appender would not see it). */
    static String startLog;

    @BeforeAll
    static void start(CapturedOutput output) throws IOException {
        hub = OwnHub.start("hub.security.login.max-failures=5", "hub.security.login.delay=5s",
                "hub.security.login.max-delay=10s", "hub.security.login.window=1m");
        startLog = output.getAll();
    }

    @AfterAll
    static void stop() throws IOException {
        hub.close();
    }

    @Test
    void wrongPasswordsAreHeldAfterFiveAndTheRealUserElsewhereIsNot(CapturedOutput output) throws Exception {
        Http wrong = new Http(hub.port()).as("operator", "guess");
        Http right = new Http(hub.port()).as("operator", OwnHub.OPERATOR_PASSWORD);
        int[] statuses = new int[20];
        HttpResponse<String> held = null;
        for (int i = 0; i < statuses.length; i++) {
            HttpResponse<String> r = wrong.get("/api/v1/sources");
            statuses[i] = r.statusCode();
            if (r.statusCode() == 429 && held == null) held = r;
        }
        assertThat(statuses).startsWith(401, 401, 401, 401, 401).containsOnly(401, 429);
        assertThat(java.util.Arrays.stream(statuses).filter(s -> s == 401).count()).as("passwords checked").isEqualTo(5);
        assertThat(held).isNotNull();
        long retryAfter = Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 5L);
        assertThat(held.body()).contains("\"status\":429", "\"error\":\"Too Many Requests\"", "\"path\":\"/api/v1/sources\"",
                "too many failed logins");

        // The right password from the attacker's address is held too: the password is not even checked.
        assertThat(right.get("/api/v1/sources").statusCode()).isEqualTo(429);
        // The real operator at another address is not held.
        assertThat(statusFrom("127.0.0.2", hub.port(), "/api/v1/sources", "operator", OwnHub.OPERATOR_PASSWORD)).isEqualTo(200);
        // After the hold, the right password works again and resets the count.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> right.get("/api/v1/sources").statusCode() == 200);
        assertThat(wrong.get("/api/v1/sources").statusCode()).as("a new count after the success").isEqualTo(401);

        JdbcTemplate jdbc = hub.bean(JdbcTemplate.class);
        List<Map<String, Object>> audit = jdbc.queryForList(
                "SELECT actor, outcome, detail, client FROM hub.audit WHERE action = 'login' ORDER BY id");
        assertThat(audit).filteredOn(r -> String.valueOf(r.get("detail")).startsWith("authentication failed")).hasSize(6);
        assertThat(audit).filteredOn(r -> String.valueOf(r.get("detail")).startsWith("throttled")).hasSizeGreaterThan(15)
                .allSatisfy(r -> assertThat(r).containsEntry("actor", "operator").containsEntry("outcome", "refused")
                        .containsEntry("client", "127.0.0.1"));
        assertThat(output.getAll()).contains("login refused: user=operator from=127.0.0.1")
                .doesNotContain("guess").doesNotContain(OwnHub.OPERATOR_PASSWORD);
    }

    @Test
    void aHubWithPasswordsOnEveryInterfaceWithoutTlsWarnsOnceAtStart() {
        List<String> warnings = startLog.lines().filter(l -> l.contains("Passwords travel in clear")).toList();
        assertThat(warnings).singleElement().asString()
                .contains("WARN", "every interface", "server.address=127.0.0.1", "server.ssl.key-store");
    }

    /** A GET sent from a given local address (another machine, as far as the hub can tell); the status code. */
    static int statusFrom(String localAddress, int port, String path, String user, String password) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(localAddress, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
            return Integer.parseInt(head.substring(9, 12));
        }
    }
}
