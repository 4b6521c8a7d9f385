package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's mistake, for real: a second {@code java -jar regency-hub.jar} (or {@code mvn spring-boot:run})
 * on the folder of a running hub, with the same ports. It used to stop the running hub's PostgreSQL ("from an
 * earlier run ... stopping it"), after which the running hub answered 500. Now the second start is refused
 * with one message and a non-zero exit, and the first hub goes on. Also: {@code --help} starts nothing, and a
 * hub killed with {@code kill -9} leaves a claim that the next start takes over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecondStartIT extends FaultSupport {

    static Path runDir;
    static HubProcess hub;

    @BeforeAll
    static void startHub() throws IOException {
        runDir = Path.of("target", "fault-runs", "second-start").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        FaultData.writeConfig(runDir);
        hub = HubProcess.in(runDir).build().start();
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) hub.close();
    }

    @Test
    @Order(1)
    void aFreshStartCreatesTheDataFolderWithoutAccessForOtherUsers() throws IOException {
        Path data = hub.dataDir();
        assertThat(mode(data)).isEqualTo("750");
        for (String name : List.of("landing", "work", "broker", "postgres")) {
            assertThat(mode(data.resolve(name))).as(name).isEqualTo("700");
        }
        assertThat(mode(data.resolve("drop"))).as("drop: senders of the hub's group write here").isEqualTo("2770");
        assertThat(mode(data.resolve("postgres.secrets"))).isEqualTo("600");
        assertThat(mode(data.resolve("hub.lock"))).isEqualTo("640");
        assertThat(data.resolve("postgres.pwfile")).as("initdb's password file is deleted").doesNotExist();
    }

    @Test
    @Order(2)
    void aSecondHubOnTheSameFolderIsRefusedAndTheFirstGoesOn() throws Exception {
        long postmaster = postmasterPid();
        String dbPort = Files.readAllLines(hub.dataDir().resolve("postgres").resolve("postmaster.pid")).get(3).trim();

        // the same folder and the same ports, as a second 'mvn spring-boot:run' in the same checkout would have
        Run second = run(List.of("--server.port=" + hub.port(), "--hub.embedded-db.port=" + dbPort,
                "--hub.data-dir=" + hub.dataDir(), "--hub.config-dir=" + runDir.resolve("config"),
                "--hub.routes-dir=" + runDir.resolve("routes")));

        assertThat(second.exit).as("exit code of the second hub; output:\n%s", second.output).isEqualTo(1);
        assertThat(second.output).contains("another hub is running in this folder (pid " + hub.pid() + ", port " + hub.port()
                + ", database port " + dbPort);
        assertThat(second.output).doesNotContain("stopping it").doesNotContain("Exception in thread");
        assertThat(second.output.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by"))).as("stack trace lines").isEmpty();

        assertThat(hub.isAlive()).isTrue();
        assertThat(postmasterPid()).as("the first hub's PostgreSQL, untouched").isEqualTo(postmaster);
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
        HttpResponse<String> health = hub.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        HttpResponse<String> batches = hub.get("/api/v1/batches");
        assertThat(batches.statusCode()).as("an API call that reads the database: %s", batches.body()).isEqualTo(200);
        try (Connection c = hub.db()) {
            assertThat(count(c, "SELECT count(*) FROM hub.batch")).isZero();
        }
        Properties lock = lockFile();
        assertThat(lock.getProperty("pid")).as("the lock file names the first hub").isEqualTo(Long.toString(hub.pid()));
        assertThat(lock.getProperty("http-port")).isEqualTo(Integer.toString(hub.port()));
        assertThat(lock.getProperty("db-port")).isEqualTo(dbPort);
    }

    @Test
    @Order(3)
    void helpPrintsTheUsageAndStartsNothing() throws Exception {
        Path elsewhere = runDir.resolve("help-run");
        int dbPort = HubProcess.freePort();
        int httpPort = HubProcess.freePort();
        List<String> settings = List.of("--hub.data-dir=" + elsewhere.resolve("data"), "--hub.embedded-db.port=" + dbPort,
                "--server.port=" + httpPort);
        for (String help : List.of("--help", "help", "-h")) {
            List<String> args = new ArrayList<>();
            args.add(help);
            args.addAll(settings);
            Run r = run(args);
            assertThat(r.exit).as(help + ": exit code; output:\n%s", r.output).isZero();
            assertThat(r.output).as(help).contains("usage: java -jar regency-hub.jar", "check", "preview", "--hub.data-dir",
                    "docs/operations.md");
        }
        assertThat(elsewhere.resolve("data")).as("no data folder, so no PostgreSQL was set up").doesNotExist();
        assertThat(listens(dbPort)).as("something listens on the database port").isFalse();
        assertThat(listens(httpPort)).as("something listens on the HTTP port").isFalse();

        Run unknown = run(List.of("frobnicate", "--hub.data-dir=" + elsewhere.resolve("data")));
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.output).contains("unknown command 'frobnicate'", "usage: java -jar regency-hub.jar");
        assertThat(elsewhere.resolve("data")).doesNotExist();
    }

    @Test
    @Order(4)
    void aHubKilledWithKillNineLeavesAClaimTheNextStartTakesOver() throws Exception {
        long oldPid = hub.pid();
        hub.kill();
        assertThat(ProcessHandle.of(postmasterPid()).map(ProcessHandle::isAlive)).as("PostgreSQL outlives kill -9").contains(true);
        hub.start();
        String lastStart = hub.logText().substring(hub.logText().lastIndexOf("===== start"));
        assertThat(lastStart).contains("Taking over").contains("pid " + oldPid + ") is no longer running")
                .contains("from an earlier run is still using");
        assertThat(lockFile().getProperty("pid")).isEqualTo(Long.toString(hub.pid()));
        assertThat(hub.get("/api/v1/batches").statusCode()).isEqualTo(200);
    }

    record Run(int exit, String output) {}

    /** The packaged hub with these arguments, to its end (at most 3 minutes); stdout and stderr together. */
    private static Run run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", HubProcess.jar().toAbsolutePath().toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile(runDir, "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HUB_SECURITY_OPERATOR_PASSWORD", HubProcess.OPERATOR_PASSWORD);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the hub did not exit within 3 minutes: " + args + "\n" + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Read from this process, not the hub's: the hub's lock is its own and is not disturbed by our reading. */
    private static Properties lockFile() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(hub.dataDir().resolve("hub.lock"))) {
            p.load(r);
        }
        return p;
    }

    private static long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(hub.dataDir().resolve("postgres").resolve("postmaster.pid")).get(0).trim());
    }

    private static boolean listens(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String mode(Path p) throws IOException {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode") & 07777);
    }
}
