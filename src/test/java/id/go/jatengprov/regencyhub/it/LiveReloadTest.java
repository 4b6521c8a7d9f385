package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/** Sources added or edited in a running hub take effect without a restart; an invalid edit is refused. */
class LiveReloadTest extends HubTestSupport {

    static final String SOURCE = """
            id: it-reloaded
            regency: "33"
            dataset: births
            kind: drop
            drop: { include: "%s" }
            mapping:
              region: { column: Wilayah }
              period: { column: Tahun }
              live_births: { column: Jumlah Bayi Lahir }
            """;

    @Autowired CamelContext camel;
    Path file = CONFIG_DIR.resolve("sources/it-reloaded.yaml");

    @AfterEach
    void removeSource() throws Exception {
        Files.deleteIfExists(file);
        new Http(port).as("operator", OPERATOR_PASSWORD).post("/api/v1/config/reload", null, new byte[0]);
    }

    @Test
    void aNewSourceFileStartsWorkingAndAnInvalidEditIsRefusedWhileTheOldOneRuns() throws Exception {
        Files.writeString(file, SOURCE.formatted("*.csv"));
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("drop-it-reloaded") != null);
        drop("it-reloaded", "Wilayah,Tahun,Jumlah Bayi Lahir\nKabupaten Cilacap,2020,28303\n", "a.csv");
        assertThat(awaitFinal("it-reloaded").status()).isEqualTo(BatchStatus.LOADED);

        Files.writeString(file, SOURCE.formatted("*.csv").replace("dataset: births", "dataset: birth"));
        HttpResponse<String> r = new Http(port).as("operator", OPERATOR_PASSWORD).post("/api/v1/config/reload", null, new byte[0]);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("it-reloaded.yaml:3: unknown dataset 'birth'");
        assertThat(camel.getRoute("drop-it-reloaded")).isNotNull();

        drop("it-reloaded", "Wilayah,Tahun,Jumlah Bayi Lahir\nKabupaten Banyumas,2020,26473\n", "b.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> batches.list("it-reloaded", null, null, 10, 0).size() == 2
                && batches.list("it-reloaded", null, null, 10, 0).stream().allMatch(b -> b.status().isFinal()));
        Batch second = batches.list("it-reloaded", null, null, 1, 0).get(0);
        assertThat(second.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(2);
    }
}
