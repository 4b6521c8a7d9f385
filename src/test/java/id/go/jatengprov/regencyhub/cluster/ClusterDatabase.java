package id.go.jatengprov.regencyhub.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import id.go.jatengprov.regencyhub.HubProperties;

/**
 * One PostgreSQL for the cluster tests of this JVM, with the hub's migrations: the database several hubs share, without
 * starting the hubs (their parts are made here, each as a hub of its own: its own {@link HubNode}).
 */
public final class ClusterDatabase {

    private static HikariDataSource dataSource;

    private ClusterDatabase() {}

    /** A pool on the shared database (started and migrated on first use; zonky stops it when the JVM ends). */
    public static synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120)).start();
                HikariDataSource ds = new HikariDataSource();
                ds.setDataSource(pg.getPostgresDatabase());
                ds.setMaximumPoolSize(12);
                Flyway.configure().dataSource(ds).schemas("hub").createSchemas(true).locations("classpath:db/migration")
                        .load().migrate();
                dataSource = ds;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataSource;
    }

    public static NamedParameterJdbcTemplate jdbc() {
        return new NamedParameterJdbcTemplate(dataSource());
    }

    /** Settings of a hub in a cluster, with the given heartbeat and expiry. */
    public static HubProperties clusterProperties(Path dataDir, Duration heartbeat, Duration expiry) {
        HubProperties props = new HubProperties();
        props.setDataDir(dataDir);
        props.getCluster().setEnabled(true);
        props.getCluster().setHeartbeat(heartbeat);
        props.getCluster().setExpiry(expiry);
        return props;
    }

    /** A hub's node on the shared database (a clean {@link HubNode#leave()} at the end of the test). */
    public static HubNode node(Path dataDir) {
        return new HubNode(jdbc(), clusterProperties(dataDir, Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }
}
