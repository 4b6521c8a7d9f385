package id.go.jatengprov.regencyhub.intake.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * Connections to the regencies' databases, one {@link DataSource} per source for Camel's jdbc endpoint. Each run opens
 * one connection with the source's configuration as it is now (no pool: a source runs a few times a day), its password
 * read from the environment at that moment, and makes it read-only, in a transaction (so that PostgreSQL streams
 * through a cursor) with a statement timeout. {@link #release} ends it as soon as the rows are read, so the
 * regency's database does not keep a transaction open while the hub normalises.
 */
@Component
public class SourceDatabases {

    private final ActiveConfig config;
    private final UnaryOperator<String> secrets;
    private final JdbcProperties props;
    /** The connection a run opened on this thread, for {@link #release}. */
    private final ThreadLocal<Connection> opened = new ThreadLocal<>();

    @Autowired
    public SourceDatabases(ActiveConfig config, Environment env, JdbcProperties props) {
        this(config, env::getProperty, props);
    }

    SourceDatabases(ActiveConfig config, UnaryOperator<String> secrets, JdbcProperties props) {
        this.config = config;
        this.secrets = secrets;
        this.props = props;
    }

    /** The data source of one source: stateless, it reads the source's configuration at each connection. */
    public DataSource of(String sourceId) {
        return new SourceDataSource(sourceId);
    }

    Connection open(String sourceId) throws SQLException {
        SourceDef s = config.config().source(sourceId).filter(d -> d.kind() == SourceDef.Kind.JDBC)
                .orElseThrow(() -> new SQLException("source '" + sourceId + "' is no longer configured as a jdbc source"));
        SourceDef.JdbcSpec j = s.jdbc();
        boolean postgres = j.url().startsWith("jdbc:postgresql:");
        long connectS = Math.max(1, props.getConnectTimeout().toSeconds());
        long queryS = Math.max(1, props.getQueryTimeout().toSeconds());
        Properties p = new Properties();
        p.setProperty("user", j.user());
        if (j.passwordEnv() != null) {
            String password = secrets.apply(j.passwordEnv());
            if (password == null) {
                throw new SQLException("the password of source '" + sourceId + "' comes from the environment variable "
                        + j.passwordEnv() + ", which is not set where the hub runs; set it and run the source again");
            }
            p.setProperty("password", password);
        }
        Driver driver;
        if (postgres) {
            driver = new org.postgresql.Driver();
            p.setProperty("connectTimeout", String.valueOf(connectS));
            p.setProperty("socketTimeout", String.valueOf(queryS + 60));
            p.setProperty("ApplicationName", "regency-hub " + sourceId);
        } else {
            driver = new org.mariadb.jdbc.Driver();
            p.setProperty("connectTimeout", String.valueOf(connectS * 1000));
            p.setProperty("socketTimeout", String.valueOf((queryS + 60) * 1000));
        }
        Connection c = driver.connect(j.url(), p);
        if (c == null) {
            throw new SQLException("no driver for the URL of source '" + sourceId + "'");
        }
        try {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                if (postgres) {
                    st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                    st.execute("SET statement_timeout = " + queryS * 1000);
                } else {
                    st.execute("SET SESSION TRANSACTION READ ONLY");
                }
            }
            c.setReadOnly(true);
            // in a transaction: PostgreSQL fetches through a cursor only then, and the rows are one consistent snapshot
            c.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        opened.set(c);
        return c;
    }

    /** Ends the read-only transaction of the connection this thread opened, and closes it. */
    void release() {
        Connection c = opened.get();
        opened.remove();
        if (c == null) return;
        try {
            if (!c.isClosed()) {
                c.rollback();
                c.close();
            }
        } catch (SQLException ignored) {
            // the database went away: the connection is gone either way
        }
    }

    /** One source's database as Camel's jdbc endpoint sees it. */
    private final class SourceDataSource implements DataSource {
        private final String sourceId;

        SourceDataSource(String sourceId) {
            this.sourceId = sourceId;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return open(sourceId);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("a source's credentials come from its configuration");
        }

        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) return type.cast(this);
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }

        @Override
        public String toString() {
            return "database of source " + sourceId;
        }
    }
}
