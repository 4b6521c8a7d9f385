package id.go.jatengprov.regencyhub.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.JsonNode;

import id.go.jatengprov.regencyhub.publish.CkanClient.Settings;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.PageAck;
import id.go.jatengprov.regencyhub.publish.CkanTestCatalog.Role;

/** A test portal with organization bps-jateng, an editor's key in the "environment", and a publisher for it. */
abstract class PublishTestSupport {

    static final String KEY_ENV = "CKAN_JATENG_API_KEY";
    static final String TOKEN = "tok-hub-7d2e";

    CkanTestServer portal;
    CkanTarget target;
    CkanClient client;
    CkanPublisher publisher;
    final List<PageAck> acks = new ArrayList<>();

    @BeforeEach
    void startPortal() {
        portal = new CkanTestServer();
        portal.addOrganization("bps-jateng", "BPS Provinsi Jawa Tengah");
        portal.addOrganization("dinkes-jateng", "Dinas Kesehatan Provinsi Jawa Tengah");
        portal.addUser(TOKEN, "hub-bot", "bps-jateng", Role.EDITOR);
        target = new CkanTarget(URI.create(portal.url()), "bps-jateng", "penduduk-kabkota-jateng", KEY_ENV);
        client = CkanClient.forTarget(target, Map.of(KEY_ENV, TOKEN)::get, settings());
        publisher = new CkanPublisher(client, target, 1000);
    }

    @AfterEach
    void stopPortal() {
        portal.close();
    }

    static Settings settings() {
        return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(10), 3, Duration.ofMillis(10), Duration.ofMillis(50), 8 << 20);
    }

    JsonNode dataset() {
        return portal.dataset(target.packageName()).orElseThrow();
    }

    static String extra(JsonNode pkg, String key) {
        for (JsonNode x : pkg.path("extras")) {
            if (x.path("key").asText().equals(key)) return x.path("value").asText();
        }
        return null;
    }

    /** The DataStore holds exactly these rows: one per key, with these values, nothing else. */
    void assertDatastoreHoldsExactly(String resourceId, List<Map<String, Object>> expected) {
        List<Map<String, JsonNode>> stored = portal.rows(resourceId);
        Map<List<String>, Map<String, JsonNode>> byKey = new HashMap<>();
        for (Map<String, JsonNode> r : stored) {
            List<String> key = List.of(r.get("region").asText(), r.get("period").asText(), r.get("sex").asText());
            assertThat(byKey.put(key, r)).as("a second row with key %s", key).isNull();
        }
        assertThat(stored).hasSize(expected.size());
        for (Map<String, Object> e : expected) {
            Map<String, JsonNode> r = byKey.get(PopulationDataset.key(e));
            assertThat(r).as("row %s", PopulationDataset.key(e)).isNotNull();
            assertThat(r.get("population").longValue()).isEqualTo((Long) e.get("population"));
            assertThat(r.get("density").decimalValue()).isEqualByComparingTo((BigDecimal) e.get("density"));
            assertThat(r.get("estimated").booleanValue()).isEqualTo(e.get("estimated"));
        }
    }

    List<Integer> upsertPageSizes() {
        return portal.calls("datastore_upsert").stream().filter(c -> c.status() == 200).map(CkanTestServer.Call::records).toList();
    }
}
