package id.go.jatengprov.regencyhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A data folder made by an earlier version (initdb with "trust", passwords set afterwards, then the hardened
 * pg_hba.conf) starts with this version and keeps its data; its world-readable data folder is tightened.
 */
class EarlierDataFolderTest {

    /** A line an operator added to the hub's pg_hba.conf: kept. */
    static final String OPERATORS_LINE = "host  regency_hub analyst 10.0.0.0/8 scram-sha-256\n";

    @TempDir Path tmp;

    @Test
    void aFolderOfAnEarlierVersionStartsWithItsDataAndPasswords() throws Exception {
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = FirstStartPasswordWindowTest.freePort();
        Secrets secrets = Secrets.loadOrCreate(dataDir.resolve("postgres.secrets"));
        makeAsEarlierVersionsDid(dataDir.resolve("postgres"), port, secrets);

        DataFolders.prepare(dataDir);
        try (HubLock claim = HubLock.acquire(dataDir);
             EmbeddedDatabase db = EmbeddedDatabase.start(claim, port, "regency_hub", "hub", EmbeddedDatabase.AnalystRole.disabled())) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "hub", secrets.hub());
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT x FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            assertThat(PostgresProbe.withoutPassword(PostgresProbe.tcp("127.0.0.1", port), "postgres", "postgres"))
                    .isEqualTo(PostgresProbe.Outcome.PASSWORD_DEMANDED);
            assertThat(PostgresProbe.withWrongPassword(port, "postgres", "postgres")).isEqualTo(PostgresProbe.Outcome.PASSWORD_FAILED);
            assertThat(Files.readString(dataDir.resolve("postgres/pg_hba.conf"))).as("the hub's file, with the operator's line")
                    .isEqualTo(EmbeddedDatabase.HBA + OPERATORS_LINE);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwxr-x---");
    }

    /** What versions up to 0.3 did at a first start: zonky's initdb (trust), passwords, then pg_hba.conf. */
    private static void makeAsEarlierVersionsDid(Path dir, int port, Secrets secrets) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setConnectConfig("password", secrets.superuser()).setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost").start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER ROLE postgres PASSWORD '" + secrets.superuser() + "'");
                st.execute("CREATE ROLE hub LOGIN PASSWORD '" + secrets.hub() + "'");
                st.execute("CREATE ROLE analyst NOLOGIN");
                st.execute("CREATE DATABASE regency_hub OWNER hub ENCODING 'UTF8'");
                st.execute("REVOKE ALL ON DATABASE regency_hub FROM PUBLIC");
                st.execute("GRANT CONNECT ON DATABASE regency_hub TO analyst");
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/regency_hub", "hub", secrets.hub());
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (x int)");
                st.execute("INSERT INTO kept VALUES (42)");
            }
            Files.writeString(dir.resolve("pg_hba.conf"), EmbeddedDatabase.HBA + OPERATORS_LINE, StandardCharsets.UTF_8);
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT pg_reload_conf()");
            }
        }
    }
}
