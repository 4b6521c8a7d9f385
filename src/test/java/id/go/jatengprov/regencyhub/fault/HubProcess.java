package id.go.jatengprov.regencyhub.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The packaged hub ({@code target/regency-hub.jar}) as a separate OS process, so that a test can kill it
 * for real: {@link #kill()} is {@code kill -9} of the java process (its embedded PostgreSQL, a child
 * process, survives that, as it would in production; the next {@link #start()} finds and stops it), and
 * {@link #powerCut()} kills both at once.
 * Output goes to {@code hub.log} in the run folder, appended across restarts.
 */
final class HubProcess implements AutoCloseable {

    static final String OPERATOR_PASSWORD = "fault-operator-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final Path runDir;
    private final List<String> args;
    private final int port;
    private final String externalJdbcUrl;
    private final String externalUser;
    private final String externalPassword;
    private final List<String> jvmOptions;
    private Process process;
    private int starts;

    private HubProcess(Path runDir, List<String> args, int port, String url, String user, String password,
                       List<String> jvmOptions) {
        this.jvmOptions = jvmOptions;
        this.runDir = runDir;
        this.args = args;
        this.port = port;
        this.externalJdbcUrl = url;
        this.externalUser = user;
        this.externalPassword = password;
    }

    /** The packaged jar; the fault suite runs after {@code mvn package} (phase integration-test). */
    static Path jar() {
        Path jar = Path.of(System.getProperty("fault.jar", "target/regency-hub.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the fault suite runs the packaged hub; run "
                    + "'mvn -B -o package -DskipTests' first (or 'mvn verify', which packages before it runs)");
        }
        return jar;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Builder in(Path runDir) {
        return new Builder(runDir);
    }

    static final class Builder {
        private final Path runDir;
        private final Map<String, Object> settings = new java.util.LinkedHashMap<>();
        private String url, user, password;
        // starts faster; the suite is about correctness, not speed
        private List<String> jvmOptions = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

        Builder(Path runDir) {
            this.runDir = runDir;
            with("hub.config-dir", runDir.resolve("config"));
            with("hub.data-dir", runDir.resolve("data"));
            with("hub.routes-dir", runDir.resolve("routes"));
            with("hub.embedded-db.port", freePort());
            with("hub.drop.poll", "200ms");
            with("hub.drop.stable-for", "500ms");
            with("hub.reload.interval", "1h");
        }

        /** Any {@code --name=value} argument; a later value for the same name replaces the earlier. */
        Builder with(String name, Object value) {
            settings.put(name, value);
            return this;
        }

        /** The hub JVM's options, instead of a small heap and the quick-start compiler (for a benchmark). */
        Builder jvm(String... options) {
            this.jvmOptions = List.of(options);
            return this;
        }

        Builder externalDatabase(String jdbcUrl, String user, String password) {
            this.url = jdbcUrl;
            this.user = user;
            this.password = password;
            return with("spring.datasource.url", jdbcUrl).with("spring.datasource.username", user)
                    .with("spring.datasource.password", password);
        }

        HubProcess build() {
            int port = freePort();
            List<String> args = new ArrayList<>();
            args.add("--server.port=" + port);
            settings.forEach((k, v) -> args.add("--" + k + "=" + v));
            try {
                Files.createDirectories(runDir.resolve("routes"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new HubProcess(runDir, args, port, url, user, password, jvmOptions);
        }
    }

    Path dataDir() { return runDir.resolve("data"); }
    Path dropDir(String source) { return dataDir().resolve("drop").resolve(source); }
    Path landingDir(String source) { return dataDir().resolve("landing").resolve(source); }
    Path log() { return runDir.resolve("hub.log"); }
    int port() { return port; }
    int starts() { return starts; }

    /** Starts the hub and waits until {@code /actuator/health} says UP. */
    HubProcess start() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar().toAbsolutePath().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        Map<String, String> env = pb.environment();
        env.put("HUB_SECURITY_OPERATOR_PASSWORD", OPERATOR_PASSWORD);
        try {
            Files.writeString(log(), "\n===== start " + (++starts) + " =====\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitHealthy(Duration.ofSeconds(180));
        return this;
    }

    void awaitHealthy(Duration atMost) {
        await("hub on port " + port + " healthy").atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the hub exited with code " + process.exitValue() + "; log tail:\n" + logTail(60));
            }
            return health() == 200;
        });
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no clean close of anything. */
    void kill() {
        if (process == null || !process.isAlive()) return;
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /**
     * A power cut: {@code kill -9} of the hub's JVM and of its embedded PostgreSQL (the postmaster and every
     * backend) at the same moment. Nothing is flushed or shut down; the next {@link #start()} finds no server
     * running and PostgreSQL replays its write-ahead log.
     */
    void powerCut() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        embeddedPostmaster().ifPresent(pg -> {
            all.add(pg);
            all.addAll(pg.descendants().toList());
        });
        all.forEach(ProcessHandle::destroyForcibly);
        await("hub and PostgreSQL processes gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
        if (all.size() < 3) {
            throw new AssertionError("power cut: found no embedded PostgreSQL (postmaster and backends) beside the hub: " + all);
        }
        if (!Files.exists(dataDir().resolve("postgres").resolve("postmaster.pid"))) {
            throw new AssertionError("power cut: PostgreSQL removed its postmaster.pid, as only a clean shutdown does");
        }
    }

    /** The embedded PostgreSQL's postmaster, if one runs on the data folder (its pid checked to be postgres). */
    Optional<ProcessHandle> embeddedPostmaster() {
        Path pidFile = dataDir().resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) return Optional.empty();
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            if (!first.matches("\\d+")) return Optional.empty();
            return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM: a clean shutdown (Spring closes Camel, the broker and the embedded database). */
    void stop() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!waitFor(Duration.ofSeconds(90))) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the hub, and the embedded PostgreSQL a kill -9 may have left running (by its pid, checked to be postgres). */
    @Override
    public void close() {
        stop();
        try {
            Optional<ProcessHandle> pg = embeddedPostmaster();
            if (pg.isPresent()) {
                pg.get().destroy();
                pg.get().onExit().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("could not stop the embedded PostgreSQL left by the hub: " + e);
        }
    }

    // ------------------------------------------------------------------ HTTP

    int health() {
        try {
            return HTTP.send(request("/actuator/health").timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).POST(body);
        if (contentType != null) b.header("Content-Type", contentType);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("operator:" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    /** Chunks in the dead-letter queue, as the hub's API reports them. */
    int deadLetters() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/dead-letters");
        if (r.statusCode() != 200) throw new AssertionError("GET /api/v1/dead-letters: " + r.statusCode() + " " + r.body());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(r.body());
        if (!m.find()) throw new AssertionError("no count in " + r.body());
        return Integer.parseInt(m.group(1));
    }

    // ------------------------------------------------------------------ database

    /**
     * A connection to the hub's database as the hub's role: the embedded one (password from
     * {@code <data-dir>/postgres.secrets}, port from the arguments) or the external one.
     */
    Connection db() throws SQLException {
        if (externalJdbcUrl != null) {
            return DriverManager.getConnection(externalJdbcUrl, externalUser, externalPassword);
        }
        Properties secrets = new Properties();
        try (Reader r = Files.newBufferedReader(dataDir().resolve("postgres.secrets"))) {
            secrets.load(r);
        } catch (IOException e) {
            throw new SQLException("no postgres.secrets yet: " + e.getMessage(), e);
        }
        String dbPort = args.stream().filter(a -> a.startsWith("--hub.embedded-db.port=")).findFirst().orElseThrow()
                .substring("--hub.embedded-db.port=".length());
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/regency_hub", "hub",
                secrets.getProperty("hub"));
    }

    /** The superuser password of the embedded database. */
    String superuserPassword() throws IOException {
        Properties secrets = new Properties();
        try (Reader r = Files.newBufferedReader(dataDir().resolve("postgres.secrets"))) {
            secrets.load(r);
        }
        return secrets.getProperty("superuser");
    }

    String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
