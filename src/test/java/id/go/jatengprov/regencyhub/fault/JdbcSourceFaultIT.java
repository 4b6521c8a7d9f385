package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.intake.jdbc.MariaDbServer;

/**
 * A database source under {@code kill -9}: the packaged hub reads a MariaDB table every two seconds with a watermark
 * on its auto-increment id, and is killed while the query streams its rows, just after the rows became a batch (the
 * watermark committed with it), and while the batch's chunks load; rows are inserted while the hub is down too. After
 * the restarts every row is in the warehouse exactly once, and no row was read into two batches.
 */
class JdbcSourceFaultIT extends FaultSupport {

    static final String SOURCE = "fault-jdbc";
    static final String PASSWORD = "fault-maria-secret-3306";
    /** Rows inserted before each kill; each row sleeps a little in the query, so a run streams for about two seconds. */
    static final int ROWS_PER_ROUND = FULL ? 100_000 : 20_000;

    static MariaDbServer maria;
    static HubProcess hub;
    static Path runDir;
    static long nextMeter = 1_000_001;
    static FaultData.Truth inserted = FaultData.Truth.NONE;
    static final SplittableRandom RANDOM = new SplittableRandom(3306);

    @BeforeAll
    static void start() throws Exception {
        maria = MariaDbServer.start();
        maria.execute("CREATE DATABASE meter_src",
                "CREATE USER 'hub_reader'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT SELECT ON meter_src.* TO 'hub_reader'@'127.0.0.1'",
                "CREATE TABLE meter_src.meter_reading (id BIGINT AUTO_INCREMENT PRIMARY KEY, meter BIGINT NOT NULL,"
                        + " tahun INT NOT NULL, reading INT NOT NULL)");
        runDir = Path.of("target", "fault-runs", "jdbc-source").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        Path config = FaultData.writeConfig(runDir);
        Files.writeString(config.resolve("sources").resolve(SOURCE + ".yaml"), """
                id: %s
                regency: "33"
                dataset: fault_meter
                kind: jdbc
                schedule: "*/2 * * * * ?"
                jdbc:
                  url: "%s"
                  user: hub_reader
                  password-env: HUB_JDBC_SECRET_FAULT
                  query: "SELECT id, meter, CONCAT(tahun, '-01') AS periode, reading FROM meter_reading WHERE id > :#watermark AND SLEEP(0.0001) = 0 ORDER BY id"
                  watermark: { column: id, start: 0 }
                  fetch-size: 500
                mapping:
                  meter: { column: meter }
                  period: { column: periode }
                  reading: { column: reading }
                max-reject-ratio: 0
                """.formatted(SOURCE, maria.url("meter_src")));
        // a Spring property is looked up like an environment variable of the same name
        hub = HubProcess.in(runDir).with("hub.load.chunk-size", 2_000).with("HUB_JDBC_SECRET_FAULT", PASSWORD).build();
    }

    @AfterAll
    static void stop() {
        if (hub != null) hub.close();
        if (maria != null) maria.close();
    }

    @Test
    void killedWhileStreamingAfterRegisteringAndWhileLoadingEveryRowArrivesExactlyOnce() throws Exception {
        // rows are inserted once the hub is up, so that the run that takes them is under way when the hub is killed
        hub.start();
        insert(ROWS_PER_ROUND);
        List<String> kills = new ArrayList<>();
        kills.add(killWhen("streaming the query", JdbcSourceFaultIT::queryRunning));
        insert(1_000); // while the hub is down
        hub.start();
        insert(ROWS_PER_ROUND);
        kills.add(killWhen("registered, not yet queued", () -> batchesIn("RECEIVED") > 0));
        insert(1_000);
        hub.start();
        insert(ROWS_PER_ROUND);
        kills.add(killWhen("loading chunks", () -> batchesIn("QUEUED") > 0));
        insert(1_000);
        hub.start();

        long lastId = maxId();
        try (Connection c = hub.db()) {
            await("every row taken and every batch final").atMost(Duration.ofMinutes(FULL ? 15 : 4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> String.valueOf(lastId).equals(watermark(c)) && batches(c).stream().allMatch(BatchRow::isFinal));
        }
        assertExactlyOnce(hub, inserted);
        try (Connection c = hub.db()) {
            long readIntoLoadedBatches = count(c, "SELECT coalesce(sum(rows_read), 0) FROM hub.batch WHERE source_id = '" + SOURCE
                    + "' AND status LIKE 'LOADED%'");
            assertThat(readIntoLoadedBatches).as("no row read into two batches").isEqualTo(inserted.rows());
            assertThat(count(c, "SELECT count(*) FROM hub.batch WHERE source_id = '" + SOURCE + "' AND status = 'FAILED'")).isZero();
            report("jdbc kill-9", "3306", inserted, FaultData.warehouse(c, -1), "killed while " + String.join(", ", kills)
                    + "; " + count(c, "SELECT count(*) FROM hub.batch WHERE source_id = '" + SOURCE + "'") + " batches, hub starts: "
                    + hub.starts());
        }
    }

    /** Waits until {@code moment} holds, then kills the hub; fails if the moment never came. */
    private static String killWhen(String moment, Callable<Boolean> condition) {
        await("the hub " + moment).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(condition);
        hub.kill();
        return moment;
    }

    private static boolean queryRunning() throws SQLException {
        try (Connection c = maria.root(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM information_schema.PROCESSLIST WHERE USER = 'hub_reader' AND COMMAND IN ('Query', 'Execute')")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static long batchesIn(String status) throws SQLException {
        try (Connection c = hub.db()) {
            return count(c, "SELECT count(*) FROM hub.batch WHERE source_id = '" + SOURCE + "' AND status = '" + status + "'");
        } catch (SQLException notUpYet) {
            return 0;
        }
    }

    private static String watermark(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM hub.source_watermark WHERE source_id = '" + SOURCE + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Inserts rows of new meters, year 2024, random readings, and adds them to the truth. */
    private static void insert(int rows) throws SQLException {
        long sum = 0;
        BigInteger weighted = BigInteger.ZERO;
        try (Connection c = maria.root()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meter_src.meter_reading (meter, tahun, reading) VALUES (?, 2024, ?)")) {
                for (int i = 0; i < rows; i++) {
                    long meter = nextMeter++;
                    int reading = RANDOM.nextInt(100_001);
                    ps.setLong(1, meter);
                    ps.setInt(2, reading);
                    ps.addBatch();
                    sum += reading;
                    weighted = weighted.add(BigInteger.valueOf(meter).multiply(BigInteger.valueOf(reading)));
                    if (i % 1000 == 999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        // no amount, region or district from this database: their checksums stay 0
        inserted = inserted.plus(new FaultData.Truth(rows, sum, weighted, rows, 0, 0));
    }

    private static long maxId() throws SQLException {
        try (Connection c = maria.root(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(id) FROM meter_src.meter_reading")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
