package id.go.jatengprov.regencyhub.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL 17 that the test runs itself (zonky's binaries), for the hub to use as an external
 * database: so that the test, not the hub, can crash it and start it again on the same files and port.
 */
final class ExternalPostgres implements AutoCloseable {

    static final String HUB_PASSWORD = "fault-hub-db-secret";

    private final Path dir;
    private final int port;
    private final Path log;
    private EmbeddedPostgres pg;

    ExternalPostgres(Path dir, int port, Path log) {
        this.dir = dir;
        this.port = port;
        this.log = log;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/regency_hub";
    }

    /** Starts the server on its folder (initdb the first time) with durable settings, as a production server has. */
    ExternalPostgres start() throws IOException {
        boolean fresh = !Files.exists(dir.resolve("postgresql.conf"));
        pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(120))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on") // the library's default is off: a commit could be lost
                .setServerConfig("full_page_writes", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (fresh) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE hub LOGIN PASSWORD '" + HUB_PASSWORD + "'");
                st.execute("CREATE ROLE analyst NOLOGIN");
                st.execute("CREATE DATABASE regency_hub OWNER hub");
            } catch (SQLException e) {
                throw new IOException("cannot prepare the external database: " + e.getMessage(), e);
            }
        }
        return this;
    }

    /** The postmaster's process id (its backends are its children). */
    long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    }

    /**
     * A crash: {@code kill -9} of the postmaster and every backend (no checkpoint, no clean shutdown; the
     * next start replays the WAL), as {@code pg_ctl stop -m immediate} or a power cut would leave it.
     */
    void crash() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no postmaster " + pid));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        await("PostgreSQL processes gone").atMost(Duration.ofSeconds(30))
                .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
        pg.close(); // pg_ctl stop fails (nothing runs); this releases the library's lock on the folder
        pg = null;
    }

    @Override
    public void close() throws IOException {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }
}
