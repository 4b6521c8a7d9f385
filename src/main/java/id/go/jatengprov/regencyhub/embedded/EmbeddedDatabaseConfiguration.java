package id.go.jatengprov.regencyhub.embedded;

import java.io.IOException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.security.SecurityProperties;

/** No {@code spring.datasource.url}: start the embedded PostgreSQL and connect to it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /** Needs the data folder's claim ({@link DataFolderInitializer}): only then may a left-over server there be stopped. */
    @Bean(destroyMethod = "close")
    public EmbeddedDatabase embeddedDatabase(HubProperties props, SecurityProperties security, HubLock claim) throws IOException {
        HubProperties.EmbeddedDb cfg = props.getEmbeddedDb();
        SecurityProperties.Analyst analyst = security.getAnalyst();
        claim.databasePort(cfg.getPort());
        EmbeddedDatabase db = EmbeddedDatabase.start(claim, cfg.getPort(), cfg.getDatabase(), cfg.getUser(),
                new EmbeddedDatabase.AnalystRole(analyst.getPassword(), analyst.getConnectionLimit(), analyst.getStatementTimeout()));
        log.info("Embedded PostgreSQL 17 is running. Analysts connect with: host=localhost port={} dbname={} user=analyst"
                + " and the password set in hub.security.analyst.password{} (psql -h localhost -p {} -U analyst {});"
                + " at most {} connections, statements cut after {}.",
                db.port(), db.database(), analyst.isSet() ? "" : " (NOT SET: the analyst login is disabled)",
                db.port(), db.database(), analyst.getConnectionLimit() < 0 ? "unlimited" : analyst.getConnectionLimit(),
                analyst.getStatementTimeout().isZero() ? "no limit" : analyst.getStatementTimeout());
        return db;
    }

    @Bean(destroyMethod = "close")
    @Primary
    public DataSource dataSource(EmbeddedDatabase db,
            @Value("${spring.datasource.hikari.connection-timeout:5000}") long connectionTimeoutMs) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.jdbcUrl());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(10);
        hc.setPoolName("hub");
        // A pool that cannot connect at first must not stop a start that will be retried by the broker.
        hc.setInitializationFailTimeout(30_000);
        // Fail a load attempt (and an API request: 503) within seconds when the database is down; the broker retries
        // the load with backoff. The same property as for an external database's pool.
        hc.setConnectionTimeout(connectionTimeoutMs);
        return new HikariDataSource(hc);
    }
}
