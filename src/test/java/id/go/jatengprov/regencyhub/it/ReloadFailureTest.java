package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.ops.ConfigReloader;

/**
 * A reload whose routes fail to start leaves the running configuration active: a valid change to a source together
 * with a custom route that cannot start (an unknown component passes the parse check, and fails only when started).
 * A hub of its own, since the change needs a routes folder of its own.
 */
class ReloadFailureTest {

    static final String ROUTE = """
            - route:
                id: it-cannot-start
                from:
                  uri: "timer:it-cannot-start"
                  parameters: { period: 60000 }
                  steps:
                    - to:
                        uri: "nosuchcomponent:x"
            """;

    @Test
    void aRouteThatFailsToStartLeavesTheOldConfigurationAndRoutesActive() throws Exception {
        try (OwnHub hub = OwnHub.start("hub.reload.interval=1h")) {
            ActiveConfig active = hub.bean(ActiveConfig.class);
            Path sources = hub.dir.resolve("config/sources");
            Files.writeString(sources.resolve("jateng-births.yaml"),
                    Files.readString(sources.resolve("jateng-births.yaml")) + "drop: { include: \"*.txt\" }\n");
            Files.writeString(hub.dir.resolve("routes/cannot-start.yaml"), ROUTE);

            ConfigReloader.Result r = hub.bean(ConfigReloader.class).reload();

            assertThat(r.status()).isEqualTo(ConfigReloader.Status.FAILED);
            assertThat(r.problems()).anyMatch(p -> p.contains("nosuchcomponent") && p.contains("the running configuration stays"));
            assertThat(active.config().source("jateng-births").orElseThrow().dropInclude()).isEqualTo("*.csv,*.xlsx,*.xlsm,*.xls");
            CamelContext camel = hub.bean(CamelContext.class);
            assertThat(camel.getRouteController().getRouteStatus("drop-jateng-births").isStarted()).isTrue();

            // The old configuration is the one that works: a .csv is still taken and loaded.
            Path drop = Files.createDirectories(hub.dir.resolve("data/drop/jateng-births"));
            Files.writeString(drop.resolve("a.csv.part"), "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\nKabupaten Cilacap,2020,28303,10,5\n");
            Files.move(drop.resolve("a.csv.part"), drop.resolve("a.csv"));
            BatchStore batches = hub.bean(BatchStore.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> batches.list("jateng-births", null, null, 10, 0).stream()
                    .anyMatch(b -> b.status().isFinal()));
            Batch b = batches.list("jateng-births", null, null, 10, 0).get(0);
            assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        }
    }
}
