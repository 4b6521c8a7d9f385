package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;

import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.fasterxml.jackson.databind.JsonNode;

import id.go.jatengprov.regencyhub.embedded.EmbeddedDatabase;

/**
 * While the database or the broker is down, API calls that need them answer 503 with Retry-After in
 * the JSON error shape, log one line and no stack trace, and health is DOWN; an audited action still
 * runs when its audit row cannot be written. On a hub of its own, whose database and broker the test
 * stops (bound to loopback, so it must not warn about passwords in clear).
 */
@ExtendWith(OutputCaptureExtension.class)
class OutageAnswersTest {

    static OwnHub hub;
    static Http operator, anon;
    static String startLog;

    @BeforeAll
    static void start(CapturedOutput output) throws IOException {
        // A request waits this long for a connection of a database that is gone (5 s by default) before its 503.
        hub = OwnHub.start("server.address=127.0.0.1", "spring.datasource.hikari.connection-timeout=1000");
        startLog = output.getAll();
        operator = new Http(hub.port()).as("operator", OwnHub.OPERATOR_PASSWORD);
        anon = new Http(hub.port());
    }

    @AfterAll
    static void stop() throws IOException {
        hub.close();
    }

    /** The status of one health component, as an operator sees it. */
    static String component(String name) throws Exception {
        return ApiErrorShapesTest.JSON.readTree(operator.get("/actuator/health").body()).path("components").path(name)
                .path("status").asText();
    }

    @Test
    void aHubBoundToLoopbackDoesNotWarnAboutPasswordsInClear() {
        assertThat(startLog).contains("Tomcat started on port").doesNotContain("Passwords travel in clear");
    }

    @Test
    void databaseDownIs503WithRetryAfterAndHealthDown() throws Exception {
        assertThat(operator.get("/api/v1/batches").statusCode()).isEqualTo(200);
        assertThat(component("db")).isEqualTo("UP");
        hub.bean(EmbeddedDatabase.class).close();
        try (LogCapture logs = new LogCapture()) {
            for (String path : new String[] {"/api/v1/batches", "/api/v1/batches/1", "/api/v1/audit"}) {
                logs.clear();
                HttpResponse<String> r = operator.get(path);
                JsonNode e = ApiErrorShapesTest.error(r, 503, path);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
                assertThat(e.get("message").asText()).contains("database is unavailable");
                assertThat(logs.requestLines()).as(path).hasSizeLessThanOrEqualTo(1).noneMatch(l -> l.contains("\tat "));
            }
            // An operator action whose audit row cannot be written still runs; the log line is the record.
            logs.clear();
            HttpResponse<String> run = operator.post("/api/v1/sources/jateng-births/run", null, new byte[0]);
            assertThat(run.statusCode()).as("the action's own answer, needing neither database nor broker").isEqualTo(409);
            assertThat(logs.lines(e -> e.getLoggerName().equals("AUDIT"))).singleElement().asString()
                    .contains("source.run refused: user=operator from=127.0.0.1", "not stored in hub.audit");
        }
        HttpResponse<String> health = anon.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"");
        assertThat(component("db")).isEqualTo("DOWN");
    }

    @Test
    void brokerDownIs503WithRetryAfterAndHealthDown() throws Exception {
        assertThat(component("broker")).isEqualTo("UP");
        hub.bean(BrokerService.class).stop();
        hub.bean(BrokerService.class).waitUntilStopped();
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> r = operator.get("/api/v1/dead-letters");
            JsonNode e = ApiErrorShapesTest.error(r, 503, "/api/v1/dead-letters");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(e.get("message").asText()).contains("message broker is unavailable");
            assertThat(logs.requestLines()).hasSizeLessThanOrEqualTo(1).noneMatch(l -> l.contains("\tat "));
            logs.clear();
            r = operator.post("/api/v1/dead-letters/replay", null, new byte[0]);
            ApiErrorShapesTest.error(r, 503, "/api/v1/dead-letters/replay");
            assertThat(logs.requestLines()).hasSizeLessThanOrEqualTo(1).noneMatch(l -> l.contains("\tat "));
        }
        HttpResponse<String> health = operator.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(component("broker")).isEqualTo("DOWN");
    }
}
