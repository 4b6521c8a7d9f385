package id.go.jatengprov.regencyhub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.RegencyHubApplication;

/**
 * A million rows leave through the rows API of a hub whose JVM has 256 MB of heap: the export streams from a cursor,
 * so an implementation that collected the rows (a million maps of 18 columns: well over a gigabyte) would run out of
 * memory. The hub runs in a JVM of its own, so that its heap limit and its resident memory can be measured; the table
 * is filled with generate_series in SQL (intake is not what this measures). Kota Semarang's account gets its own
 * districts' rows only.
 */
class RowsExportMemoryTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String OPERATOR = "memory-operator-secret";
    private static final String SEMARANG = "memory-semarang-secret";

    @TempDir Path dir;

    @Test
    void aMillionRowsStreamFromAHubWith256MegabytesOfHeap() throws Exception {
        Path config = dir.resolve("config");
        copy(Path.of("config"), config);
        try (Stream<Path> s = Files.list(config.resolve("sources"))) {
            for (Path p : s.toList()) {
                String yaml = Files.readString(p);
                if (yaml.contains("kind: http") || yaml.contains("kind: ckan")) Files.delete(p);
            }
        }
        int httpPort = freePort();
        int dbPort = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RegencyHubApplication.class.getName(), "--hub.config-dir=" + config, "--hub.data-dir=" + dir.resolve("data"),
                "--hub.routes-dir=" + dir.resolve("routes"), "--hub.embedded-db.port=" + dbPort, "--server.port=" + httpPort,
                "--server.address=127.0.0.1", "--hub.security.operator.password=" + OPERATOR,
                "--hub.security.regencies.3374.password=" + SEMARANG, "--hub.reload.interval=1h"));
        Files.createDirectories(dir.resolve("routes"));
        Process hub = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("hub.log").toFile()).start();
        try {
            await("the hub up").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!hub.isAlive()) throw new AssertionError("the hub exited: " + tail());
                return status(httpPort, "/actuator/health", null) == 200;
            });
            long rows;
            long semarangRows;
            try (Connection c = hubDatabase(dbPort); Statement st = c.createStatement()) {
                st.execute("""
                        INSERT INTO warehouse.population (region, period, sex, population, _source, _batch, _row)
                        SELECT r.code, make_date(y, 1, 1), s, y * 7 + length(r.code), 'memory-test', 1, y * 10000 + length(r.name)
                        FROM warehouse.region r CROSS JOIN generate_series(1200, 2068) y CROSS JOIN unnest(ARRAY['L', 'P']) s
                        WHERE r.level = 'district'""");
                rows = count(st, "SELECT count(*) FROM warehouse.population");
                semarangRows = count(st, "SELECT count(*) FROM warehouse.population WHERE region LIKE '33.74.%'");
            }
            assertThat(rows).isGreaterThan(1_000_000);

            long started = System.nanoTime();
            Export all = export(httpPort, "operator:" + OPERATOR, "/api/v1/datasets/population/rows?format=csv");
            long millis = (System.nanoTime() - started) / 1_000_000;
            long peakRssMb = peakRssKb(hub.pid()) / 1024;
            System.out.printf("exported %,d rows (%,d bytes) in %d ms; hub's peak RSS %d MB with -Xmx256m%n", all.lines() - 1,
                    all.bytes(), millis, peakRssMb);
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.lines() - 1).isEqualTo(rows);
            assertThat(all.first()).startsWith("\"region\",\"region_name\"");
            assertThat(hub.isAlive()).as("the hub survived the export").isTrue();
            // heap (256 MB) + metaspace, code and the threads of Spring, Camel and ActiveMQ; a collecting export would
            // have failed with OutOfMemoryError long before
            assertThat(peakRssMb).as("peak RSS of the hub (MB)").isLessThan(600);

            Export own = export(httpPort, "3374:" + SEMARANG, "/api/v1/datasets/population/rows");
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.lines() - 1).isEqualTo(semarangRows);
            assertThat(own.allOwn()).as("every row is in Kota Semarang").isTrue();
        } finally {
            hub.destroy();
            if (!hub.waitFor(90, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
                hub.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    record Export(int status, long lines, long bytes, String first, boolean allOwn) {}

    /** Reads the answer as it streams, keeping nothing but counts. */
    private static Export export(int port, String credentials, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<InputStream> res = HTTP.send(r, HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        long bytes = 0;
        String first = null;
        boolean own = true;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (first == null) first = line;
                else own &= line.startsWith("\"33.74.");
                lines++;
                bytes += line.length() + 2;
            }
        }
        return new Export(res.statusCode(), lines, bytes, first, own);
    }

    private static int status(int port, String path, String credentials) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
            return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The hub's own role, with the password the embedded database keeps in the data folder. */
    private Connection hubDatabase(int dbPort) throws Exception {
        Properties secrets = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("data/postgres.secrets"))) {
            secrets.load(r);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/regency_hub", "hub", secrets.getProperty("hub"));
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** VmHWM: the highest resident set size the process has had. */
    private static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("hub.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
