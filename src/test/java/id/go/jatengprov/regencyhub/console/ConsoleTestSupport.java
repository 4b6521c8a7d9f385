package id.go.jatengprov.regencyhub.console;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.RegencyHubApplication;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.completeness.DeliveryLedger;

/**
 * A hub of the console tests' own: the shipped datasets with their expectations, a few drop sources of three
 * regencies and the province, a clock the test sets (Asia/Jakarta), a webhook receiver on loopback for alerts,
 * and short intervals for the delivery ledger and the alert checks. Every class extending this shares one
 * running hub; each test starts from an empty warehouse.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {RegencyHubApplication.class, ConsoleTestSupport.TestClock.class})
abstract class ConsoleTestSupport {

    static final String OPERATOR_PASSWORD = "console-operator-secret";
    static final String SEMARANG_PASSWORD = "console-semarang-secret";
    static final String WEBHOOK_SECRET = "console-webhook-secret";
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-02-10T03:00:00Z"), MutableClock.WIB);
    static final WebhookReceiver HOOKS = new WebhookReceiver();
    static final Path DIR;
    static final int DB_PORT;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static {
        try {
            DIR = Files.createTempDirectory("regency-hub-console-");
            writeConfig(DIR.resolve("config"));
            Files.createDirectories(DIR.resolve("routes"));
            try (ServerSocket s = new ServerSocket(0)) {
                DB_PORT = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("hub.config-dir", () -> DIR.resolve("config").toString());
        r.add("hub.data-dir", () -> DIR.resolve("data").toString());
        r.add("hub.routes-dir", () -> DIR.resolve("routes").toString());
        r.add("hub.embedded-db.port", () -> DB_PORT);
        r.add("hub.drop.poll", () -> "100ms");
        r.add("hub.drop.stable-for", () -> "200ms");
        r.add("hub.broker.redelivery.max-attempts", () -> 1);
        r.add("hub.broker.redelivery.initial-delay", () -> "100ms");
        r.add("hub.security.operator.password", () -> OPERATOR_PASSWORD);
        r.add("hub.security.regencies.3374.password", () -> SEMARANG_PASSWORD);
        r.add("hub.completeness.refresh-interval", () -> "200ms");
        r.add("hub.alerts.check-interval", () -> "200ms");
        r.add("hub.alerts.consecutive-failures", () -> 2);
        r.add("hub.alerts.cooldown", () -> "30d");
        r.add("hub.alerts.retry.initial-delay", () -> "100ms");
        r.add("hub.alerts.webhooks[0].url", HOOKS::url);
        r.add("hub.alerts.webhooks[0].secret", () -> WEBHOOK_SECRET);
    }

    @LocalServerPort protected int port;
    @Autowired protected JdbcTemplate jdbc;
    @Autowired protected BatchStore batches;
    @Autowired protected DeliveryLedger ledger;

    @BeforeEach
    void emptyHub() {
        for (String t : jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'warehouse' AND table_name <> 'region' AND table_type = 'BASE TABLE'""", String.class)) {
            jdbc.execute("TRUNCATE warehouse.\"" + t + "\"");
        }
        jdbc.execute("TRUNCATE hub.reject, hub.load_log, hub.chunk_failure, hub.batch, hub.source_state, hub.delivery,"
                + " hub.delivery_state, hub.alert, hub.audit CASCADE");
        CLOCK.set("2025-02-10T10:00");
    }

    /** The datasets as shipped, births and population with their expectations; the sources: Kota Semarang, Cilacap and Banyumas deliver births; Kota Semarang its population by district. */
    static void writeConfig(Path config) throws IOException {
        copyTree(Path.of("config/datasets"), config.resolve("datasets"));
        // Two datasets with expectations are enough: the others expect nothing here.
        for (String d : List.of("ipm", "health_facilities", "poor_population")) {
            Path f = config.resolve("datasets").resolve(d + ".yaml");
            Files.writeString(f, Files.readString(f).replaceAll("(?m)^expect:.*$", ""));
        }
        copyTree(Path.of("config/reference"), config.resolve("reference"));
        Path sources = Files.createDirectories(config.resolve("sources"));
        for (String[] s : new String[][] {{"smg-births", "33.74"}, {"cilacap-births", "33.01"}, {"banyumas-births", "33.02"},
                {"prov-births", "33"}}) {
            Files.writeString(sources.resolve(s[0] + ".yaml"), """
                    id: %s
                    regency: "%s"
                    dataset: births
                    kind: drop
                    mapping:
                      region: { column: kode }
                      period: { column: tahun }
                      live_births: { column: lahir }
                    max-reject-ratio: 0.5
                    """.formatted(s[0], s[1]));
        }
        Files.writeString(sources.resolve("smg-population.yaml"), """
                id: smg-population
                regency: "33.74"
                dataset: population
                kind: drop
                mapping:
                  region: { column: kecamatan }
                  period: { column: tahun }
                  sex: { column: jk }
                  population: { column: jumlah }
                """);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Uploads CSV text to a source through the API as the operator; returns the batch id. */
    long upload(String source, String csv) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/sources/" + source + "/uploads", "operator", OPERATOR_PASSWORD,
                "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        if (r.statusCode() != 202) throw new IllegalStateException("upload answered " + r.statusCode() + ": " + r.body());
        return Long.parseLong(JSON.readTree(r.body()).get("batch").asText());
    }

    /** Uploads at a moment of the test's clock and waits for the batch to end. */
    Batch deliver(String at, String source, String csv) throws Exception {
        CLOCK.set(at);
        long id = upload(source, csv);
        return awaitFinal(id);
    }

    Batch awaitFinal(long id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.find(id).orElseThrow().status().isFinal());
        return batches.find(id).orElseThrow();
    }

    HttpResponse<String> send(String method, String path, String user, String password, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (type != null) b.header("Content-Type", type);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path, String user, String password) throws Exception {
        HttpResponse<String> r = send("GET", path, user, password, null, null);
        if (r.statusCode() != 200) throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** The ledger as the console will read it: rebuilt for every dataset whose batches changed. */
    List<String> refreshLedger() {
        return ledger.refreshChanged();
    }

    /**
     * The scenario of the console tests, over two datasets, ending on 2026-02-15 (so 2024's deliveries were due on
     * 2025-04-01 and 2025's are due on 2026-04-01):
     * births 2024: Kota Semarang on time, Cilacap late, Banyumas's only delivery failed, everyone else overdue;
     * births 2025: Kota Semarang on time, the rest due; population 2024: Kota Semarang sent 3 of its 16 districts.
     */
    void scenario() throws Exception {
        deliver("2025-02-10T10:00", "smg-births", "kode,tahun,lahir\n3374,2024,21000\n");
        deliver("2025-05-20T09:00", "cilacap-births", "kode,tahun,lahir\n3301,2024,25000\n");
        deliver("2025-06-01T08:00", "banyumas-births", "kode,tahun,lahir\n3302,2024,banyak\n3302,2024,tidak tahu\n");
        deliver("2025-03-01T08:00", "smg-population", """
                kecamatan,tahun,jk,jumlah
                33.74.01,2024,L,40000
                33.74.01,2024,P,41000
                33.74.02,2024,L,30000
                33.74.02,2024,P,31000
                33.74.03,2024,L,20000
                """);
        deliver("2026-01-20T08:00", "smg-births", "kode,tahun,lahir\n3374,2025,20500\n");
        CLOCK.set("2026-02-15T12:00");
        refreshLedger();
    }
}
