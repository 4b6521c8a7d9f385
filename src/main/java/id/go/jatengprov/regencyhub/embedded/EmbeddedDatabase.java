package id.go.jatengprov.regencyhub.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL that the hub runs itself when no external one is configured: real PostgreSQL 17
 * binaries, files under {@code <data-dir>/postgres}, fsync and synchronous commit on (the library's
 * defaults are off, fit only for throw-away test databases).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Pattern IDENT = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** First line of pg_hba.conf once the hub has replaced initdb's "trust" with passwords. */
    static final String HARDENED = "# regency-hub: every connection authenticates with a password";

    private final EmbeddedPostgres postgres;
    private final int port;
    private final String database;
    private final String user;
    private final Secrets secrets;

    private EmbeddedDatabase(EmbeddedPostgres postgres, int port, String database, String user, Secrets secrets) {
        this.postgres = postgres;
        this.port = port;
        this.database = database;
        this.user = user;
        this.secrets = secrets;
    }

    /**
     * @param analystPassword password of the read-only role "analyst"; null leaves it unable to log in
     */
    public static EmbeddedDatabase start(Path dir, int port, String database, String user, String analystPassword)
            throws IOException {
        if (!IDENT.matcher(database).matches() || !IDENT.matcher(user).matches()) {
            throw new IllegalArgumentException("hub.embedded-db.database and .user must match [a-z][a-z0-9_]*");
        }
        Files.createDirectories(dir);
        stopLeftOver(dir);
        Secrets secrets = Secrets.loadOrCreate(dir.resolveSibling(dir.getFileName() + ".secrets"));
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setConnectConfig("password", secrets.superuser())
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100")
                .start();
        EmbeddedDatabase db = new EmbeddedDatabase(pg, port, database, user, secrets);
        db.createRolesAndDatabase(analystPassword);
        db.requirePasswords(dir);
        return db;
    }

    /**
     * A hub killed with kill -9 leaves its PostgreSQL running, holding the port and the data folder.
     * Stop it the way PostgreSQL asks to be stopped: a fast shutdown, SIGINT (what {@code pg_ctl stop -m fast}
     * sends; pg_ctl itself refuses to run as root); the WAL makes this safe. The pid is checked to be a postgres
     * process first, since pids are reused.
     *
     * <p>Fast, not smart (SIGTERM): a smart shutdown waits for every client to disconnect, so one open
     * analyst session (or any other client) held the restart for 30 s and then the server was killed
     * with SIGKILL, leaving its backends orphaned. Found by the fault suite (KillNineFaultIT).
     */
    static void stopLeftOver(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (handle.isEmpty()) {
            return;
        }
        log.warn("A PostgreSQL server (pid {}) from an earlier run is still using {}; stopping it before starting anew", pid, dir);
        ProcessHandle h = handle.get();
        if (!signal("INT", pid)) {
            h.destroy();
        }
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("PostgreSQL pid {} did not stop within 30 s; killing it (WAL recovery will run at start)", pid);
            List<ProcessHandle> children = h.children().toList();
            h.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                throw new IOException("cannot stop the left-over PostgreSQL (pid " + pid + ") using " + dir);
            }
        }
    }

    /** Sends a signal with the system's kill command (Java can send only TERM and KILL). */
    private static boolean signal(String name, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The hub's role (owner: the loader, which writes), the read-only role "analyst", and the database.
     * Passwords are set anew at every start, so that changing hub.security.analyst.password takes effect.
     */
    private void createRolesAndDatabase(String analystPassword) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE postgres PASSWORD " + literal(secrets.superuser()));
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                st.execute("CREATE ROLE \"" + user + "\" LOGIN");
            }
            st.execute("ALTER ROLE \"" + user + "\" LOGIN PASSWORD " + literal(secrets.hub()));
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = 'analyst'")) {
                st.execute("CREATE ROLE analyst NOLOGIN");
            }
            st.execute(analystPassword == null || analystPassword.isBlank() ? "ALTER ROLE analyst NOLOGIN PASSWORD NULL"
                    : "ALTER ROLE analyst LOGIN PASSWORD " + literal(analystPassword));
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                st.execute("CREATE DATABASE \"" + database + "\" OWNER \"" + user + "\" ENCODING 'UTF8'");
                st.execute("REVOKE ALL ON DATABASE \"" + database + "\" FROM PUBLIC");
                st.execute("GRANT CONNECT ON DATABASE \"" + database + "\" TO analyst");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the embedded database: " + e.getMessage(), e);
        }
    }

    /** initdb trusts every local connection; the hub replaces that with password authentication (SCRAM). */
    private void requirePasswords(Path dir) throws IOException {
        Path hba = dir.resolve("pg_hba.conf");
        if (Files.readString(hba, StandardCharsets.UTF_8).startsWith(HARDENED)) {
            return;
        }
        Files.writeString(hba, HARDENED + "\n"
                + "local all all scram-sha-256\n"
                + "host  all all 127.0.0.1/32 scram-sha-256\n"
                + "host  all all ::1/128 scram-sha-256\n", StandardCharsets.UTF_8);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reload the embedded database's configuration: " + e.getMessage(), e);
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** A superuser JDBC URL, for tests and administration only. */
    public String superuserJdbcUrl(String db) {
        return "jdbc:postgresql://localhost:" + port + "/" + db;
    }

    public String password() { return secrets.hub(); }

    /** For tests and administration: the superuser's generated password (also in the .secrets file). */
    public String superuserPassword() { return secrets.superuser(); }

    public int port() { return port; }
    public String database() { return database; }
    public String user() { return user; }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
