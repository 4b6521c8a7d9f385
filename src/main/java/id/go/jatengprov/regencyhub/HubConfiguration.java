package id.go.jatengprov.regencyhub;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import id.go.jatengprov.regencyhub.batch.BatchLifecycle;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.MetadataProperties;
import id.go.jatengprov.regencyhub.load.RegionTable;
import id.go.jatengprov.regencyhub.load.SourceInfoTable;
import id.go.jatengprov.regencyhub.load.WarehouseSchema;
import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/** Loads and validates the configuration, then makes the warehouse match it, before anything runs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({HubProperties.class, id.go.jatengprov.regencyhub.intake.upload.UploadProperties.class,
        id.go.jatengprov.regencyhub.intake.poll.PollProperties.class, MetadataProperties.class})
public class HubConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HubConfiguration.class);

    /** The hub's one clock: batch timestamps, and anything a test needs to move in time. */
    @Bean
    public Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Bean
    public BatchLifecycle batchLifecycle(Clock clock) {
        return new BatchLifecycle(clock);
    }

    @Bean
    public ActiveConfig activeConfig(HubProperties props, MetadataProperties metadata) {
        ConfigLoader.Loaded loaded = ConfigLoader.load(props.getConfigDir(), FieldConverter.CONSTANTS, metadata.rules());
        logWarnings(loaded.warnings());
        return new ActiveConfig(loaded.config());
    }

    /** Missing metadata, when it is not required strictly: one warning listing every gap. */
    public static void logWarnings(java.util.List<id.go.jatengprov.regencyhub.config.ConfigProblem> warnings) {
        if (warnings.isEmpty()) return;
        log.warn("Dataset metadata incomplete ({} gap{}; hub.metadata.strict=true would refuse this configuration):\n  {}",
                warnings.size(), warnings.size() == 1 ? "" : "s",
                String.join("\n  ", warnings.stream().map(Object::toString).toList()));
    }

    /** Marker bean: the warehouse tables and the region table are ready. Routes that load depend on it. */
    public record WarehouseReady(HubConfig config) {}

    @Bean
    public WarehouseReady warehouseReady(ActiveConfig config, JdbcTemplate jdbc, TransactionTemplate tx, HubProperties props) {
        HubConfig c = config.config();
        new WarehouseSchema(jdbc).apply(c);
        new SourceInfoTable(jdbc).sync(c);
        new RegionTable(jdbc, tx).sync(c.regions(), props.getConfigDir().resolve("reference").resolve("regions"));
        return new WarehouseReady(c);
    }
}
