package id.go.jatengprov.regencyhub.intake.jdbc;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MariaDB server for a test class: Debian's {@code mariadbd} (package mariadb-server; {@code scripts/test.sh}
 * installs it) on a free port of 127.0.0.1, with its data folder and socket in a temporary folder, stopped and
 * deleted by {@link #close}. {@code root} has no password and is only reachable from this machine.
 */
public final class MariaDbServer implements AutoCloseable {

    static final Path SERVER = Path.of("/usr/sbin/mariadbd");

    private final Path dir;
    private final int port;
    private final Process process;

    private MariaDbServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Installs a fresh data folder and starts the server; fails with what to install when it is missing. */
    public static MariaDbServer start() {
        String server = executable(SERVER, "mariadbd");
        String install = executable(Path.of("/usr/bin/mariadb-install-db"), "mariadb-install-db");
        try {
            Path dir = Files.createTempDirectory("regency-hub-mariadb-");
            Path data = dir.resolve("data");
            List<String> root = isRoot() ? List.of("--user=root") : List.of();
            List<String> installCmd = new ArrayList<>(List.of(install, "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db"));
            installCmd.addAll(root);
            Process p = new ProcessBuilder(installCmd).redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mariadb-install-db failed: " + Files.readString(dir.resolve("install.log")));
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(server, "--no-defaults", "--datadir=" + data, "--port=" + port,
                    "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
                    "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=16M", "--performance-schema=OFF",
                    "--character-set-server=utf8mb4", "--log-error=" + dir.resolve("error.log")));
            cmd.addAll(root);
            Process server0 = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
            MariaDbServer m = new MariaDbServer(dir, port, server0);
            await("MariaDB on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!server0.isAlive()) throw new IllegalStateException("mariadbd exited: " + m.errorLog());
                try (Connection c = m.root()) {
                    return c.isValid(2);
                } catch (SQLException notYet) {
                    return false;
                }
            });
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:mariadb://127.0.0.1:<port>/<database>} */
    public String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    public Connection root() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
    }

    /** Runs statements as root, one by one. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = root(); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    String errorLog() {
        try {
            Path f = dir.resolve("error.log");
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    private static String executable(Path usual, String name) {
        if (Files.isExecutable(usual)) return usual.toString();
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new IllegalStateException(name + " is missing: install Debian's mariadb-server (scripts/test.sh does:"
                + " apt-get install mariadb-server)");
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
