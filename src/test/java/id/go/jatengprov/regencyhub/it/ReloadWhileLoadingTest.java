package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * A reload while a batch's chunks wait in the load queue does not change how they load: they load under the
 * configuration their batch started with (ActiveConfig's promise), also when the reload removed a field of
 * their dataset (its column stays in the table), their source, or their dataset. The chunks are held in the
 * queue by stopping the load route, so the reload certainly comes between queueing and loading.
 */
class ReloadWhileLoadingTest extends HubTestSupport {

    static final String DATASET = """
            id: it_reload
            title: Reload while loading
            fields:
              - { name: region, type: region, level: regency }
              - { name: period, type: period, grain: year }
              - { name: households, type: integer, min: 0, required: true }
            %s
            key: [region, period]
            """;
    static final String WELLS_FIELD = "  - { name: wells, type: integer, min: 0 }";
    static final String SOURCE = """
            id: it-reload
            regency: "33"
            dataset: it_reload
            kind: drop
            mapping:
              region: { column: Wilayah }
              period: { column: Tahun }
              households: { column: Rumah Tangga }
            %s
            """;
    static final String WELLS_MAPPING = "  wells: { column: Sumur }";
    static final String FILE = """
            Wilayah,Tahun,Rumah Tangga,Sumur
            Kab. Cilacap,2023,512003,17804
            KABUPATEN BANYUMAS,2023,498772,20311
            Kota Semarang,2023,511320,902
            """;

    @Autowired CamelContext camel;
    final Path dataset = CONFIG_DIR.resolve("datasets/it_reload.yaml");
    final Path source = CONFIG_DIR.resolve("sources/it-reload.yaml");

    @BeforeEach
    void datasetAndSource() throws Exception {
        Files.writeString(dataset, DATASET.formatted(WELLS_FIELD));
        Files.writeString(source, SOURCE.formatted(WELLS_MAPPING));
        assertThat(reload().statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("drop-it-reload") != null);
    }

    @AfterEach
    void removeThemAndStartLoading() throws Exception {
        try {
            if (!camel.getRouteController().getRouteStatus("load").isStarted()) {
                camel.getRouteController().startRoute("load");
            }
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(dataset);
            reload();
        }
    }

    @Test
    void aFieldRemovedWhileChunksWaitStillLoadsWithTheirValues() throws Exception {
        Batch queued = queuedWithLoadingStopped();
        Files.writeString(dataset, DATASET.formatted(""));
        Files.writeString(source, SOURCE.formatted(""));
        HttpResponse<String> r = reload();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("RELOADED").contains("changed source it-reload");

        assertLoadedExactly(queued);
        assertThat(jdbc.queryForList("SELECT wells FROM warehouse.it_reload ORDER BY region", Long.class))
                .as("the removed field's values, as the batch's configuration had them").containsExactly(17804L, 20311L, 902L);
    }

    @Test
    void aSourceRemovedWhileChunksWaitStillLoads() throws Exception {
        Batch queued = queuedWithLoadingStopped();
        Files.delete(source);
        HttpResponse<String> r = reload();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("removed source it-reload");
        assertThat(camel.getRoute("drop-it-reload")).isNull();

        assertLoadedExactly(queued);
    }

    @Test
    void aSourceAndItsDatasetRemovedWhileChunksWaitStillLoad() throws Exception {
        Batch queued = queuedWithLoadingStopped();
        Files.delete(source);
        Files.delete(dataset);
        assertThat(reload().statusCode()).isEqualTo(200);

        assertLoadedExactly(queued);
    }

    /** Stops the load route, drops the file and waits until its batch's chunks are all in the queue. */
    private Batch queuedWithLoadingStopped() throws Exception {
        camel.getRouteController().stopRoute("load");
        drop("it-reload", FILE, "rumah-tangga.csv");
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.list("it-reload", BatchStatus.QUEUED, null, 1, 0).size() == 1);
        Batch b = batches.list("it-reload", null, null, 10, 0).get(0);
        assertThat(b.state().chunksLoaded()).as("nothing loaded while the load route is stopped").isZero();
        return b;
    }

    private void assertLoadedExactly(Batch queued) throws Exception {
        camel.getRouteController().startRoute("load");
        Batch b = awaitStatus(queued.id(), BatchStatus.LOADED);
        assertThat(b.rowsLoaded()).isEqualTo(3);
        assertThat(b.message()).isNull();
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT region, households, _batch FROM warehouse.it_reload ORDER BY region");
        assertThat(rows).extracting(m -> m.get("region") + " " + m.get("households") + " " + m.get("_batch")).containsExactly(
                "33.01 512003 " + b.id(), "33.02 498772 " + b.id(), "33.74 511320 " + b.id());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.chunk_failure", Long.class)).as("no failed attempt").isZero();
    }

    private HttpResponse<String> reload() throws Exception {
        return new Http(port).as("operator", OPERATOR_PASSWORD).post("/api/v1/config/reload", null, new byte[0]);
    }
}
