package id.go.jatengprov.regencyhub.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.embedded.EmbeddedDatabase;

/**
 * The whole hub, as it runs: embedded PostgreSQL 17, embedded ActiveMQ with KahaDB, the shipped
 * configuration, real drop folders. Every test class extending this shares one running hub (Spring's
 * context cache); each test starts from an empty warehouse and empty folders.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubTestSupport {

    static final Path DATA_DIR;
    static final Path CONFIG_DIR;
    /** Regency portals on loopback, for the polled test sources. */
    static final StubServer STUB = new StubServer();
    /** The polled test sources' token: surefire puts it in the environment as HUB_POLL_SECRET_IT_TOKEN (pom.xml). */
    static final String IT_TOKEN = "it-secret-token-4711";
    public static final String OPERATOR_PASSWORD = "operator-test-secret";
    public static final String PROVINCE_PASSWORD = "province-test-secret";
    public static final String SEMARANG_PASSWORD = "semarang-test-secret";
    public static final String ANALYST_PASSWORD = "analyst-test-secret";
    public static final String ANALYST_API_PASSWORD = "analyst-api-test-secret";
    /** A CKAN API key as the hub reads it (from the environment in production). */
    static final String CKAN_KEY_ENV = "HUB_CKAN_SECRET_IT";
    static final String CKAN_KEY = "ckan-it-token-0b1c";
    static final int DB_PORT;
    public static final Path SAMPLES = Path.of("src/test/resources/samples");

    static {
        try {
            DATA_DIR = Files.createTempDirectory("regency-hub-it-");
            CONFIG_DIR = TestConfig.write(DATA_DIR.resolve("config"), STUB);
            try (ServerSocket s = new ServerSocket(0)) {
                DB_PORT = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry r) {
        r.add("hub.data-dir", DATA_DIR::toString);
        r.add("hub.config-dir", CONFIG_DIR::toString);
        // The stub portals run on loopback, which polls may reach only when the deployer allows it.
        r.add("hub.poll.allow-loopback", () -> "true");
        r.add("hub.poll.read-timeout", () -> "2s");
        r.add("hub.poll.attempts", () -> 3);
        r.add("hub.poll.backoff", () -> "100ms");
        r.add("hub.poll.max-bytes", () -> "1MB");
        r.add("hub.upload.max-size", () -> "2MB");
        r.add("hub.embedded-db.port", () -> DB_PORT);
        r.add("hub.drop.poll", () -> "100ms");
        r.add("hub.drop.stable-for", () -> "200ms");
        r.add("hub.broker.redelivery.max-attempts", () -> 3);
        r.add("hub.broker.redelivery.initial-delay", () -> "200ms");
        r.add("hub.broker.redelivery.multiplier", () -> 2.0);
        r.add("hub.routes-dir", () -> "src/test/resources/routes");
        r.add("hub.security.operator.password", () -> OPERATOR_PASSWORD);
        r.add("hub.security.regencies.33.password", () -> PROVINCE_PASSWORD);
        // Kota Semarang's password is configured as a BCrypt hash, as production should.
        r.add("hub.security.regencies.3374.password", () -> "{bcrypt}" + new BCryptPasswordEncoder(4).encode(SEMARANG_PASSWORD));
        r.add("hub.security.analyst.password", () -> ANALYST_PASSWORD);
        r.add("hub.security.analyst-api.password", () -> ANALYST_API_PASSWORD);
        r.add("hub.publish.interval", () -> "500ms");
        r.add("hub.publish.backoff", () -> "50ms");
        r.add("hub.publish.retry-initial", () -> "1s");
        r.add("hub.publish.page-size", () -> 100);
        r.add(CKAN_KEY_ENV, () -> CKAN_KEY);
    }

    @LocalServerPort protected int port;
    @Autowired protected JdbcTemplate jdbc;
    @Autowired protected BatchStore batches;
    @Autowired protected HubProperties props;
    @Autowired protected EmbeddedDatabase embeddedDatabase;

    @BeforeEach
    void emptyWarehouseAndFolders() throws IOException {
        List<String> tables = jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'warehouse' AND table_name <> 'region' AND table_type = 'BASE TABLE'""", String.class);
        for (String t : tables) {
            jdbc.execute("TRUNCATE warehouse.\"" + t + "\"");
        }
        // what the loader keeps of overwritten rows: revisions and undo (load/RowHistory)
        for (String t : jdbc.queryForList("""
                SELECT table_schema || '."' || table_name || '"' FROM information_schema.tables
                WHERE table_schema IN ('history', 'undo') AND table_type = 'BASE TABLE'""", String.class)) {
            jdbc.execute("TRUNCATE " + t);
        }
        jdbc.execute("TRUNCATE hub.reject, hub.load_log, hub.chunk_failure, hub.batch, hub.source_state CASCADE");
        STUB.reset();
        TestConfig.scriptPermanent(STUB);
        deleteTree(props.dropDir());
        deleteTree(props.landingDir());
    }

    /** Copies a file into a source's drop folder the way a careful sender does: write .tmp, then rename. */
    protected Path drop(String sourceId, Path file, String name) throws IOException {
        Path dir = props.dropDir().resolve(sourceId);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name + ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    protected Path drop(String sourceId, String content, String name) throws IOException {
        Path tmp = Files.createTempFile(DATA_DIR, "content", ".csv");
        Files.writeString(tmp, content);
        return drop(sourceId, tmp, name);
    }

    /** Waits until the source has a batch in a final state, and returns its newest one. */
    protected Batch awaitFinal(String sourceId) {
        return awaitBatches(sourceId, 1).get(0);
    }

    protected List<Batch> awaitBatches(String sourceId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Batch> list = batches.list(sourceId, null, null, 100, 0);
            return list.size() >= count && list.stream().allMatch(b -> b.status().isFinal());
        });
        return batches.list(sourceId, null, null, 100, 0);
    }

    protected Batch awaitStatus(long batchId, BatchStatus status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.find(batchId).orElseThrow().status() == status);
        return batches.find(batchId).orElseThrow();
    }

    protected Map<String, Object> row(String sql, Object... args) {
        return jdbc.queryForMap(sql, args);
    }

    protected Connection superuser() throws SQLException {
        return DriverManager.getConnection(embeddedDatabase.superuserJdbcUrl(embeddedDatabase.database()), "postgres",
                embeddedDatabase.superuserPassword());
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) Files.deleteIfExists(p);
            }
        }
    }
}
