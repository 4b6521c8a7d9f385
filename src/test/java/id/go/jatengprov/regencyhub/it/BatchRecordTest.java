package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * What the API says about a batch is right: timestamps in order and counts that add up for LOADED, FAILED (over
 * max-reject-ratio) and DUPLICATE, and it says which regency, which periods and who delivered it; the list
 * filters by regency and dataset, and a regency sees only its own.
 */
class BatchRecordTest extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HEADER = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";
    static final String POPULATION = "Kecamatan,Tahun,Laki-laki,Perempuan\nMijen,2023,40000,41000\nTugu,2024,16000,16500\n";

    Http operator;

    @BeforeEach
    void client() {
        operator = new Http(port).as("operator", OPERATOR_PASSWORD);
    }

    @Test
    void aLoadedBatchHasOrderedTimesItsCountsItsRegencyPeriodsAndDeliverer() throws Exception {
        drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
        long id = awaitFinal("jateng-births").id();

        JsonNode b = batch(id);
        assertThat(b.path("status").asText()).isEqualTo("LOADED");
        assertOrdered(b, true);
        assertThat(b.path("rows").path("read").asLong()).isEqualTo(140);
        assertThat(b.path("rows").path("loaded").asLong()).isEqualTo(140);
        assertThat(b.path("rows").path("rejected").asLong()).isZero();
        assertThat(b.path("rows").path("skipped").asLong()).isZero();
        assertThat(b.path("chunks").path("loaded").asInt()).isEqualTo(b.path("chunks").path("total").asInt()).isPositive();
        assertThat(b.path("regency").asText()).isEqualTo("33");
        assertThat(b.path("periods").path("from").asText()).isEqualTo("2020-01-01");
        assertThat(b.path("periods").path("to").asText()).isEqualTo("2023-01-01");
        assertThat(b.path("deliveredBy").asText()).isEqualTo("drop folder");
        assertThat(b.path("origin").asText()).isEqualTo("drop");
    }

    @Test
    void aFileOverTheRejectRatioFailsWithEveryRowOfTheFileCountedAndItsUploaderNamed() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER).append("Kabupaten Cilacap,2020,1000,10,5\n");
        for (int i = 0; i < 14; i++) csv.append("Kabupaten Atlantis,").append(2000 + i).append(",1000,10,5\n");
        HttpResponse<String> r = operator.post("/api/v1/sources/jateng-births/uploads", "text/csv", csv.toString().getBytes());
        assertThat(r.statusCode()).isEqualTo(202);
        long id = Long.parseLong(JSON.readTree(r.body()).path("batch").asText());
        awaitStatus(id, BatchStatus.FAILED);

        JsonNode b = batch(id);
        assertThat(b.path("message").asText()).startsWith("14 of 15 rows rejected (93.3%), more than the source's max-reject-ratio 0.20");
        assertThat(b.path("rows").path("read").asLong()).isEqualTo(15);
        assertThat(b.path("rows").path("rejected").asLong()).isEqualTo(14);
        assertThat(b.path("rows").path("loaded").asLong()).isZero();
        assertThat(b.path("queuedAt").isNull()).as("never queued").isTrue();
        assertOrdered(b, false);
        assertThat(b.path("deliveredBy").asText()).isEqualTo("operator");
        assertThat(b.path("origin").asText()).isEqualTo("upload");
        assertThat(b.path("periods").path("from").asText()).as("the one row that normalised").isEqualTo("2020-01-01");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isZero();
    }

    @Test
    void theSameBytesAgainAreADuplicateThatLoadsNothing() throws Exception {
        byte[] file = (HEADER + "Kabupaten Cilacap,2020,1000,10,5\n").getBytes();
        Http semarang = new Http(port).as("3374", SEMARANG_PASSWORD);
        HttpResponse<String> first = operator.post("/api/v1/sources/jateng-births/uploads", "text/csv", file);
        long firstId = Long.parseLong(JSON.readTree(first.body()).path("batch").asText());
        awaitStatus(firstId, BatchStatus.LOADED);

        HttpResponse<String> again = operator.post("/api/v1/sources/jateng-births/uploads", "text/csv", file);
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(again.body());
        assertThat(answer.path("status").asText()).isEqualTo("DUPLICATE");
        assertThat(answer.path("duplicateOf").asText()).isEqualTo(String.valueOf(firstId));

        JsonNode b = batch(Long.parseLong(answer.path("batch").asText()));
        assertThat(b.path("status").asText()).isEqualTo("DUPLICATE");
        assertThat(b.path("duplicateOf").asText()).isEqualTo(String.valueOf(firstId));
        assertThat(b.path("rows").path("read").asLong()).isZero();
        assertThat(b.path("rows").path("loaded").asLong()).isZero();
        assertThat(b.path("receivedAt").asText()).isEqualTo(b.path("finishedAt").asText());
        assertThat(b.path("regency").asText()).isEqualTo("33");
        assertThat(b.path("deliveredBy").asText()).isEqualTo("operator");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(1);
        assertThat(semarang.get("/api/v1/batches/" + firstId).statusCode()).as("another regency's batch").isEqualTo(404);
    }

    @Test
    void theListFiltersByRegencyAndDatasetAndARegencySeesOnlyItsOwn() throws Exception {
        drop("jateng-births", HEADER + "Kabupaten Cilacap,2020,1000,10,5\n", "births.csv");
        long births = awaitFinal("jateng-births").id();
        HttpResponse<String> up = new Http(port).as("3374", SEMARANG_PASSWORD)
                .post("/api/v1/sources/semarang-population/uploads", "text/csv", POPULATION.getBytes());
        assertThat(up.statusCode()).isEqualTo(202);
        long population = Long.parseLong(JSON.readTree(up.body()).path("batch").asText());
        awaitStatus(population, BatchStatus.LOADED);

        JsonNode pop = batch(population);
        assertThat(pop.path("regency").asText()).isEqualTo("33.74");
        assertThat(pop.path("deliveredBy").asText()).isEqualTo("3374");
        assertThat(pop.path("periods").path("from").asText()).isEqualTo("2023-01-01");
        assertThat(pop.path("periods").path("to").asText()).isEqualTo("2024-01-01");

        assertThat(ids(operator, "")).containsExactly(population, births);
        assertThat(ids(operator, "?regency=33.74")).containsExactly(population);
        assertThat(ids(operator, "?regency=3374")).as("the BPS code names the same regency").containsExactly(population);
        assertThat(ids(operator, "?regency=33")).containsExactly(births);
        assertThat(ids(operator, "?dataset=births")).containsExactly(births);
        assertThat(ids(operator, "?dataset=population&regency=33")).isEmpty();

        Http semarang = new Http(port).as("3374", SEMARANG_PASSWORD);
        assertThat(ids(semarang, "")).containsExactly(population);
        assertThat(ids(semarang, "?regency=33")).as("not its own: nothing").isEmpty();
        assertThat(ids(semarang, "?dataset=births")).isEmpty();

        HttpResponse<String> bad = operator.get("/api/v1/batches?regency=9999");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown regency '9999'");
    }

    private JsonNode batch(long id) throws Exception {
        HttpResponse<String> r = operator.get("/api/v1/batches/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<Long> ids(Http as, String query) throws Exception {
        HttpResponse<String> r = as.get("/api/v1/batches" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Long> out = new ArrayList<>();
        JSON.readTree(r.body()).path("items").forEach(i -> out.add(Long.parseLong(i.path("batch").asText())));
        return out;
    }

    /** receivedAt ≤ queuedAt ≤ finishedAt, as far as they are set. */
    private static void assertOrdered(JsonNode b, boolean queued) {
        OffsetDateTime received = OffsetDateTime.parse(b.path("receivedAt").asText());
        OffsetDateTime finished = OffsetDateTime.parse(b.path("finishedAt").asText());
        if (queued) {
            OffsetDateTime q = OffsetDateTime.parse(b.path("queuedAt").asText());
            assertThat(q).isAfterOrEqualTo(received);
            assertThat(finished).isAfterOrEqualTo(q);
        }
        assertThat(finished).isAfterOrEqualTo(received);
    }
}
