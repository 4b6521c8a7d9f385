package id.go.jatengprov.regencyhub;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code hub.*} setting, with its default. The README's property table is checked against this
 * class by {@code ReadmePropertiesTest}, so a setting added here must be documented there.
 */
@Validated
@ConfigurationProperties("hub")
public class HubProperties {

    /** Folder with datasets/, sources/ and reference/. */
    @NotNull private Path configDir = Path.of("config");
    /** Folder with custom Camel YAML routes, loaded at start. */
    @NotNull private Path routesDir = Path.of("routes");
    /** Folder with drop/, landing/, work/, the embedded broker's store and the embedded database. */
    @NotNull private Path dataDir = Path.of("data");

    @Valid private final EmbeddedDb embeddedDb = new EmbeddedDb();
    @Valid private final Broker broker = new Broker();
    @Valid private final Load load = new Load();
    @Valid private final Drop drop = new Drop();
    @Valid private final Intake intake = new Intake();
    @Valid private final Cluster cluster = new Cluster();
    @Valid private final Reload reload = new Reload();
    @Valid private final Landing landing = new Landing();
    @Valid private final Sources sources = new Sources();

    public Path getConfigDir() { return configDir; }
    public void setConfigDir(Path configDir) { this.configDir = configDir; }
    public Path getRoutesDir() { return routesDir; }
    public void setRoutesDir(Path routesDir) { this.routesDir = routesDir; }
    public Path getDataDir() { return dataDir; }
    public void setDataDir(Path dataDir) { this.dataDir = dataDir; }
    public EmbeddedDb getEmbeddedDb() { return embeddedDb; }
    public Broker getBroker() { return broker; }
    public Load getLoad() { return load; }
    public Drop getDrop() { return drop; }
    public Intake getIntake() { return intake; }
    public Cluster getCluster() { return cluster; }
    public Reload getReload() { return reload; }
    public Landing getLanding() { return landing; }
    public Sources getSources() { return sources; }

    /**
     * A name for things registered per JVM by name (the embedded broker, the in-memory Quartz scheduler):
     * the same for one data folder, different for two hubs in one JVM, so that one never stops the other's.
     */
    public String instanceName(String prefix) {
        return prefix + "-" + Integer.toHexString(dataDir.toAbsolutePath().normalize().toString().hashCode());
    }

    public Path dropDir() { return dataDir.resolve("drop"); }
    public Path landingDir() { return dataDir.resolve("landing"); }
    public Path workDir() { return dataDir.resolve("work"); }

    /** The PostgreSQL the hub starts itself when {@code spring.datasource.url} is not set. */
    public static class EmbeddedDb {
        /** Fixed port, so that analysts can connect to a known address. */
        @Min(1) @Max(65535) private int port = 5433;
        /** Database the hub creates and uses. */
        @NotNull private String database = "regency_hub";
        /** Role the hub logs in with (created on first start). */
        @NotNull private String user = "hub";
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getDatabase() { return database; }
        public void setDatabase(String database) { this.database = database; }
        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
    }

    public static class Broker {
        /** External ActiveMQ Classic URL (e.g. failover:(tcp://mq1:61616)); empty = embedded broker. */
        private String url;
        private String user;
        private String password;
        @Valid private final Redelivery redelivery = new Redelivery();
        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public Redelivery getRedelivery() { return redelivery; }
        public boolean isEmbedded() { return url == null || url.isBlank(); }
    }

