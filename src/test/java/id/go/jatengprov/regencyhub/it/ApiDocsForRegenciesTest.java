package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A regency opens the API docs as the README says: /api/docs leads to Swagger UI's page, the page's
 * script, its settings and the description itself all load; nothing else opens with them.
 */
class ApiDocsForRegenciesTest extends HubTestSupport {

    @Test
    void aRegencyLoadsTheDocsPageItsSettingsAndTheDescription() throws Exception {
        for (Http who : new Http[] {new Http(port).as("3374", SEMARANG_PASSWORD), new Http(port).as("operator", OPERATOR_PASSWORD)}) {
            HttpResponse<String> docs = who.get("/api/docs");
            assertThat(docs.statusCode()).isEqualTo(302);
            String page = docs.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
            assertThat(page).startsWith("/api/swagger-ui/index.html");
            String folder = page.substring(0, page.lastIndexOf('/') + 1);

            HttpResponse<String> html = who.get(page);
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.body()).contains("swagger-ui", "swagger-initializer.js");

            HttpResponse<String> init = who.get(folder + "swagger-initializer.js");
            assertThat(init.statusCode()).isEqualTo(200);
            Matcher m = Pattern.compile("\"configUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(init.body());
            assertThat(m.find()).as(init.body()).isTrue();
            HttpResponse<String> config = who.get(m.group(1));
            assertThat(config.statusCode()).as(m.group(1)).isEqualTo(200);
            Matcher url = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"").matcher(config.body());
            assertThat(url.find()).as(config.body()).isTrue();
            assertThat(url.group(1)).isEqualTo("/api/openapi.json");

            HttpResponse<String> api = who.get(url.group(1));
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.body()).contains("\"openapi\"", "/api/v1/sources/{id}/uploads");
            assertThat(who.get(folder + "swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void nothingElseOpensWithTheDocs() throws Exception {
        Http semarang = new Http(port).as("3374", SEMARANG_PASSWORD);
        assertThat(semarang.get("/v3/api-docs").statusCode()).isIn(403, 404);
        assertThat(semarang.get("/swagger-ui/index.html").statusCode()).isIn(403, 404);
        assertThat(semarang.get("/webjars/swagger-ui/index.html").statusCode()).isIn(403, 404);
        assertThat(semarang.get("/api/openapi.json/other").statusCode()).isIn(403, 404);
        assertThat(semarang.get("/api/v1/sources").statusCode()).isEqualTo(403);
        assertThat(semarang.get("/actuator/prometheus").statusCode()).isEqualTo(403);
        Http anon = new Http(port);
        for (String p : new String[] {"/api/docs", "/api/swagger-ui/index.html", "/api/openapi.json", "/api/openapi.json/swagger-config"}) {
            assertThat(anon.get(p).statusCode()).as(p).isEqualTo(401);
        }
    }
}
