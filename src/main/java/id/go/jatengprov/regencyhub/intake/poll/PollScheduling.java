package id.go.jatengprov.regencyhub.intake.poll;

import java.util.Properties;

import javax.sql.DataSource;

import org.apache.camel.component.quartz.QuartzComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;

import id.go.jatengprov.regencyhub.HubProperties;

/**
 * The Quartz scheduler behind the poll routes. One hub: in memory. Several hubs
 * ({@code hub.cluster.enabled=true}): Quartz's clustered JDBC job store in the hub's database
 * (tables hub.qrtz_*), so each scheduled poll fires on exactly one hub and a hub that dies hands its
 * triggers to the others. Nothing here is home-made distribution: Quartz provides it.
 */
@Configuration(proxyBeanMethods = false)
public class PollScheduling {

    private static final Logger log = LoggerFactory.getLogger(PollScheduling.class);

    @Bean("quartz")
    public QuartzComponent quartz(HubProperties props, DataSource dataSource) {
        boolean cluster = props.getCluster().isEnabled();
        QuartzComponent quartz = new QuartzComponent();
        Properties p = cluster ? clustered(dataSource) : inMemory(props.instanceName("regency-hub"));
        quartz.setProperties(p);
        // Camel would otherwise switch Quartz's JMX export on ("Setting org.quartz.scheduler.jmx.export=true"):
        // the hub registers nothing in JMX (docs/operations.md).
        quartz.setEnableJmx(false);
        if (cluster) log.info("Polls are scheduled by Quartz's clustered JDBC job store (hub.qrtz_* tables)");
        return quartz;
    }

    /** @param name Quartz keeps schedulers per JVM by name: two hubs in one JVM need two names */
    static Properties inMemory(String name) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        p.setProperty("org.quartz.threadPool.threadCount", "4");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        return p;
    }

    /** Quartz's own connection pool on the hub's database: Quartz creates it from these settings. */
    public static Properties clustered(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource h)) {
            throw new IllegalStateException("hub.cluster.enabled needs a Hikari DataSource (spring.datasource.*)");
        }
        return clustered(h.getJdbcUrl(), h.getUsername(), h.getPassword());
    }

    public static Properties clustered(String jdbcUrl, String user, String password) {
        // Clustered schedulers find each other by their common name; each hub gets its own instance id.
        Properties p = inMemory("regency-hub");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "hub.QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "30000");
        p.setProperty("org.quartz.jobStore.dataSource", "hub");
        p.setProperty("org.quartz.dataSource.hub.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.hub.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.hub.URL", jdbcUrl);
        p.setProperty("org.quartz.dataSource.hub.user", user == null ? "" : user);
        p.setProperty("org.quartz.dataSource.hub.password", password == null ? "" : password);
        p.setProperty("org.quartz.dataSource.hub.maxConnections", "4");
        return p;
    }
}
