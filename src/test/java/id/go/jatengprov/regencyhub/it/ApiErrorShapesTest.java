package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client's mistake is a 4xx in the API's JSON error shape, with a message saying what to send, at
 * most one log line and never a stack trace.
 */
class ApiErrorShapesTest extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    Http anon, operator, semarang;
    LogCapture logs;

    @BeforeEach
    void clients() throws Exception {
        anon = new Http(port);
        operator = anon.as("operator", OPERATOR_PASSWORD);
        semarang = anon.as("3374", SEMARANG_PASSWORD);
        operator.get("/api/v1/batches"); // the first request of a hub logs the web layer's start; not ours to count
        logs = new LogCapture();
    }

    @AfterEach
    void stopCapture() {
        logs.close();
    }

    @Test
    void anUnknownPathIs404ForALoggedInCallerAnd401ForAnAnonymousOne() throws Exception {
        for (String path : new String[] {"/api/v1/foo", "/actuator/metrics", "/nothing", "/webjars/swagger-ui/index.html"}) {
            JsonNode e = error(operator.get(path), 404, path);
            assertThat(e.get("message").asText()).contains("no such endpoint").contains(path);
            error(semarang.get(path), 404, path);
            error(anon.get(path), 401, path);
        }
        // A real endpoint that the role may not use stays 403.
        error(semarang.get("/api/v1/sources"), 403, "/api/v1/sources");
        assertQuiet();
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = operator.send("DELETE", "/api/v1/batches/1", null);
        error(r, 405, "/api/v1/batches/1");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");
        r = operator.send("GET", "/api/v1/config/reload", null);
        error(r, 405, "/api/v1/config/reload");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertQuiet();
    }

    @Test
    void aBadParameterIs400NamingTheExpectedFormat() throws Exception {
        JsonNode e = error(operator.get("/api/v1/batches?since=29/11/2026"), 400, "/api/v1/batches");
        assertThat(e.get("message").asText()).contains("since", "29/11/2026", "2026-11-29", "2026-11-29T08:00:00+07:00");
        e = error(operator.get("/api/v1/batches?limit=many"), 400, "/api/v1/batches");
        assertThat(e.get("message").asText()).contains("limit", "many", "whole number");
        e = error(operator.get("/api/v1/batches?status=DONE"), 400, "/api/v1/batches");
        assertThat(e.get("message").asText()).contains("LOADED");
        error(operator.get("/api/v1/batches?limit=0"), 400, "/api/v1/batches");
        assertQuiet();
    }

    @Test
    void sinceTakesAPlainDateOrAnIsoDateTime() throws Exception {
        drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
        awaitFinal("jateng-births");
        String today = LocalDate.now().toString();
        assertThat(operator.get("/api/v1/batches?since=" + today).body()).contains("\"source\":\"jateng-births\"");
        assertThat(operator.get("/api/v1/batches?since=" + LocalDate.now().plusDays(1)).body()).doesNotContain("jateng-births");
        HttpResponse<String> r = operator.get("/api/v1/batches?since=2020-01-01T00:00:00%2B07:00");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"source\":\"jateng-births\"");
    }

    @Test
    void anOversizeMultipartUploadIs413() throws Exception {
        // The shared hub's hub.upload.max-size is 2MB: the file part passes it.
        byte[] big = ("Kecamatan,Tahun,Laki-laki,Perempuan\n" + "Tugu,2024,1,2\n".repeat(180_000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = semarang.post("/api/v1/sources/semarang-population/uploads", "multipart/form-data; boundary=B0undary",
                Http.multipart("B0undary", "big.csv", "text/csv", big));
        JsonNode e = error(r, 413, "/api/v1/sources/semarang-population/uploads");
        assertThat(e.get("message").asText()).contains("limit");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.batch", Long.class)).isZero();
        assertQuiet();
    }

    @Test
    void anUnsupportedMediaTypeIs415AndAnUnacceptableOneIs406() throws Exception {
        JsonNode e = error(semarang.post("/api/v1/sources/semarang-population/uploads", "image/png", new byte[] {1, 2, 3}), 415,
                "/api/v1/sources/semarang-population/uploads");
        assertThat(e.get("message").asText()).contains("text/csv");
        error(operator.send("GET", "/api/v1/batches", null, "Accept", "text/csv"), 406, "/api/v1/batches");
        assertQuiet();
    }

    @Test
    void aMissingOrMistypedParameterIs400() throws Exception {
        JsonNode e = error(operator.post("/api/v1/dead-letters/replay?batch=seven", null, new byte[0]), 400,
                "/api/v1/dead-letters/replay");
        assertThat(e.get("message").asText()).contains("batch", "seven", "whole number");
        assertQuiet();
    }

    /** Status, the four fields and the path; returns the body. */
    static JsonNode error(HttpResponse<String> r, int status, String path) throws Exception {
        assertThat(r.statusCode()).as(r.request().method() + " " + path + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("status").asInt()).isEqualTo(status);
        assertThat(n.get("error").asText()).isNotBlank();
        assertThat(n.get("message").asText()).isNotBlank();
        assertThat(n.get("path").asText()).isEqualTo(path.replaceFirst("\\?.*", ""));
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return n;
    }

    /** Each of these calls logged nothing on its request thread beyond the audit line. */
    private void assertQuiet() {
        assertThat(logs.requestLines()).isEmpty();
    }
}
