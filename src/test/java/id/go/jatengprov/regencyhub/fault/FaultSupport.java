package id.go.jatengprov.regencyhub.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.assertj.core.api.SoftAssertions;

/**
 * What every fault scenario checks at its end, and the report it prints: for each scenario and seed,
 * the truth beside what the warehouse holds, and the stages its faults struck ({@link Stage.Coverage}).
 * Reduced form by default (small files, 3 kill seeds, outages of seconds); {@code -Dfault.full=true} gives
 * the full form (1,000,000 rows, 20 kill seeds, 60 s outages).
 */
abstract class FaultSupport {

    static final boolean FULL = Boolean.getBoolean("fault.full");
    static final Path REPORT = Path.of("target", "fault-report.txt");

    static {
        // This JVM has no Spring Boot logging setup: keep the libraries it uses (zonky, ActiveMQ client) quiet.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    static void report(String scenario, Object seed, FaultData.Truth truth, FaultData.Truth warehouse, String notes) {
        boolean ok = truth.equals(warehouse);
        String line = String.format("%-22s seed=%-6s %-4s truth[%s] warehouse[%s] %s", scenario, seed,
                ok ? "OK" : "DIFF", truth, warehouse, notes == null ? "" : notes);
        System.out.println("FAULT-REPORT " + line);
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, OffsetDateTime.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + REPORT + ": " + e);
        }
    }

    /** Prints and keeps how often a scenario's faults struck each stage. */
    static void reportCoverage(Stage.Coverage coverage) {
        String text = "stages struck by " + coverage.scenario() + ":\n" + coverage.table();
        System.out.println("FAULT-REPORT " + text);
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, OffsetDateTime.now() + " " + text, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + REPORT + ": " + e);
        }
    }

    /** Fails unless the scenario's faults struck a delivery in every working stage at least once. */
    static void assertEveryStageStruck(Stage.Coverage coverage) {
        if (!coverage.missing().isEmpty()) {
            throw new AssertionError(coverage.scenario() + ": no fault struck a delivery while it was " + coverage.missing()
                    .stream().map(Stage::label).toList() + ", so the scenario proves nothing about those stages. Faults struck:\n"
                    + coverage.hits());
        }
    }

    /** The hub's answer to a delivery (a drop has none: it counts as accepted). */
    record Answer(int status, String body) {}

    /** Uploads a file to the fault source in the background; {@code held} (or null) holds its body half sent. */
    static CompletableFuture<Answer> upload(HubProcess hub, Path input, HeldBody held) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<String> r = hub.post("/api/v1/sources/" + FaultData.SOURCE + "/uploads", "text/csv",
                        held == null ? HttpRequest.BodyPublishers.ofFile(input) : held.publisher());
                return new Answer(r.statusCode(), r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** A connection to the hub's database that reconnects after the hub (or the database) was restarted. */
    static final class Db implements AutoCloseable {
        private final HubProcess hub;
        private Connection c;

        Db(HubProcess hub) {
            this.hub = hub;
        }

        Connection conn() throws SQLException {
            if (c == null || !c.isValid(2)) {
                close();
                c = hub.db();
            }
            return c;
        }

        /** Where the probe's delivery is now, or null while the database does not answer. */
        Stage.Seen seen(Stage.Probe probe) {
            try {
                return probe.seen(conn());
            } catch (SQLException e) {
                return null;
            }
        }

        @Override
        public void close() {
            try {
                if (c != null) c.close();
            } catch (SQLException ignored) {
                // the server went away
            }
            c = null;
        }
    }

    /**
     * Uploads a file as a careful client does after an outage: again, every 2 s, while the hub answers 503 (its
     * database is down or starting) or not at all, until it is taken (202, or 200 for a DUPLICATE).
     */
    static CompletableFuture<Answer> uploadUntilTaken(HubProcess hub, Path input) {
        return CompletableFuture.supplyAsync(() -> await("upload of " + input.getFileName() + " taken")
                .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    try {
                        return upload(hub, input, null).get();
                    } catch (ExecutionException e) {
                        return new Answer(-1, String.valueOf(e.getCause()));
                    }
                }, a -> a.status() == 200 || a.status() == 202));
    }

    /** A row of hub.batch as the checks need it. */
    record BatchRow(long id, String file, String status, Integer chunksTotal, int chunksLoaded, long logged,
                    long rowsRead, long rowsLoaded, long rejected, String message) {
        boolean isFinal() {
            return !status.equals("RECEIVED") && !status.equals("QUEUED");
        }
    }

    static List<BatchRow> batches(Connection c) throws SQLException {
        List<BatchRow> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT id, file_name, status, chunks_total, chunks_loaded,
                       (SELECT count(*) FROM hub.load_log l WHERE l.batch_id = b.id),
                       rows_read, rows_loaded, rows_rejected + rows_rejected_load, message
                FROM hub.batch b ORDER BY id""")) {
            while (rs.next()) {
                out.add(new BatchRow(rs.getLong(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10)));
            }
        }
        return out;
    }

    /**
     * The end state every scenario must reach: the warehouse equals the truth, no natural key twice,
     * every batch final, every loaded batch with all its chunks in the load log exactly once, nothing
     * dead-lettered and the dead-letter queue empty.
     */
    static void assertExactlyOnce(HubProcess hub, FaultData.Truth truth) throws Exception {
        SoftAssertions soft = new SoftAssertions();
        try (Connection c = hub.db()) {
            FaultData.Truth wh = FaultData.warehouse(c, -1);
            soft.assertThat(wh).as("warehouse vs truth").isEqualTo(truth);
            soft.assertThat(wh.distinctKeys()).as("no natural key twice").isEqualTo(wh.rows());
            for (BatchRow b : batches(c)) {
                soft.assertThat(b.isFinal()).as("batch %s (%s) final, is %s", b.id(), b.file(), b.status()).isTrue();
                if (b.status().startsWith("LOADED")) {
                    soft.assertThat(b.logged()).as("batch %s: load_log rows = chunks", b.id()).isEqualTo(b.chunksTotal().longValue());
                    soft.assertThat(b.chunksLoaded()).as("batch %s: chunks_loaded", b.id()).isEqualTo(b.chunksTotal().intValue());
                }
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM hub.chunk_failure WHERE dead_lettered")) {
                rs.next();
                soft.assertThat(rs.getLong(1)).as("dead-lettered chunks").isZero();
            }
        }
        soft.assertThat(hub.deadLetters()).as("GET /api/v1/dead-letters count").isZero();
        soft.assertAll();
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
