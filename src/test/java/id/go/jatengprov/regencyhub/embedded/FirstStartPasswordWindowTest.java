package id.go.jatengprov.regencyhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.embedded.PostgresProbe.Outcome;

/**
 * The security review's finding: during a first start the embedded PostgreSQL let anyone on the machine log in
 * as superuser without a password (initdb's "trust", and a socket in /tmp) until the hub had set passwords. Here
 * a second thread tries to log in without the password, as postgres and as the hub's role, over TCP (IPv4 and
 * IPv6) and over any Unix socket of the server it can find, from before initdb until the start returns.
 */
class FirstStartPasswordWindowTest {

    @TempDir Path tmp;

    @Test
    void nobodyLogsInWithoutThePasswordAtAnyMomentOfAFirstStart() throws Exception {
        Path dataDir = tmp.resolve("data");
        int port = freePort();
        Prober prober = new Prober(port, dataDir);
        Thread thread = new Thread(prober, "login-prober");
        thread.start();
        EmbeddedDatabase db = null;
        try {
            await("the prober runs before initdb").atMost(Duration.ofSeconds(10)).until(() -> prober.attempts.get() >= 5);
            DataFolders.prepare(dataDir);
            try (HubLock claim = HubLock.acquire(dataDir)) {
                db = EmbeddedDatabase.start(claim, port, "regency_hub", "hub", EmbeddedDatabase.AnalystRole.disabled());
                prober.stop.set(true);
                thread.join(30_000);

                Map<Outcome, Integer> seen = prober.counts();
                System.out.println("login attempts without the password during a first start: " + seen);
                assertThat(seen.getOrDefault(Outcome.LOGGED_IN, 0)).as("logins without the password: %s, via %s", seen,
                        prober.breaches).isZero();
                assertThat(seen.getOrDefault(Outcome.REFUSED, 0)).as("attempts before the server listened: %s", seen).isPositive();
                assertThat(seen.getOrDefault(Outcome.PASSWORD_DEMANDED, 0) + seen.getOrDefault(Outcome.PASSWORD_FAILED, 0))
                        .as("attempts the running server answered by asking for, or refusing, the password: %s", seen).isPositive();
                assertThat(prober.socketsSeen).as("Unix sockets of the server").isEmpty();
                assertThat(serverSockets(port, dataDir)).as("Unix sockets of the server after the start").isEmpty();

                try (Connection c = DriverManager.getConnection(db.superuserJdbcUrl("postgres"), "postgres", db.superuserPassword());
                     Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW unix_socket_directories")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("unix_socket_directories").isEmpty();
                }
                try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                    assertThat(c.isValid(5)).isTrue();
                }
                assertThat(dataDir.resolve("postgres.pwfile")).as("initdb's password file, deleted").doesNotExist();
                assertThat(Files.readString(dataDir.resolve("postgres").resolve("pg_hba.conf")))
                        .isEqualTo(EmbeddedDatabase.HBA).doesNotContain("trust");
            }
        } finally {
            prober.stop.set(true);
            thread.join(30_000);
            if (db != null) db.close();
        }
    }

    /** Tries every way in without a password, again and again, counting what the server answered. */
    static final class Prober implements Runnable {
        final int port;
        final Path dataDir;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger attempts = new AtomicInteger();
        final Map<Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        final List<String> breaches = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Path> socketsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();

        Prober(int port, Path dataDir) {
            this.port = port;
            this.dataDir = dataDir;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                record("tcp4 postgres", PostgresProbe.withoutPassword(PostgresProbe.tcp("127.0.0.1", port), "postgres", "postgres"));
                record("tcp6 postgres", PostgresProbe.withoutPassword(PostgresProbe.tcp("::1", port), "postgres", "postgres"));
                record("tcp4 hub", PostgresProbe.withoutPassword(PostgresProbe.tcp("127.0.0.1", port), "hub", "regency_hub"));
                record("jdbc postgres", PostgresProbe.withWrongPassword(port, "postgres", "postgres"));
                record("jdbc hub", PostgresProbe.withWrongPassword(port, "hub", "postgres"));
                for (Path socket : serverSockets(port, dataDir)) {
                    if (!socketsSeen.contains(socket)) socketsSeen.add(socket);
                    record("unix " + socket + " postgres", PostgresProbe.withoutPassword(UnixDomainSocketAddress.of(socket), "postgres", "postgres"));
                    record("unix " + socket + " hub", PostgresProbe.withoutPassword(UnixDomainSocketAddress.of(socket), "hub", "postgres"));
                }
                attempts.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // pacing, so the prober leaves the server some CPU
            }
        }

        private void record(String how, Outcome o) {
            outcomes.computeIfAbsent(o, k -> new AtomicInteger()).incrementAndGet();
            if (o == Outcome.LOGGED_IN) breaches.add(how);
        }

        Map<Outcome, Integer> counts() {
            Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
            outcomes.forEach((k, v) -> m.put(k, v.get()));
            return m;
        }
    }

    /** Sockets named for the server's port in the usual socket folders, the temp folder and the data folder. */
    static List<Path> serverSockets(int port, Path dataDir) {
        String name = ".s.PGSQL." + port;
        List<Path> found = new ArrayList<>();
        for (Path dir : List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/tmp"), Path.of("/var/run/postgresql"))) {
            if (Files.exists(dir.resolve(name)) && !found.contains(dir.resolve(name))) found.add(dir.resolve(name));
        }
        if (Files.isDirectory(dataDir)) {
            try (Stream<Path> s = Files.find(dataDir, 3, (p, a) -> p.getFileName().toString().equals(name))) {
                s.forEach(found::add);
            } catch (IOException | UncheckedIOException e) {
                // the folder changes under the walk during initdb; the next round looks again
            }
        }
        return found;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
