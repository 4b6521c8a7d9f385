package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.intake.poll.PollService;

/**
 * Health tells the truth: DEGRADED (still HTTP 200) while chunks wait in the dead-letter queue, while the
 * configuration on disk is refused, or while a source keeps failing, with the details naming which; UP again
 * once the cause is gone.
 */
class HealthTest extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired PollService polls;
    Http operator;

    @BeforeEach
    void client() {
        operator = new Http(port).as("operator", OPERATOR_PASSWORD);
    }

    @Test
    void aDeadLetterMakesTheHubDegradedUntilItIsReplayed() throws Exception {
        assertThat(status()).isEqualTo("UP");
        jdbc.execute("ALTER TABLE warehouse.births ADD CONSTRAINT births_health_ck CHECK (live_births < 20000)");
        Batch failed;
        try {
            drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
            failed = awaitFinal("jateng-births");
            assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        } finally {
            jdbc.execute("ALTER TABLE warehouse.births DROP CONSTRAINT births_health_ck");
        }
        HttpResponse<String> anonymous = new Http(port).get("/actuator/health");
        assertThat(anonymous.statusCode()).as("DEGRADED still answers 200").isEqualTo(200);
        assertThat(JSON.readTree(anonymous.body()).path("status").asText()).isEqualTo("DEGRADED");
        JsonNode dead = component("deadLetterQueue");
        assertThat(dead.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(dead.path("details").path("waiting").asInt()).isEqualTo(1);
        assertThat(dead.path("details").path("batches").get(0).asText()).isEqualTo(String.valueOf(failed.id()));
        assertThat(component("configuration").path("status").asText()).isEqualTo("UP");

        await().atMost(Duration.ofSeconds(10)).until(() ->
                operator.get("/api/v1/dead-letters").body().contains("\"batch\":\"" + failed.id() + "\""));
        assertThat(operator.post("/api/v1/dead-letters/replay?batch=" + failed.id(), null, new byte[0]).body()).contains("\"replayed\":1");
        awaitStatus(failed.id(), BatchStatus.LOADED);
        assertThat(status()).isEqualTo("UP");
        assertThat(component("deadLetterQueue").path("details").path("waiting").asInt()).isZero();
    }

    @Test
    void aRefusedConfigurationOnDiskMakesTheHubDegradedUntilItIsFixed() throws Exception {
        Path file = CONFIG_DIR.resolve("sources/it-health-broken.yaml");
        try {
            Files.writeString(file, "id: it-health-broken\nregency: \"33\"\ndataset: birth\nkind: drop\n");
            assertThat(operator.post("/api/v1/config/reload", null, new byte[0]).statusCode()).isEqualTo(422);

            assertThat(status()).isEqualTo("DEGRADED");
            JsonNode config = component("configuration");
            assertThat(config.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(config.path("details").path("problems").get(0).asText()).contains("it-health-broken.yaml:3: unknown dataset 'birth'");
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(operator.post("/api/v1/config/reload", null, new byte[0]).statusCode()).isEqualTo(200);
        assertThat(status()).isEqualTo("UP");
    }

    @Test
    void aSourceThatFailedThreeTimesInARowMakesTheHubDegraded() throws Exception {
        polls.poll("it-ckan-failing");
        polls.poll("it-ckan-failing");
        assertThat(status()).as("two failures: below hub.sources.failure-threshold").isEqualTo("UP");
        assertThat(component("sources").path("details").path("it-ckan-failing").asText()).startsWith("FAILING 2x");

        polls.poll("it-ckan-failing");
        assertThat(status()).isEqualTo("DEGRADED");
        JsonNode sources = component("sources");
        assertThat(sources.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(sources.path("details").path("degradedBy").get(0).asText()).isEqualTo("it-ckan-failing");
        assertThat(sources.path("details").path("failureThreshold").asInt()).isEqualTo(3);
    }

    private String status() throws Exception {
        HttpResponse<String> r = operator.get("/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).path("status").asText();
    }

    private JsonNode component(String name) throws Exception {
        return JSON.readTree(operator.get("/actuator/health").body()).path("components").path(name);
    }
}
