package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.intake.jdbc.MariaDbServer;
import id.go.jatengprov.regencyhub.intake.jdbc.SourceDatabases;
import id.go.jatengprov.regencyhub.intake.poll.SourceState;

/**
 * A regency's MariaDB database as a source, on a real MariaDB server started for this class: a watermark on an
 * auto-increment id (the first run takes every row, the next only new ones, rows inserted between runs arrive once)
 * and on a DATETIME column; the session is read-only even for a function that writes; the driver streams the rows.
 */
class JdbcSourceMariaDbTest extends JdbcSourceTestSupport {

    static final String SOURCE = "it-jdbc-maria";
    static final String SECRET = "HUB_JDBC_SECRET_IT_MARIA";
    static final String PASSWORD = "maria-src-secret-8086";
    static MariaDbServer maria;

    @Autowired SourceDatabases databases;

    @BeforeAll
    static void startMariaDb() throws SQLException {
        maria = MariaDbServer.start();
        maria.execute("CREATE DATABASE regency_src CHARACTER SET utf8mb4",
                "CREATE USER 'hub_reader'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT ALL ON regency_src.* TO 'hub_reader'@'127.0.0.1'",
                "CREATE TABLE regency_src.penduduk (id BIGINT AUTO_INCREMENT PRIMARY KEY, kode_kec VARCHAR(20), tahun INT,"
                        + " jk CHAR(1), jumlah INT, updated_at DATETIME(6) NOT NULL)",
                "CREATE FUNCTION regency_src.tulis() RETURNS INT MODIFIES SQL DATA BEGIN"
                        + " INSERT INTO regency_src.penduduk (kode_kec, tahun, jk, jumlah, updated_at) VALUES ('33.74.01', 2020, 'L', 1, NOW(6));"
                        + " RETURN 1; END");
    }

    @AfterAll
    static void stopMariaDb() {
        if (maria != null) maria.close();
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        maria.execute("TRUNCATE regency_src.penduduk");
        System.setProperty(SECRET, PASSWORD);
    }

    @AfterEach
    void removeTheSources() throws Exception {
        removeSources(SOURCE, "it-jdbc-maria-write");
    }

    String yaml(String id, String query, String watermark) {
        return """
                id: %s
                regency: "33.74"
                dataset: population
                kind: jdbc
                schedule: "0 0 0 1 1 ? 2099"
                jdbc:
                  url: "%s"
                  user: hub_reader
                  password-env: %s
                  query: "%s"
                %s  fetch-size: 2
                """.formatted(id, maria.url("regency_src"), SECRET, query, watermark == null ? "" : "  watermark: " + watermark + "\n")
                + POPULATION_MAPPING;
    }

    void insert(String... rows) throws SQLException {
        for (String r : rows) {
            maria.execute("INSERT INTO regency_src.penduduk (kode_kec, tahun, jk, jumlah, updated_at) VALUES " + r);
        }
    }

    @Test
    void anAutoIncrementWatermarkTakesEveryRowOnceAndRowsInsertedBetweenRunsArriveOnce() throws Exception {
        source(SOURCE, yaml(SOURCE, "SELECT id, kode_kec, tahun, jk, jumlah FROM penduduk WHERE id > :#watermark ORDER BY id",
                "{ column: id, start: 0 }"));
        insert("('33.74.10', 2023, 'L', 94000, NOW(6))", "('33.74.10', 2023, 'P', 95500, NOW(6))",
                "('33.74.11', 2023, 'L', 70100, NOW(6))");
        Batch b1 = batch(runNow(SOURCE));
        assertThat(b1.status()).as(b1.message()).isEqualTo(BatchStatus.LOADED);
        assertThat(b1.rowsRead()).isEqualTo(3);
        assertThat(watermark(SOURCE)).isEqualTo("3");

        insert("('33.74.11', 2023, 'P', 71200, NOW(6))", "('33.74.12', 2023, 'L', 45000, NOW(6))");
        Batch b2 = batch(runNow(SOURCE));
        assertThat(b2.status()).as(b2.message()).isEqualTo(BatchStatus.LOADED);
        assertThat(b2.rowsRead()).as("only the rows inserted since").isEqualTo(2);
        assertThat(watermark(SOURCE)).isEqualTo("5");
        assertThat(population(SOURCE)).containsExactly("33.74.10|2023|L|94000", "33.74.10|2023|P|95500",
                "33.74.11|2023|L|70100", "33.74.11|2023|P|71200", "33.74.12|2023|L|45000");

        SourceState third = runNow(SOURCE);
        assertThat(third.lastOutcome()).isEqualTo("UNCHANGED");
        List<Batch> all = batches.list(SOURCE, null, null, 10, 0);
        assertThat(all).hasSize(2);
        assertThat(all.stream().mapToLong(Batch::rowsRead).sum()).as("each row read once").isEqualTo(5);
    }

    @Test
    void aDateTimeWatermarkIsBoundAsADateTime() throws Exception {
        source(SOURCE, yaml(SOURCE, "SELECT kode_kec, tahun, jk, jumlah, updated_at FROM penduduk"
                + " WHERE updated_at > :#watermark ORDER BY updated_at", "{ column: updated_at, start: \"2024-01-01 00:00:00\" }"));
        insert("('33.74.01', 2022, 'L', 1, '2023-12-31 23:59:59.999999')", "('33.74.01', 2023, 'L', 2, '2024-01-01 00:00:00.000001')",
                "('33.74.01', 2024, 'L', 3, '2024-03-05 10:00:00')");
        Batch b = batch(runNow(SOURCE));
        assertThat(b.status()).as(b.message()).isEqualTo(BatchStatus.LOADED);
        assertThat(population(SOURCE)).containsExactly("33.74.01|2023|L|2", "33.74.01|2024|L|3");
        assertThat(watermark(SOURCE)).isEqualTo("2024-03-05T10:00:00");
    }

    @Test
    void theSessionIsReadOnlyEvenForAFunctionThatWrites() throws Exception {
        source("it-jdbc-maria-write", yaml("it-jdbc-maria-write",
                "SELECT tulis() AS jumlah, '33.74.01' AS kode_kec, 2020 AS tahun, 'L' AS jk", null));
        SourceState s = runNow("it-jdbc-maria-write");
        assertThat(s.lastOutcome()).isEqualTo("FAILED");
        assertThat(s.lastMessage()).contains("READ ONLY transaction");
        try (Connection c = maria.root(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM regency_src.penduduk")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void theDriverStreamsTheRowsAFetchAtATimeOnTheHubsConnection() throws Exception {
        source(SOURCE, yaml(SOURCE, "SELECT kode_kec, tahun, jk, jumlah FROM penduduk", null));
        insert("('33.74.01', 2020, 'L', 1, NOW(6))", "('33.74.02', 2020, 'L', 1, NOW(6))", "('33.74.03', 2020, 'L', 1, NOW(6))");
        try (Connection c = databases.of(SOURCE).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT kode_kec FROM penduduk")) {
            assertThat(c.isReadOnly()).isTrue();
            assertThat(c.getAutoCommit()).isFalse();
            ps.setFetchSize(2);
            try (ResultSet rs = ps.executeQuery()) {
                // MariaDB Connector/J streams for any fetch size > 0 (MySQL's Connector/J wanted Integer.MIN_VALUE)
                assertThat(rs.getClass().getSimpleName()).isEqualTo("StreamingResult");
                int n = 0;
                while (rs.next()) n++;
                assertThat(n).isEqualTo(3);
            }
        }
    }
}
