package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/** What operators use to watch and repair: dead letters and their replay, the OpenAPI description, the audit trail. */
@ExtendWith(OutputCaptureExtension.class)
class OperatorApiTest extends HubTestSupport {

    Http operator;

    @BeforeEach
    void client() {
        operator = new Http(port).as("operator", OPERATOR_PASSWORD);
    }

    @Test
    void aPoisonChunkIsListedAndAfterTheFixReplaysToLoadedExactlyOnce() throws Exception {
        jdbc.execute("ALTER TABLE warehouse.births ADD CONSTRAINT births_replay_ck CHECK (low_birth_weight < 1000)");
        Batch failed;
        try {
            drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
            failed = awaitFinal("jateng-births");
            assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    operator.get("/api/v1/dead-letters").body().contains("\"batch\":\"" + failed.id() + "\""));
            String list = operator.get("/api/v1/dead-letters").body();
            assertThat(list).contains("\"source\":\"jateng-births\"", "\"chunk\":1", "\"attempts\":4", "births_replay_ck",
                    "\"firstFailure\"");
        } finally {
            jdbc.execute("ALTER TABLE warehouse.births DROP CONSTRAINT births_replay_ck");
        }
        HttpResponse<String> replay = operator.post("/api/v1/dead-letters/replay?batch=" + failed.id(), null, new byte[0]);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("\"replayed\":1");
        Batch b = awaitStatus(failed.id(), BatchStatus.LOADED);
        assertThat(b.rowsLoaded()).isEqualTo(140);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(140);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.load_log WHERE batch_id = ?", Long.class, b.id())).isEqualTo(1);
        assertThat(operator.get("/api/v1/dead-letters").body()).doesNotContain("\"batch\":\"" + failed.id() + "\"");
        // A second replay finds nothing of that batch: replay is idempotent.
        assertThat(operator.post("/api/v1/dead-letters/replay?batch=" + failed.id(), null, new byte[0]).body()).contains("\"replayed\":0");
    }

    @Test
    void theOpenApiDescriptionMatchesTheEndpoints() throws Exception {
        HttpResponse<String> r = operator.get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"openapi\"", "/api/v1/sources/{id}/uploads", "/api/v1/batches/{id}",
                "/api/v1/batches/{id}/rejects", "/api/v1/batches", "/api/v1/sources", "/api/v1/sources/{id}/run",
                "/api/v1/dead-letters", "/api/v1/dead-letters/replay", "/api/v1/config/reload");
        HttpResponse<String> ui = operator.get("/api/docs");
        assertThat(ui.statusCode()).isIn(200, 302);
    }

    @Test
    void operatorsSeeHealthPerSourceAndAnonymousCallersDoNot() throws Exception {
        HttpResponse<String> h = operator.get("/actuator/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).contains("\"sources\"", "\"jateng-births\":\"drop folder\"", "\"failingSources\"", "\"camelHealth\"");
        assertThat(new Http(port).get("/actuator/health").body()).doesNotContain("sources").doesNotContain("jateng");
    }

    @Test
    void refusalsAndFailedLoginsAreAuditedWithoutSecrets(CapturedOutput output) throws Exception {
        new Http(port).as("3374", "not-the-password").get("/api/v1/batches");
        new Http(port).as("3374", SEMARANG_PASSWORD).post("/api/v1/sources/jateng-births/uploads", "text/csv", "x\n".getBytes());
        new Http(port).as("3374", SEMARANG_PASSWORD).get("/api/v1/dead-letters");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("refused 403"));
        assertThat(output.getOut()).contains("AUDIT", "login refused: user=3374 from=127.0.0.1",
                "detail=authentication failed: BadCredentialsException",
                "upload refused: user=3374 from=127.0.0.1 params={\"source\":\"jateng-births\"} detail=404 no source 'jateng-births'",
                "request refused: user=3374 from=127.0.0.1 params={\"request\":\"GET /api/v1/dead-letters\",\"status\":403}");
        assertThat(output.getOut()).doesNotContain("not-the-password").doesNotContain(SEMARANG_PASSWORD);
    }
}
