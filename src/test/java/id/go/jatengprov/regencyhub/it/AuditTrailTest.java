package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * Every operator action is audited with who, what, parameters, outcome, when and from where: one line
 * on logger AUDIT and one row in hub.audit, which GET /api/v1/audit pages through, newest first.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTest extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    Http operator, semarang;

    @BeforeEach
    void clients() {
        operator = new Http(port).as("operator", OPERATOR_PASSWORD);
        semarang = new Http(port).as("3374", SEMARANG_PASSWORD);
        jdbc.update("DELETE FROM hub.audit");
    }

    @Test
    void operatorActionsAreAuditedWithTheirOutcome(CapturedOutput output) throws Exception {
        assertThat(operator.post("/api/v1/config/reload", null, new byte[0]).statusCode()).isEqualTo(200);
        assertThat(operator.post("/api/v1/sources/it-ckan-ipm/run", null, new byte[0]).statusCode()).isEqualTo(202);
        assertThat(operator.post("/api/v1/sources/jateng-births/run", null, new byte[0]).statusCode()).isEqualTo(409);
        HttpResponse<String> dlq = operator.get("/api/v1/dead-letters");
        assertThat(dlq.statusCode()).isEqualTo(200);
        // Other test classes of the shared hub may leave a dead letter behind: the audit must say how many were listed.
        long listed = new ObjectMapper().readTree(dlq.body()).path("count").asLong();
        assertThat(operator.post("/api/v1/dead-letters/replay?batch=424242", null, new byte[0]).statusCode()).isEqualTo(200);
        assertThat(operator.post("/api/v1/dead-letters/replay?messageId=ID:nothing-1", null, new byte[0]).statusCode()).isEqualTo(200);
        assertThat(semarang.post("/api/v1/sources/semarang-population/uploads", "text/csv",
                UploadAndAuthorisationTest.SEMARANG_CSV.getBytes()).statusCode()).isEqualTo(202);

        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT actor, action, params::text AS params, outcome, detail, client, at FROM hub.audit ORDER BY id");
        // The first reload in a JVM may pick up what the file watch had not yet seen.
        assertThat(rows.get(0).get("detail").toString()).matches("(UNCHANGED|RELOADED): \\d+ change\\(s\\), 0 problem\\(s\\)");
        assertThat(rows).extracting(r -> r.get("action") + " " + r.get("outcome") + " " + r.get("params") + " " + r.get("detail"))
                .containsExactly(
                        "config.reload ok {} " + rows.get(0).get("detail"),
                        "source.run ok {\"source\": \"it-ckan-ipm\"} poll started",
                        "source.run refused {\"source\": \"jateng-births\"} 409 source 'jateng-births' is a drop source: it runs when a file arrives in its folder",
                        "dead-letters.list ok {} " + listed + " listed",
                        "dead-letters.replay ok {\"batch\": 424242} replayed 0",
                        "dead-letters.replay ok {\"messageId\": \"ID:nothing-1\"} replayed 0",
                        "upload ok {\"source\": \"semarang-population\"} " + rows.get(6).get("detail"));
        assertThat(rows.get(6).get("detail").toString()).matches("batch \\d+ ACCEPTED");
        assertThat(rows).extracting(r -> r.get("actor")).containsExactly("operator", "operator", "operator", "operator", "operator",
                "operator", "3374");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("client")).isEqualTo("127.0.0.1");
            assertThat(r.get("at")).isNotNull();
        });
        assertThat(output.getOut()).contains("dead-letters.replay ok: user=operator from=127.0.0.1 params={\"batch\":424242} detail=replayed 0",
                "config.reload ok: user=operator from=127.0.0.1");
    }

    @Test
    void aRefusedReloadIsAuditedAsRefusedWithItsFirstProblem() throws Exception {
        java.nio.file.Path bad = CONFIG_DIR.resolve("sources").resolve("it-audit-bad.yaml");
        java.nio.file.Files.writeString(bad, "id: it-audit-bad\nregency: \"33\"\ndataset: populaton\nkind: drop\n");
        try {
            assertThat(operator.post("/api/v1/config/reload", null, new byte[0]).statusCode()).isEqualTo(422);
        } finally {
            java.nio.file.Files.delete(bad);
            operator.post("/api/v1/config/reload", null, new byte[0]);
        }
        Map<String, Object> row = jdbc.queryForList("SELECT outcome, detail FROM hub.audit WHERE action = 'config.reload' ORDER BY id").get(0);
        assertThat(row).containsEntry("outcome", "refused");
        assertThat(row.get("detail").toString()).startsWith("REFUSED: 0 change(s), 1 problem(s); first: ").contains("populaton");
    }

    @Test
    void aReplayThatLoadsSaysHowMany() throws Exception {
        jdbc.execute("ALTER TABLE warehouse.births ADD CONSTRAINT births_audit_ck CHECK (low_birth_weight < 1000)");
        Batch failed;
        try {
            drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
            failed = awaitFinal("jateng-births");
            assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    operator.get("/api/v1/dead-letters").body().contains("\"batch\":\"" + failed.id() + "\""));
        } finally {
            jdbc.execute("ALTER TABLE warehouse.births DROP CONSTRAINT births_audit_ck");
        }
        assertThat(operator.post("/api/v1/dead-letters/replay?batch=" + failed.id(), null, new byte[0]).body()).contains("\"replayed\":1");
        awaitStatus(failed.id(), BatchStatus.LOADED);
        assertThat(jdbc.queryForMap("SELECT params::text AS params, outcome, detail FROM hub.audit WHERE action = 'dead-letters.replay'"))
                .containsEntry("params", "{\"batch\": " + failed.id() + "}").containsEntry("outcome", "ok").containsEntry("detail", "replayed 1");
    }

    @Test
    void failedLoginsAndRefusalsGoToTheTableWithoutSecrets(CapturedOutput output) throws Exception {
        new Http(port).as("3374", "not-the-password-either").get("/api/v1/batches");
        semarang.get("/api/v1/dead-letters");
        new Http(port).get("/api/v1/sources");
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT actor, action, params::text AS params, outcome, detail FROM hub.audit ORDER BY id");
        assertThat(rows).extracting(r -> r.get("actor") + " " + r.get("action") + " " + r.get("outcome") + " " + r.get("detail"))
                .containsExactly("3374 login refused authentication failed: BadCredentialsException",
                        "3374 request refused refused 403: role not allowed",
                        "anonymous request refused refused 401: no credentials");
        assertThat(rows.get(1).get("params")).isEqualTo("{\"status\": 403, \"request\": \"GET /api/v1/dead-letters\"}");
        assertThat(rows.toString() + output.getAll()).doesNotContain("not-the-password-either").doesNotContain(SEMARANG_PASSWORD);
    }

    @Test
    void theAuditPagesNewestFirstAndFilters() throws Exception {
        for (int i = 0; i < 3; i++) operator.post("/api/v1/config/reload", null, new byte[0]);
        operator.get("/api/v1/dead-letters");
        semarang.get("/api/v1/sources");

        JsonNode page = JSON.readTree(operator.get("/api/v1/audit?limit=2").body());
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("offset").asInt()).isZero();
        assertThat(page.get("items")).hasSize(2);
        JsonNode newest = page.get("items").get(0);
        assertThat(newest.get("actor").asText()).isEqualTo("3374");
        assertThat(newest.get("action").asText()).isEqualTo("request");
        assertThat(newest.get("outcome").asText()).isEqualTo("refused");
        assertThat(newest.get("params").get("status").asInt()).isEqualTo(403);
        assertThat(newest.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(newest.get("at").asText()).isNotBlank();
        assertThat(page.get("items").get(1).get("action").asText()).isEqualTo("dead-letters.list");

        String reloads = "/api/v1/audit?actor=operator&action=config.reload&since=" + java.time.LocalDate.now();
        JsonNode first = JSON.readTree(operator.get(reloads + "&limit=2").body()).get("items");
        JsonNode second = JSON.readTree(operator.get(reloads + "&limit=2&offset=2").body()).get("items");
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(1);
        assertThat(List.of(first.get(0), first.get(1), second.get(0))).extracting(n -> Long.parseLong(n.get("id").asText()))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder())
                .allSatisfy(id -> assertThat(id).isLessThan(Long.parseLong(page.get("items").get(1).get("id").asText())));
        assertThat(JSON.readTree(operator.get("/api/v1/audit?since=" + java.time.LocalDate.now().plusDays(1)).body()).get("items"))
                .isEmpty();
        // Reading the audit is itself audited, and only operators may.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.audit WHERE action = 'audit.list'", Long.class)).isEqualTo(4);
        HttpResponse<String> regency = semarang.get("/api/v1/audit");
        assertThat(regency.statusCode()).isEqualTo(403);
        assertThat(operator.get("/api/v1/audit?limit=5000").statusCode()).isEqualTo(400);
    }
}
