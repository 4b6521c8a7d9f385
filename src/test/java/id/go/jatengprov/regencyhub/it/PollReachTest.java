package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.intake.poll.PollService;
import id.go.jatengprov.regencyhub.it.StubServer.Reply;

/**
 * A poll sends nothing the source did not name to anyone it did not name: a CKAN portal that points a resource at
 * another host (here the same loopback server under the name "localhost", standing for an internal address) gets no
 * request made there, and a header that names a hub setting is refused before any request is made.
 */
class PollReachTest extends HubTestSupport {

    @Autowired PollService polls;

    final Path leak = CONFIG_DIR.resolve("sources/it-leak.yaml");

    @AfterEach
    void removeLeak() throws Exception {
        if (Files.deleteIfExists(leak)) {
            new Http(port).as("operator", OPERATOR_PASSWORD).post("/api/v1/config/reload", null, new byte[0]);
        }
    }

    @Test
    void aCkanResourceOnAHostTheSourceDoesNotNameIsNeverFetchedAndItsContentNeverShown() throws Exception {
        String internal = "http://localhost:" + STUB.port() + "/internal/admin.csv";
        STUB.on("/portal/api/3/action/package_show", Reply.json("{\"success\": true, \"result\": {\"name\": \"ipm-jateng\","
                + " \"resources\": [{\"format\": \"CSV\", \"url\": \"" + internal + "\", \"last_modified\": \"2026-11-01\"}]}}"));
        STUB.on("/internal/admin.csv", Reply.csv("kod_wil;tahun_data;indikator;indeks\nINTERNAL-ROW-4711;2024;x;1\n"));

        PollService.Outcome o = polls.poll("it-ckan-dataset");

        assertThat(o.outcome()).isEqualTo("FAILED");
        assertThat(o.message()).isEqualTo("refused " + internal + ": localhost:" + STUB.port() + " is another host than the"
                + " source's own (127.0.0.1:" + STUB.port() + ") and not listed in ckan.resource-hosts; if the source really"
                + " serves its data from there, add it to ckan.resource-hosts in the source's file");
        assertThat(STUB.requests("/internal")).isEmpty();
        assertThat(batches.list("it-ckan-dataset", null, null, 10, 0)).isEmpty();
        String sources = new Http(port).as("operator", OPERATOR_PASSWORD).get("/api/v1/sources").body();
        assertThat(sources).contains("not listed in ckan.resource-hosts").doesNotContain("INTERNAL-ROW-4711");
    }

    @Test
    void aHeaderNamingAHubSettingIsRefusedAndNothingIsSent() throws Exception {
        STUB.on("/leak.csv", Reply.csv("Wilayah,Tahun,Jumlah Bayi Lahir\n"));
        Files.writeString(leak, """
                id: it-leak
                regency: "33"
                dataset: births
                kind: http
                schedule: "* * * * * ?"
                http:
                  url: "%s"
                  headers: { Authorization: "Bearer ${hub.security.operator.password}" }
                mapping:
                  region: { column: Wilayah }
                  period: { column: Tahun }
                  live_births: { column: Jumlah Bayi Lahir }
                """.formatted(STUB.url("/leak.csv")));
        Http operator = new Http(port).as("operator", OPERATOR_PASSWORD);

        HttpResponse<String> reload = operator.post("/api/v1/config/reload", null, new byte[0]);
        assertThat(reload.statusCode()).isEqualTo(422);
        assertThat(reload.body()).contains("it-leak.yaml:8: header 'Authorization' uses ${hub.security.operator.password}")
                .doesNotContain(OPERATOR_PASSWORD);
        assertThat(operator.post("/api/v1/sources/it-leak/run", null, new byte[0]).statusCode()).isEqualTo(404);
        assertThat(STUB.requests("/leak")).isEmpty();
        assertThat(STUB.requests("/")).allSatisfy(seen -> assertThat(seen.headers().values().toString())
                .doesNotContain(OPERATOR_PASSWORD));
    }
}
