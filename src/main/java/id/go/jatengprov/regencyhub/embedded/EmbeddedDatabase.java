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

    /** First line of the hub's pg_hba.conf; a file that starts with it is the hub's (an operator may add lines). */
    static final String HARDENED = "# regency-hub: every connection authenticates with a password";
    /** The hub's pg_hba.conf. Earlier versions wrote the same text, but only after the server had run with "trust". */
    static final String HBA = HARDENED + "\n"
            + "local all all scram-sha-256\n"
            + "host  all all 127.0.0.1/32 scram-sha-256\n"
            + "host  all all ::1/128 scram-sha-256\n";

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
     * The read-only role "analyst": its password (null or blank: it cannot log in), how many connections it may
     * hold at once (-1: no limit) and how long one of its statements may run (zero: no limit).
     */
    public record AnalystRole(String password, int connectionLimit, Duration statementTimeout) {
        public AnalystRole {
            if (connectionLimit < -1) {
                throw new IllegalArgumentException("hub.security.analyst.connection-limit must be -1 (no limit) or more, is " + connectionLimit);
            }
            if (statementTimeout == null || statementTimeout.isNegative() || statementTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("hub.security.analyst.statement-timeout must be between 0 (no limit) and "
                        + Duration.ofMillis(Integer.MAX_VALUE) + ", is " + statementTimeout);
            }
        }

        public static AnalystRole disabled() {
            return new AnalystRole(null, 10, Duration.ofMinutes(5));
        }

        boolean canLogIn() {
            return password != null && !password.isBlank();
        }

        @Override
        public String toString() {
            return "AnalystRole[password=" + (canLogIn() ? "***" : "none") + ", connectionLimit=" + connectionLimit
                    + ", statementTimeout=" + statementTimeout + "]";
        }
    }

    /**
     * Starts PostgreSQL on {@code <data-dir>/postgres}, running initdb there first if it holds no cluster yet.
     * Taking the {@link HubLock} is the caller's proof that no other hub uses the folder, so a PostgreSQL
     * still running on it is a left-over of a dead hub and may be stopped.
     *
     * <p>No moment without a password: initdb runs with SCRAM authentication and the superuser's password from
     * a file (0600, deleted once read), the hub's pg_hba.conf is in place before the server's first start, and
     * the server has no Unix socket (the hub and analysts connect over TCP on localhost). Proven by
     * FirstStartPasswordWindowTest, which tries to log in without a password all through a first start.
     */
    public static EmbeddedDatabase start(HubLock claim, int port, String database, String user, AnalystRole analyst)
            throws IOException {
        if (!IDENT.matcher(database).matches() || !IDENT.matcher(user).matches()) {
            throw new IllegalArgumentException("hub.embedded-db.database and .user must match [a-z][a-z0-9_]*");
        }
        Path dataDir = claim.dataDir();
        Path dir = DataFolders.privateDirectory(dataDir.resolve("postgres"));
        stopLeftOver(dir);
        Secrets secrets = Secrets.loadOrCreate(dataDir.resolve("postgres.secrets"));
        boolean fresh = !Files.exists(dir.resolve("postgresql.conf"));
        Path pwfile = dataDir.resolve("postgres.pwfile");
        Files.deleteIfExists(pwfile);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setConnectConfig("password", secrets.superuser())
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "") // no socket in a shared folder such as /tmp
                .setServerConfig("max_connections", "100")
                .setDataDirectoryCustomizer(d -> beforeServerStart(d.toPath(), pwfile, fresh));
        if (fresh) {
            try (var files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    throw new IOException(dir + " holds files but no postgresql.conf: an earlier first start was cut short."
                            + " If it holds nothing you need, delete the folder and start the hub again.");
                }
            }
            Files.writeString(DataFolders.privateFile(pwfile), secrets.superuser() + "\n", StandardCharsets.UTF_8);
            // zonky runs "initdb -A trust -U postgres -D dir -E UTF-8" followed by each of these as --key=value;
            // initdb takes the last -A, so the cluster is made with SCRAM and the superuser's password from the file.
            builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pwfile.toAbsolutePath().toString());
            log.info("Creating the embedded PostgreSQL cluster in {} (password authentication from the start)", dir);
        }
        EmbeddedPostgres pg;
        try {
            pg = builder.start();
        } finally {
            Files.deleteIfExists(pwfile);
        }
        EmbeddedDatabase db = new EmbeddedDatabase(pg, port, database, user, secrets);
        try {
            db.createRolesAndDatabase(analyst);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        return db;
    }

    /**
     * Between initdb and the server's start: the password file is gone, and pg_hba.conf says that every
     * connection authenticates with a password. A file that is already the hub's (data folders of earlier
     * versions too) is left as it is, with any lines an operator added.
     */
    private static void beforeServerStart(Path dir, Path pwfile, boolean fresh) {
        try {
            Files.deleteIfExists(pwfile);
            Path hba = dir.resolve("pg_hba.conf");
            String current = Files.readString(hba, StandardCharsets.UTF_8);
            if (fresh && current.lines().anyMatch(l -> !l.startsWith("#") && l.matches(".*\\btrust\\s*$"))) {
                throw new IllegalStateException("initdb wrote 'trust' into " + hba + " although the hub asked for"
                        + " scram-sha-256; the server was not started. Delete " + dir + " and report this (zonky's initdb"
                        + " arguments may have changed).");
            }
            if (!current.startsWith(HARDENED)) {
                Files.writeString(hba, HBA, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare " + dir + " for the server's start: " + e.getMessage(), e);
        }
    }

    /**
     * A hub killed with kill -9 leaves its PostgreSQL running, holding the port and the data folder. Called only
     * with the folder's {@link HubLock} held: a server found here belongs to a dead hub, never to a live one
     * (a second start used to stop the running hub's database; SecondStartIT).
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
     * Passwords and the analyst's limits are set anew at every start, so that changing their properties takes
     * effect. The analyst may connect to the hub's database only (not to "postgres" or "template1") and may make
     * temporary tables there.
     */
    private void createRolesAndDatabase(AnalystRole analyst) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE postgres PASSWORD " + literal(secrets.superuser()));
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                st.execute("CREATE ROLE \"" + user + "\" LOGIN");
            }
            st.execute("ALTER ROLE \"" + user + "\" LOGIN PASSWORD " + literal(secrets.hub()));
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = 'analyst'")) {
                st.execute("CREATE ROLE analyst NOLOGIN");
            }
            st.execute((analyst.canLogIn() ? "ALTER ROLE analyst LOGIN PASSWORD " + literal(analyst.password())
                    : "ALTER ROLE analyst NOLOGIN PASSWORD NULL") + " CONNECTION LIMIT " + analyst.connectionLimit());
            st.execute("ALTER ROLE analyst SET statement_timeout = " + analyst.statementTimeout().toMillis());
            // A transaction left open in a query tool would hold back the loader's table changes and vacuum.
            st.execute("ALTER ROLE analyst SET idle_in_transaction_session_timeout = " + analyst.statementTimeout().toMillis());
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                st.execute("CREATE DATABASE \"" + database + "\" OWNER \"" + user + "\" ENCODING 'UTF8'");
                st.execute("REVOKE ALL ON DATABASE \"" + database + "\" FROM PUBLIC");
            }
            st.execute("GRANT CONNECT, TEMPORARY ON DATABASE \"" + database + "\" TO analyst");
            for (String other : new String[] {"postgres", "template1"}) {
                st.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + other + " FROM PUBLIC");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the embedded database: " + e.getMessage(), e);
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
