package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.publish.CkanTestServer;

/**
 * A dataset with a publish section reaches its CKAN portal after each batch that changes it: the package with the
 * metadata, a DataStore resource keyed by the natural key, and exactly the warehouse's rows; a second batch sends only
 * the rows it changed; a failure is visible per dataset and in health, and an operator's replay (audited) sends it.
 */
class CkanPublishTest extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DATASET = """
            id: it_published
            title: Jumlah penduduk miskin (uji)
            description: Penduduk miskin per kabupaten/kota, untuk uji penerbitan.
            producer: BPS Provinsi Jawa Tengah
            steward: Diskominfo Provinsi Jawa Tengah
            periodicity: annual
            licence: cc-by
            tags: [kemiskinan, uji]
            publish:
              ckan: { url: "%s", organization: bps-jateng, package: penduduk-miskin-uji, api-key-env: HUB_CKAN_SECRET_IT }
            fields:
              - { name: region, type: region, level: regency, description: Kabupaten/kota }
              - { name: period, type: period, grain: year, description: Tahun }
              - { name: poor, type: integer, unit: jiwa, min: 0, description: Penduduk miskin }
            key: [region, period]
            """;
    static final String SOURCE = """
            id: it-published
            regency: "33"
            dataset: it_published
            kind: drop
            mapping:
              region: { column: kode }
              period: { column: tahun }
              poor: { column: jumlah }
            """;

    CkanTestServer portal;
    Http operator;
    Path datasetFile = CONFIG_DIR.resolve("datasets/it_published.yaml");
    Path sourceFile = CONFIG_DIR.resolve("sources/it-published.yaml");

    @BeforeEach
    void portalAndDataset() throws Exception {
        portal = new CkanTestServer();
        operator = new Http(port).as("operator", OPERATOR_PASSWORD);
        Files.writeString(datasetFile, DATASET.formatted(portal.url()));
        Files.writeString(sourceFile, SOURCE);
        assertThat(operator.post("/api/v1/config/reload", null, new byte[0]).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void removeDataset() throws Exception {
        Files.deleteIfExists(datasetFile);
        Files.deleteIfExists(sourceFile);
        operator.post("/api/v1/config/reload", null, new byte[0]);
        portal.close();
    }

    @Test
    void aLoadedBatchReachesThePortalWithItsMetadataAndASecondOnlyItsChangedRows() throws Exception {
        portal.addOrganization("bps-jateng", "BPS Provinsi Jawa Tengah");
        portal.addEditor(CKAN_KEY, "hub-bot", "bps-jateng");
        portal.failNext("datastore_upsert", 1);

        Batch first = load(csv(2022, 2024, 0), "miskin-1.csv");
        JsonNode status = awaitPublishedThrough(first.id());
        assertThat(status.path("status").asText()).isEqualTo("published");
        String resource = jdbc.queryForObject("SELECT resource_id FROM hub.publish_state WHERE dataset_id = 'it_published'", String.class);
        assertThat(rowsOnPortal(resource)).isEqualTo(rowsInWarehouse()).hasSize(105);
        assertThat(portal.calls("datastore_upsert")).extracting(CkanTestServer.Call::status).startsWith(500, 200);
        assertThat(portal.primaryKey(resource)).containsExactly("region", "period");

        JsonNode pkg = portal.dataset("penduduk-miskin-uji").orElseThrow();
        assertThat(pkg.path("title").asText()).isEqualTo("Jumlah penduduk miskin (uji)");
        assertThat(pkg.path("notes").asText()).isEqualTo("Penduduk miskin per kabupaten/kota, untuk uji penerbitan.");
        assertThat(pkg.path("author").asText()).isEqualTo("BPS Provinsi Jawa Tengah");
        assertThat(pkg.path("maintainer").asText()).isEqualTo("Diskominfo Provinsi Jawa Tengah");
        assertThat(pkg.path("license_id").asText()).isEqualTo("cc-by");
        assertThat(pkg.path("tags").findValuesAsText("name")).contains("kemiskinan", "uji");

        int before = upsertedRecords();
        Batch second = load(csv(2024, 2025, 7), "miskin-2.csv"); // 2024 changed, 2025 new
        awaitPublishedThrough(second.id());
        assertThat(rowsOnPortal(resource)).isEqualTo(rowsInWarehouse()).hasSize(140);
        assertThat(upsertedRecords() - before).as("only the rows the second batch wrote").isEqualTo(70);
        assertThat(portal.calls("package_create")).hasSize(1);
    }

    @Test
    void aFailureIsVisibleAndAReplaySendsTheDataset() throws Exception {
        Batch b = load(csv(2023, 2023, 0), "miskin.csv"); // the portal has no organization bps-jateng yet
        await().atMost(Duration.ofSeconds(30)).until(() -> publish().path("consecutiveFailures").asInt() > 0
                && String.valueOf(b.id()).equals(publish().path("run").path("batches").path(0).asText()));
        JsonNode failing = publish();
        assertThat(failing.path("status").asText()).isEqualTo("failing");
        assertThat(failing.path("lastError").asText()).contains("organization 'bps-jateng' does not exist on " + portal.url());
        assertThat(failing.path("run").path("batches").get(0).asText()).isEqualTo(String.valueOf(b.id()));
        HttpResponse<String> health = operator.get("/actuator/health");
        assertThat(JSON.readTree(health.body()).path("components").path("publishing").path("details").path("it_published").asText())
                .startsWith("FAILING");
        JsonNode asAnalyst = JSON.readTree(new Http(port).as("analyst", ANALYST_API_PASSWORD).get("/api/v1/datasets/it_published")
                .body()).path("publish");
        assertThat(asAnalyst.path("status").asText()).isEqualTo("failing");
        assertThat(asAnalyst.has("lastError")).as("the portal's words are for operators").isFalse();

        portal.addOrganization("bps-jateng", "BPS Provinsi Jawa Tengah");
        portal.addEditor(CKAN_KEY, "hub-bot", "bps-jateng");
        HttpResponse<String> replay = operator.post("/api/v1/datasets/it_published/publish", null, new byte[0]);
        assertThat(replay.statusCode()).isEqualTo(202);
        awaitPublishedThrough(b.id());
        String resource = jdbc.queryForObject("SELECT resource_id FROM hub.publish_state WHERE dataset_id = 'it_published'", String.class);
        assertThat(rowsOnPortal(resource)).isEqualTo(rowsInWarehouse()).hasSize(35);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.audit WHERE action = 'dataset.publish' AND outcome = 'ok'"
                + " AND params->>'dataset' = 'it_published'", Long.class)).isGreaterThanOrEqualTo(1);
    }

    /** Every regency of Jawa Tengah, for each year, by BPS code. */
    static String csv(int fromYear, int toYear, int offset) {
        StringBuilder sb = new StringBuilder("kode,tahun,jumlah\n");
        List<String> codes = new java.util.ArrayList<>();
        for (int i = 1; i <= 29; i++) codes.add(String.format("33%02d", i));
        for (int i = 71; i <= 76; i++) codes.add("33" + i);
        for (int y = fromYear; y <= toYear; y++) {
            for (String c : codes) sb.append(c).append(',').append(y).append(',').append(Integer.parseInt(c) * 10 + y + offset).append('\n');
        }
        return sb.toString();
    }

    private Batch load(String csv, String name) throws Exception {
        int before = batches.list("it-published", null, null, 100, 0).size();
        drop("it-published", csv, name);
        Batch b = awaitBatches("it-published", before + 1).get(0);
        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        return b;
    }

    private JsonNode publish() throws Exception {
        return JSON.readTree(operator.get("/api/v1/datasets/it_published").body()).path("publish");
    }

    private JsonNode awaitPublishedThrough(long batch) {
        await().atMost(Duration.ofSeconds(60)).until(() -> String.valueOf(batch).equals(publish().path("publishedThroughBatch").asText()));
        try {
            return publish();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Set<List<String>> rowsOnPortal(String resource) {
        Set<List<String>> out = new HashSet<>();
        for (Map<String, JsonNode> r : portal.rows(resource)) {
            assertThat(out.add(List.of(r.get("region").asText(), r.get("period").asText(), r.get("poor").asText())))
                    .as("a row twice: %s", r).isTrue();
        }
        return out;
    }

    private Set<List<String>> rowsInWarehouse() {
        return new HashSet<>(jdbc.query("SELECT region, period::text, poor::text FROM warehouse.it_published",
                (rs, i) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))));
    }

    private int upsertedRecords() {
        return portal.calls("datastore_upsert").stream().filter(c -> c.status() == 200).mapToInt(CkanTestServer.Call::records).sum();
    }
}