    /** Broker redelivery of a failed load: exponential backoff, then the dead-letter queue. */
    public static class Redelivery {
        /** Redeliveries after the first attempt before the chunk goes to DLQ.hub.load. */
        @Min(0) private int maxAttempts = 8;
        @NotNull private Duration initialDelay = Duration.ofSeconds(1);
        @DecimalMin("1.0") private double multiplier = 2.0;
        @NotNull private Duration maxDelay = Duration.ofSeconds(60);
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitialDelay() { return initialDelay; }
        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }
        public double getMultiplier() { return multiplier; }
        public void setMultiplier(double multiplier) { this.multiplier = multiplier; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }
    }

    public static class Load {
        /** Normalised rows per queue message and per database transaction. */
        @Min(1) @Max(1_000_000) private int chunkSize = 20_000;
        /** Concurrent transacted consumers of hub.load in this hub. */
        @Min(1) @Max(64) private int consumers = 2;
        /** Name of the load queue; its dead-letter queue is DLQ.&lt;name&gt;. */
        @NotNull private String queue = "hub.load";
        public int getChunkSize() { return chunkSize; }
        public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
        public int getConsumers() { return consumers; }
        public void setConsumers(int consumers) { this.consumers = consumers; }
        public String getQueue() { return queue; }
        public void setQueue(String queue) { this.queue = queue; }
    }

    public static class Drop {
        /** How often each drop folder is scanned. */
        @NotNull private Duration poll = Duration.ofSeconds(1);
        /** A file must be unchanged (size and time) for this long before it is read. */
        @NotNull private Duration stableFor = Duration.ofSeconds(1);
        public Duration getPoll() { return poll; }
        public void setPoll(Duration poll) { this.poll = poll; }
        public Duration getStableFor() { return stableFor; }
        public void setStableFor(Duration stableFor) { this.stableFor = stableFor; }
    }

    /** Background work of intake: normalising uploaded and recovered batches. */
    public static class Intake {
        /** Threads that normalise and queue batches in the background (uploads, and batches resumed after a crash). */
        @Min(1) @Max(64) private int workers = 2;
        public int getWorkers() { return workers; }
        public void setWorkers(int workers) { this.workers = workers; }
    }

    /** Several hubs on one external PostgreSQL and one external broker. */
    public static class Cluster {
        /** Quartz runs on its clustered JDBC job store (tables hub.qrtz_*), so each scheduled poll fires on one hub. */
        private boolean enabled;
        /** How often a hub renews its heartbeat in hub.node (cluster.HubNode). */
        @NotNull private Duration heartbeat = Duration.ofSeconds(5);
        /** A hub whose heartbeat is older is gone: another hub takes over its batches (at least 3 heartbeats). */
        @NotNull private Duration expiry = Duration.ofSeconds(30);
        /** The drop folders are on storage shared by the hubs: one hub at a time reads each source's folder. */
        private boolean sharedDropFolders;
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getHeartbeat() { return heartbeat; }
        public void setHeartbeat(Duration heartbeat) { this.heartbeat = heartbeat; }
        public Duration getExpiry() { return expiry; }
        public void setExpiry(Duration expiry) { this.expiry = expiry; }
        public boolean isSharedDropFolders() { return sharedDropFolders; }
        public void setSharedDropFolders(boolean sharedDropFolders) { this.sharedDropFolders = sharedDropFolders; }
    }

    /** Live reload of config/datasets, config/sources and routes/. */
    public static class Reload {
        /** How often the folders are checked for changes. */
        @NotNull private Duration interval = Duration.ofSeconds(2);
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
    }

    /** The landing copies: under data/landing/ or in the database (intake.LandingStore, intake.LandingRetention). */
    public static class Landing {
        /** Where received bytes are kept. */
        public enum Store {
            /** database with hub.cluster.enabled (any hub can finish a batch), file otherwise */
            AUTO,
            /** data/landing/&lt;source&gt;/&lt;sha256&gt;.dat on this hub's disk (or a folder every hub mounts there) */
            FILE,
            /** tables hub.landing and hub.landing_part, in parts of 1 MiB */
            DATABASE
        }
        /** Copies of final batches last received longer ago are deleted by a daily sweep; 0 keeps them for ever. */
        @NotNull private Duration retention = Duration.ofDays(90);
        /** auto, file or database: where new payloads are kept (copies kept earlier are read where they are). */
        @NotNull private Store store = Store.AUTO;
        public Duration getRetention() { return retention; }
        public void setRetention(Duration retention) { this.retention = retention; }
        public Store getStore() { return store; }
        public void setStore(Store store) { this.store = store; }
    }

    /** Where new landing copies go: {@code hub.landing.store}, with auto resolved by {@code hub.cluster.enabled}. */
    public boolean landsInDatabase() {
        return landing.getStore() == Landing.Store.DATABASE
                || (landing.getStore() == Landing.Store.AUTO && cluster.isEnabled());
    }

    /** How the health judges the polled sources. */
    public static class Sources {
        /** Consecutive failed polls of one source after which the hub's health is DEGRADED. */
        @Min(1) private int failureThreshold = 3;
        public int getFailureThreshold() { return failureThreshold; }
        public void setFailureThreshold(int failureThreshold) { this.failureThreshold = failureThreshold; }
    }
}
