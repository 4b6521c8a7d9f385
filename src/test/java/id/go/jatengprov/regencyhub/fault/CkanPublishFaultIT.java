package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import id.go.jatengprov.regencyhub.publish.CkanTestServer.Fault;
import id.go.jatengprov.regencyhub.publish.CkanTestServer;

/**
 * Publishing survives {@code kill -9}: the packaged hub publishes a dataset of 2,030 rows to the CKAN test portal in
 * pages of 100 (the first upsert answered 500 and retried), is killed while a page is in flight, and when started
 * again resumes after its last confirmed page. The portal ends with exactly the warehouse's rows, one package, one
 * resource, and no row sent twice except in the one page that was in flight.
 */
class CkanPublishFaultIT extends FaultSupport {

    static final String TOKEN = "fault-ckan-token-5e1";
    static final int YEARS = 58;

    @Test
    void aHubKilledWhilePublishingResumesAndThePortalHoldsExactlyTheWarehouse() throws Exception {
        Path runDir = Path.of("target", "fault-runs", "ckan-publish").toAbsolutePath();
        FaultData.deleteTree(runDir);
        try (CkanTestServer portal = new CkanTestServer()) {
            portal.addOrganization("bps-jateng", "BPS Provinsi Jawa Tengah");
            portal.addEditor(TOKEN, "hub-bot", "bps-jateng");
            // a 500 on the first try; five pages confirmed; the sixth held back until after the kill
            portal.inject("datastore_upsert", Fault.fail500(), Fault.pass(), Fault.pass(), Fault.pass(), Fault.pass(),
                    Fault.pass(), Fault.delay(Duration.ofSeconds(20)));
            writeConfig(runDir, portal.url());
            try (HubProcess hub = HubProcess.in(runDir).with("hub.publish.interval", "500ms").with("hub.publish.page-size", 100)
                    .with("hub.publish.backoff", "50ms").with("hub.publish.retry-initial", "1s")
                    .with("HUB_CKAN_SECRET_FAULT", TOKEN).build().start()) {
                Files.createDirectories(hub.dropDir("fault-published"));
                Path tmp = hub.dropDir("fault-published").resolve("miskin.csv.tmp");
                Files.writeString(tmp, csv());
                Files.move(tmp, hub.dropDir("fault-published").resolve("miskin.csv"));

                await("five pages confirmed").atMost(Duration.ofSeconds(120)).until(() -> rowsSent(hub) >= 500);
                hub.kill();
                assertThat(rowsSent(hub)).as("the checkpoint when killed").isEqualTo(500);

                hub.start();
                await("the run finished").atMost(Duration.ofSeconds(120)).until(() -> published(hub));

                Set<List<String>> warehouse = warehouse(hub);
                assertThat(warehouse).hasSize(35 * YEARS);
                String resource = resourceId(hub);
                Set<List<String>> onPortal = new HashSet<>();
                for (Map<String, JsonNode> r : portal.rows(resource)) {
                    assertThat(onPortal.add(List.of(r.get("region").asText(), r.get("period").asText(), r.get("poor").asText())))
                            .as("one DataStore row per key").isTrue();
                }
                assertThat(onPortal).isEqualTo(warehouse);
                assertThat(portal.calls("package_create")).hasSize(1);
                assertThat(portal.dataset("penduduk-miskin-fault").orElseThrow().path("resources")).hasSize(1);
                int confirmedOnce = portal.calls("datastore_upsert").stream()
                        .filter(c -> c.status() == 200 && c.fault() == Fault.Kind.PASS).mapToInt(CkanTestServer.Call::records).sum();
                assertThat(confirmedOnce).as("rows sent in pages the hub saw confirmed or sent after the restart").isEqualTo(35 * YEARS);
                assertThat(hub.logText()).doesNotContain(TOKEN);
            }
        }
    }

    private static void writeConfig(Path runDir, String portal) throws Exception {
        FaultData.writeConfig(runDir);
        Path config = runDir.resolve("config");
        Files.writeString(config.resolve("datasets/fault_published.yaml"), """
                id: fault_published
                title: Jumlah penduduk miskin (uji gangguan)
                description: Penduduk miskin per kabupaten/kota, untuk uji penerbitan yang diputus.
                producer: BPS Provinsi Jawa Tengah
                periodicity: annual
                publish:
                  ckan: { url: "%s", organization: bps-jateng, package: penduduk-miskin-fault, api-key-env: HUB_CKAN_SECRET_FAULT }
                fields:
                  - { name: region, type: region, level: regency }
                  - { name: period, type: period, grain: year }
                  - { name: poor, type: integer, unit: jiwa, min: 0 }
                key: [region, period]
                """.formatted(portal));
        Files.writeString(config.resolve("sources/fault-published.yaml"), """
                id: fault-published
                regency: "33"
                dataset: fault_published
                kind: drop
                mapping:
                  region: { column: kode }
                  period: { column: tahun }
                  poor: { column: jumlah }
                """);
    }

    private static String csv() {
        StringBuilder sb = new StringBuilder("kode,tahun,jumlah\n");
        List<String> codes = new ArrayList<>();
        for (int i = 1; i <= 29; i++) codes.add(String.format("33%02d", i));
        for (int i = 71; i <= 76; i++) codes.add("33" + i);
        for (int y = 2024 - YEARS + 1; y <= 2024; y++) {
            for (String c : codes) sb.append(c).append(',').append(y).append(',').append(Integer.parseInt(c) + y).append('\n');
        }
        return sb.toString();
    }

    private static long rowsSent(HubProcess hub) {
        try (Connection c = hub.db(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT run_rows_sent FROM hub.publish_state WHERE dataset_id = 'fault_published'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (Exception e) {
            return -1;
        }
    }

    private static boolean published(HubProcess hub) {
        try (Connection c = hub.db(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT run_batches IS NULL AND published_through IS NOT NULL FROM hub.publish_state
                WHERE dataset_id = 'fault_published'""")) {
            return rs.next() && rs.getBoolean(1);
        } catch (Exception e) {
            return false;
        }
    }

    private static String resourceId(HubProcess hub) throws Exception {
        try (Connection c = hub.db(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT resource_id FROM hub.publish_state WHERE dataset_id = 'fault_published'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Set<List<String>> warehouse(HubProcess hub) throws Exception {
        Set<List<String>> out = new HashSet<>();
        try (Connection c = hub.db(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT region, period::text, poor::text FROM warehouse.fault_published")) {
            while (rs.next()) out.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
        return out;
    }
}
