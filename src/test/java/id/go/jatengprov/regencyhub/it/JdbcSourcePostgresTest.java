package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.intake.jdbc.JdbcProperties;
import id.go.jatengprov.regencyhub.intake.jdbc.SourceDatabases;
import id.go.jatengprov.regencyhub.intake.poll.SourceState;

/**
 * A regency's PostgreSQL database as a source: a second database, {@code regency_src}, in the test hub's embedded
 * PostgreSQL, owned by a role that may write to it. The hub reads it on "run now" with a watermark on
 * {@code updated_at}: the first run takes every row, the next ones only rows changed since, each row version once;
 * the query can write nothing and is cancelled past the statement timeout.
 */
class JdbcSourcePostgresTest extends JdbcSourceTestSupport {

    static final String SOURCE = "it-jdbc-pg";
    static final String SECRET = "HUB_JDBC_SECRET_IT_PG";
    static final String PASSWORD = "pg-src-secret-5150";
    private static boolean created;

    @Autowired JdbcProperties jdbcSettings;
    @Autowired SourceDatabases databases;
    private Duration sharedTimeout;

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + DB_PORT + "/regency_src";
    }

    @BeforeEach
    void regencyDatabase() throws Exception {
        if (!created) {
            try (Connection su = superuser(); Statement st = su.createStatement()) {
                st.execute("CREATE ROLE src_owner LOGIN PASSWORD '" + PASSWORD + "'");
                st.execute("CREATE DATABASE regency_src OWNER src_owner");
            }
            try (Statement st = regency().createStatement()) {
                st.execute("CREATE TABLE penduduk (kode_kec text, tahun integer, jk text, jumlah integer,"
                        + " updated_at timestamp(6) NOT NULL)");
            }
            created = true;
        }
        try (Connection c = regency(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE penduduk");
        }
        // read through Spring's environment, as a variable of the hub's process would be
        System.setProperty(SECRET, PASSWORD);
        sharedTimeout = jdbcSettings.getQueryTimeout();
    }

    @AfterEach
    void removeTheSources() throws Exception {
        jdbcSettings.setQueryTimeout(sharedTimeout);
        removeSources(SOURCE, "it-jdbc-pg-write", "it-jdbc-pg-slow");
    }

    Connection regency() throws SQLException {
        return DriverManager.getConnection(url(), "src_owner", PASSWORD);
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = regency(); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        }
    }

    String yaml(String id, String query, boolean watermark) {
        return """
                id: %s
                regency: "33.74"
                dataset: population
                kind: jdbc
                schedule: "0 0 0 1 1 ? 2099"
                jdbc:
                  url: "%s"
                  user: src_owner
                  password-env: %s
                  query: "%s"
                %s  fetch-size: 2
                """.formatted(id, url(), SECRET, query,
                watermark ? "  watermark: { column: updated_at, start: \"2000-01-01 00:00:00\" }\n" : "") + POPULATION_MAPPING;
    }

    @Test
    void theFirstRunTakesEveryRowTheNextOnlyChangedOnesAndEachRowVersionArrivesOnce() throws Exception {
        source(SOURCE, yaml(SOURCE, "SELECT kode_kec, tahun, jk, jumlah, updated_at FROM penduduk"
                + " WHERE updated_at > :#watermark ORDER BY updated_at", true));
        sql("INSERT INTO penduduk VALUES ('33.74.01', 2023, 'L', 30125, '2024-05-01 08:00:00.000001'),"
                + " ('33.74.01', 2023, 'P', 31240, '2024-05-01 08:00:00.000002'),"
                + " ('33.74.02', 2023, 'L', 58310, '2024-05-01 08:00:00.000003'),"
                + " ('33.74.02', 2023, 'P', 59022, '2024-05-02 09:30:00')");

        SourceState first = runNow(SOURCE);
        Batch b1 = batch(first);
        assertThat(b1.status()).as(b1.message()).isEqualTo(BatchStatus.LOADED);
        assertThat(b1.origin()).isEqualTo(Origin.JDBC);
        assertThat(b1.rowsRead()).isEqualTo(4);
        assertThat(watermark(SOURCE)).isEqualTo("2024-05-02T09:30:00");
        assertThat(population(SOURCE)).containsExactly("33.74.01|2023|L|30125", "33.74.01|2023|P|31240",
                "33.74.02|2023|L|58310", "33.74.02|2023|P|59022");

        // between runs: a new row, and a corrected one (its updated_at moves on)
        sql("INSERT INTO penduduk VALUES ('33.74.16', 2023, 'L', 15000, '2024-05-03 10:00:00')",
                "UPDATE penduduk SET jumlah = 30126, updated_at = '2024-05-03 11:00:00' WHERE kode_kec = '33.74.01' AND jk = 'L'");
        SourceState second = runNow(SOURCE);
        Batch b2 = batch(second);
        assertThat(b2.id()).isNotEqualTo(b1.id());
        assertThat(b2.status()).as(b2.message()).isEqualTo(BatchStatus.LOADED);
        assertThat(b2.rowsRead()).as("only the two rows changed since the first run").isEqualTo(2);
        assertThat(watermark(SOURCE)).isEqualTo("2024-05-03T11:00:00");
        assertThat(population(SOURCE)).containsExactly("33.74.01|2023|L|30126", "33.74.01|2023|P|31240",
                "33.74.02|2023|L|58310", "33.74.02|2023|P|59022", "33.74.16|2023|L|15000");

        SourceState third = runNow(SOURCE);
        assertThat(third.lastOutcome()).isEqualTo("UNCHANGED");
        assertThat(third.lastMessage()).isEqualTo("no rows after watermark 2024-05-03T11:00:00");
        List<Batch> all = batches.list(SOURCE, null, null, 10, 0);
        assertThat(all).hasSize(2);
        assertThat(all.stream().mapToLong(Batch::rowsRead).sum()).as("each row version read once").isEqualTo(6);
    }

    @Test
    void aBatchThatFailsIsAskedForAgainOnceTheDataIsCorrected() throws Exception {
        source(SOURCE, yaml(SOURCE, "SELECT kode_kec, tahun, jk, jumlah, updated_at FROM penduduk"
                + " WHERE updated_at > :#watermark ORDER BY updated_at", true));
        sql("INSERT INTO penduduk VALUES ('Kecamatan Atlantis', 2023, 'L', 1, '2024-06-01 00:00:00'),"
                + " ('Kecamatan Atlantis', 2023, 'P', 2, '2024-06-01 00:00:01')");
        SourceState failed = runNow(SOURCE);
        assertThat(failed.lastOutcome()).isEqualTo("FAILED");
        assertThat(batch(failed).status()).isEqualTo(BatchStatus.FAILED);

        // the regency corrects the rows in place, without touching updated_at
        sql("UPDATE penduduk SET kode_kec = '33.74.05'");
        SourceState fixed = runNow(SOURCE);
        Batch b = batch(fixed);
        assertThat(b.status()).as(b.message()).isEqualTo(BatchStatus.LOADED);
        assertThat(b.rowsRead()).isEqualTo(2);
        assertThat(population(SOURCE)).containsExactly("33.74.05|2023|L|1", "33.74.05|2023|P|2");
    }

    @Test
    void theQueryRunsInAReadOnlyTransactionEvenForAnAccountThatMayWrite() throws Exception {
        source("it-jdbc-pg-write", yaml("it-jdbc-pg-write", "WITH x AS (INSERT INTO penduduk VALUES"
                + " ('33.74.01', 2020, 'L', 1, now()) RETURNING *) SELECT kode_kec, tahun, jk, jumlah FROM x", false));
        SourceState s = runNow("it-jdbc-pg-write");
        assertThat(s.lastOutcome()).isEqualTo("FAILED");
        assertThat(s.lastMessage()).contains("read-only transaction");
        try (Connection c = regency(); Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM penduduk")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        assertThat(batches.list("it-jdbc-pg-write", null, null, 10, 0)).isEmpty();
    }

    @Test
    void aQueryOverTheStatementTimeoutIsCancelled() throws Exception {
        jdbcSettings.setQueryTimeout(Duration.ofSeconds(1));
        source("it-jdbc-pg-slow", yaml("it-jdbc-pg-slow",
                "SELECT kode_kec, tahun, jk, jumlah FROM penduduk, pg_sleep(4)", false));
        long t0 = System.nanoTime();
        SourceState s = runNow("it-jdbc-pg-slow");
        assertThat(s.lastOutcome()).isEqualTo("FAILED");
        assertThat(s.lastMessage()).contains("statement timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void theRowsStreamThroughACursorInTheHubsReadOnlyTransaction() throws Exception {
        source(SOURCE, yaml(SOURCE, "SELECT kode_kec, tahun, jk, jumlah FROM penduduk", false));
        sql("INSERT INTO penduduk SELECT '33.74.01', 2000 + g, 'L', g, now() FROM generate_series(1, 5) g");
        try (Connection c = databases.of(SOURCE).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT kode_kec FROM penduduk")) {
            assertThat(c.isReadOnly()).isTrue();
            assertThat(c.getAutoCommit()).isFalse();
            ps.setFetchSize(2);
            try (ResultSet rs = ps.executeQuery(); Statement st = c.createStatement();
                 ResultSet cursors = st.executeQuery("SELECT count(*) FROM pg_cursors WHERE name <> ''")) {
                assertThat(rs.next()).isTrue();
                cursors.next();
                assertThat(cursors.getLong(1)).as("PostgreSQL keeps the rest of the result behind a cursor").isEqualTo(1);
            }
        }
    }

    @Test
    void aPasswordVariableThatIsNotSetIsNamed() throws Exception {
        source(SOURCE, yaml(SOURCE, "SELECT kode_kec, tahun, jk, jumlah FROM penduduk", false)
                .replace(SECRET, "HUB_JDBC_SECRET_IT_NOT_SET"));
        SourceState s = runNow(SOURCE);
        assertThat(s.lastOutcome()).isEqualTo("FAILED");
        assertThat(s.lastMessage()).contains("HUB_JDBC_SECRET_IT_NOT_SET, which is not set").doesNotContain(PASSWORD);
    }
}
