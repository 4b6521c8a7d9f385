package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Analysts log in to the embedded database with their own read-only role; nobody logs in without a password. */
class AnalystRoleTest extends HubTestSupport {

    @Test
    void analystReadsTheWarehouseAndNothingElse() throws Exception {
        try (Connection c = DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", ANALYST_PASSWORD);
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM warehouse.region WHERE level = 'regency'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(35);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM warehouse.births")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM warehouse.region"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO warehouse.births (region, period, live_births, _source, _batch, _row)"
                    + " VALUES ('33.01', DATE '2020-01-01', 1, 'x', 1, 1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM hub.batch"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("CREATE TABLE warehouse.mine (x int)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void analystSessionsAreBoundedAndStayInTheHubsDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", ANALYST_PASSWORD);
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).as("hub.security.analyst.statement-timeout, default 5m").isEqualTo("5min");
            }
            try (ResultSet rs = st.executeQuery("SHOW idle_in_transaction_session_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).as("an idle transaction ends after the statement timeout too").isEqualTo("5min");
            }
            st.execute("CREATE TEMP TABLE mine AS SELECT code FROM warehouse.region WHERE level = 'regency'");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM mine")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(35);
            }
        }
        for (String other : List.of("postgres", "template1")) {
            assertThatThrownBy(() -> DriverManager.getConnection(embeddedDatabase.superuserJdbcUrl(other), "analyst", ANALYST_PASSWORD).close())
                    .as("analyst connecting to database " + other)
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
        }
        int limit = 10; // hub.security.analyst.connection-limit's default
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                open.add(DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", ANALYST_PASSWORD));
            }
            assertThatThrownBy(() -> DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", ANALYST_PASSWORD).close())
                    .as("connection " + (limit + 1)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("too many connections for role \"analyst\"");
        } finally {
            for (Connection c : open) c.close();
        }
    }

    @Test
    void connectionsWithoutTheRightPasswordAreRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "analyst", "wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "postgres", "").close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(embeddedDatabase.jdbcUrl(), "hub", "").close())
                .isInstanceOf(SQLException.class);
    }
}
