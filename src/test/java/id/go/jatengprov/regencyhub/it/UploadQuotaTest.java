package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * hub.upload.quota.per-regency: past a regency's bytes for the day, uploads get 429 with Retry-After and the JSON error
 * shape, and the refusal is audited; another regency is not affected. A hub of its own with a quota of 3 KB.
 */
class UploadQuotaTest {

    static byte[] csv(int bytes) {
        StringBuilder s = new StringBuilder("Kecamatan,Tahun,Laki-laki,Perempuan\n");
        while (s.length() < bytes) s.append("Semarang Tengah,2024,1,1\n");
        return s.substring(0, bytes).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRegencyPastItsDailyQuotaGets429WithRetryAfter() throws Exception {
        try (OwnHub hub = OwnHub.start("hub.upload.quota.per-regency=3KB")) {
            Http semarang = new Http(hub.port()).as("3374", OwnHub.SEMARANG_PASSWORD);
            String path = "/api/v1/sources/semarang-population/uploads";
            assertThat(semarang.post(path, "text/csv", csv(2000)).statusCode()).isEqualTo(202);

            HttpResponse<String> refused = semarang.post(path, "text/csv", csv(2000));
            assertThat(refused.statusCode()).isEqualTo(429);
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 86_400L);
            JsonNode body = ApiErrorShapesTest.JSON.readTree(refused.body());
            assertThat(body.path("status").asInt()).isEqualTo(429);
            assertThat(body.path("error").asText()).isEqualTo("Too Many Requests");
            assertThat(body.path("path").asText()).isEqualTo(path);
            assertThat(body.path("message").asText()).contains("daily upload quota of regency 33.74 (3072 bytes,"
                    + " hub.upload.quota.per-regency) is used up").contains("1072 bytes left");

            // A chunked body (no Content-Length) is cut where the quota ends.
            HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("3374:" + OwnHub.SEMARANG_PASSWORD)
                            .getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(csv(1500)))).build();
            HttpResponse<String> cut = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
            assertThat(cut.statusCode()).isEqualTo(429);
            assertThat(cut.headers().firstValue("Retry-After")).isPresent();

            JdbcTemplate jdbc = hub.bean(JdbcTemplate.class);
            assertThat(jdbc.queryForList("SELECT actor, outcome, detail FROM hub.audit WHERE action = 'upload' ORDER BY id"))
                    .extracting(m -> m.get("actor") + " " + m.get("outcome") + " " + String.valueOf(m.get("detail")).substring(0, 3))
                    .containsExactly("3374 ok bat", "3374 refused 429", "3374 refused 429");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.batch WHERE origin = 'upload'", Long.class)).isEqualTo(1);

            // The province's quota is its own.
            Http operator = new Http(hub.port()).as("operator", OwnHub.OPERATOR_PASSWORD);
            assertThat(operator.post("/api/v1/sources/jateng-births/uploads", "text/csv",
                    "Wilayah,Tahun,Jumlah Bayi Lahir\nKabupaten Cilacap,2020,28303\n".getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(202);
        }
    }
}
