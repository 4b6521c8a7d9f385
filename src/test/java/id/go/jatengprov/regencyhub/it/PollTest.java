package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.intake.poll.PollService;
import id.go.jatengprov.regencyhub.intake.poll.SourceState;
import id.go.jatengprov.regencyhub.intake.poll.SourceStateStore;
import id.go.jatengprov.regencyhub.it.StubServer.Reply;

/** Polled sources against real HTTP servers on loopback: CKAN datastores, JSON APIs, CSV files. */
class PollTest extends HubTestSupport {

    @Autowired PollService polls;
    @Autowired SourceStateStore states;

    static String ckanMeta(String lastModified) {
        return "{\"success\": true, \"result\": {\"id\": \"res-ipm\", \"last_modified\": \"" + lastModified + "\", \"hash\": \"\"}}";
    }

    static String ckanPage(int total, String... records) {
        return "{\"help\": \"...\", \"success\": true, \"result\": {\"resource_id\": \"res-ipm\", \"fields\": [],"
                + " \"records\": [" + String.join(",", records) + "], \"total\": " + total + "}}";
    }

    static String ipm(int id, String code, String name, String indicator, String value) {
        return "{\"_id\": " + id + ", \"tahun_data\": \"2024\", \"kod_wil\": \"" + code + "\", \"kab_kota\": \"" + name
                + "\", \"indikator\": \"" + indicator + "\", \"indeks\": \"" + value + "\"}";
    }

    void scriptCkan(String lastModified, String cilacapIpm) {
        STUB.on("/ckan/api/3/action/resource_show", Reply.json(ckanMeta(lastModified)));
        STUB.on("/ckan/api/3/action/datastore_search",
                Reply.json(ckanPage(5, ipm(1, "3301", "Kabupaten Cilacap", "Usia Harapan Hidup saat Lahir (tahun)", "74.57"),
                        ipm(2, "3301", "Kabupaten Cilacap", "Indeks Pembangunan Manusia", cilacapIpm))),
                Reply.json(ckanPage(5, ipm(3, "3374", "Kota Semarang", "Indeks Pembangunan Manusia", "85.25"),
                        ipm(4, "3302", "Kabupaten Banyumas", "Indeks Pembangunan Manusia", "74.52"))),
                Reply.json(ckanPage(5, ipm(5, "3376", "Kota Tegal", "Indeks Pembangunan Manusia", "77.43"))));
    }

    @Test
    void aCkanDatastoreOfThreePagesLoadsEveryRowOnceAndAnUnchangedResourceNothing() throws Exception {
        scriptCkan("2024-11-01T00:00:00", "72.38");
        Http operator = new Http(port).as("operator", OPERATOR_PASSWORD);
        assertThat(operator.post("/api/v1/sources/it-ckan-ipm/run", null, new byte[0]).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "QUEUED".equals(outcome("it-ckan-ipm")));
        awaitStatus(states.find("it-ckan-ipm").orElseThrow().lastBatch(), BatchStatus.LOADED);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.ipm", Long.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT value FROM warehouse.ipm WHERE region = '33.01' AND indicator = 'ipm'",
                BigDecimal.class)).isEqualByComparingTo("72.38");
        assertThat(STUB.requests("/ckan/api/3/action/datastore_search")).extracting(StubServer.Seen::pathAndQuery)
                .containsExactly("/ckan/api/3/action/datastore_search?resource_id=res-ipm&limit=2&offset=0",
                        "/ckan/api/3/action/datastore_search?resource_id=res-ipm&limit=2&offset=2",
                        "/ckan/api/3/action/datastore_search?resource_id=res-ipm&limit=2&offset=4");
        assertThat(operator.get("/api/v1/sources").body()).contains("\"id\":\"it-ckan-ipm\"").contains("\"outcome\":\"QUEUED\"")
                .contains("\"nextRun\"");

        // Unchanged last_modified: nothing is fetched or loaded.
        PollService.Outcome again = polls.poll("it-ckan-ipm");
        assertThat(again.outcome()).isEqualTo("UNCHANGED");
        assertThat(STUB.requests("/ckan/api/3/action/datastore_search")).hasSize(3);
        assertThat(batches.list("it-ckan-ipm", null, null, 10, 0)).hasSize(1);

        // A changed resource loads the change.
        scriptCkan("2024-11-20T00:00:00", "72.99");
        loaded(polls.poll("it-ckan-ipm"));
        assertThat(jdbc.queryForObject("SELECT value FROM warehouse.ipm WHERE region = '33.01' AND indicator = 'ipm'",
                BigDecimal.class)).isEqualByComparingTo("72.99");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.ipm", Long.class)).isEqualTo(5);
    }

    @Test
    void ckanSuccessFalseIsAFailureWithCkansOwnMessage() {
        STUB.on("/ckan-failing/api/3/action/resource_show", Reply.json(
                "{\"success\": false, \"error\": {\"__type\": \"Not Found Error\", \"message\": \"Resource was not found.\"}}"));
        PollService.Outcome o = polls.poll("it-ckan-failing");
        assertThat(o.outcome()).isEqualTo("FAILED");
        assertThat(o.message()).contains("CKAN reported failure: Resource was not found.");
        SourceState st = states.find("it-ckan-failing").orElseThrow();
        assertThat(st.lastMessage()).contains("Resource was not found.");
        assertThat(st.consecutiveFailures()).isEqualTo(1);
        polls.poll("it-ckan-failing");
        assertThat(states.find("it-ckan-failing").orElseThrow().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void aJsonApiIsPagedOnOffsetWithItsSecretHeaderAndTheSecretIsNeverStored() {
        STUB.on("/api/poverty",
                Reply.json("{\"data\": [{\"kode_kabupaten_kota\": \"3301\", \"nama_kabupaten_kota\": \"KABUPATEN CILACAP\", \"jumlah_penduduk_miskin\": 186.25, \"satuan\": \"RIBU JIWA\", \"tahun\": 2023},"
                        + "{\"kode_kabupaten_kota\": \"3302\", \"nama_kabupaten_kota\": \"KABUPATEN BANYUMAS\", \"jumlah_penduduk_miskin\": 211.46, \"satuan\": \"RIBU JIWA\", \"tahun\": 2023}],"
                        + " \"meta\": {\"total\": 3}}"),
                Reply.json("{\"data\": [{\"kode_kabupaten_kota\": \"3374\", \"nama_kabupaten_kota\": \"KOTA SEMARANG\", \"jumlah_penduduk_miskin\": 79.58, \"satuan\": \"RIBU JIWA\", \"tahun\": 2023}],"
                        + " \"meta\": {\"total\": 3}}"));
        loaded(polls.poll("it-http-json"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.poor_population", Long.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT poor_population FROM warehouse.poor_population WHERE region = '33.74'",
                BigDecimal.class)).isEqualByComparingTo("79.58");
        List<StubServer.Seen> seen = STUB.requests("/api/poverty");
        assertThat(seen).hasSize(2);
        assertThat(seen).allSatisfy(s -> assertThat(s.headers().getFirst("Authorization")).isEqualTo("Bearer " + IT_TOKEN));
        assertThat(seen.get(1).pathAndQuery()).isEqualTo("/api/poverty?offset=2&limit=2");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.batch WHERE message LIKE ? OR detected LIKE ?", Long.class,
                "%" + IT_TOKEN + "%", "%" + IT_TOKEN + "%")).isZero();
    }

    @Test
    void serverErrorsAreRetriedWithinOnePollAndValidatorsMakeTheNextPollConditional() throws Exception {
        String csv = Files.readString(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"));
        STUB.on("/files/births.csv", Reply.status(500), Reply.status(500), Reply.csv(csv).with("ETag", "\"v1\""), Reply.status(304));
        loaded(polls.poll("it-http-csv"));
        assertThat(STUB.requests("/files/births.csv")).hasSize(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(140);

        PollService.Outcome second = polls.poll("it-http-csv");
        assertThat(second.outcome()).isEqualTo("UNCHANGED");
        assertThat(STUB.requests("/files/births.csv").get(3).headers().getFirst("If-None-Match")).isEqualTo("\"v1\"");
    }

    @Test
    void sameBodyAgainWithoutValidatorsIsADuplicate() throws Exception {
        String csv = Files.readString(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"));
        STUB.on("/files/births.csv", Reply.csv(csv));
        loaded(polls.poll("it-http-csv"));
        assertThat(polls.poll("it-http-csv").outcome()).isEqualTo("DUPLICATE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.load_log", Long.class)).isEqualTo(1);
    }

    @Test
    void a429WithRetryAfterIsWaitedOut() throws Exception {
        String csv = Files.readString(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"));
        STUB.on("/files/births.csv", Reply.status(429).with("Retry-After", "2"), Reply.csv(csv));
        loaded(polls.poll("it-http-csv"));
        List<StubServer.Seen> seen = STUB.requests("/files/births.csv");
        assertThat(seen).hasSize(2);
        assertThat(Duration.ofNanos(seen.get(1).atNanos() - seen.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void anHtmlPageUnderAJsonContentTypeFailsThePollWithAClearReason() throws Exception {
        STUB.on("/api/poverty", new Reply(200, "application/json", "<!DOCTYPE html><html><body>Login</body></html>", java.util.Map.of(), 0));
        PollService.Outcome o = polls.poll("it-http-json");
        assertThat(o.outcome()).isEqualTo("FAILED");
        assertThat(o.message()).contains("HTML page").contains("instead of JSON");
        assertThat(new Http(port).as("operator", OPERATOR_PASSWORD).get("/api/v1/sources").body()).contains("HTML page");
        assertThat(batches.list("it-http-json", null, null, 10, 0)).isEmpty();
    }

    @Test
    void truncatedJsonFailsThePoll() {
        STUB.on("/api/poverty", Reply.json("{\"data\": [{\"kode_kabupaten_kota\": \"3301\", \"tah"));
        PollService.Outcome o = polls.poll("it-http-json");
        assertThat(o.outcome()).isEqualTo("FAILED");
        assertThat(o.message()).contains("not valid JSON");
    }

    @Test
    void aSlowEndpointHitsTheReadTimeout() {
        STUB.on("/files/births.csv", Reply.csv("Wilayah,Tahun\n").delayed(10_000));
        PollService.Outcome o = polls.poll("it-http-csv");
        assertThat(o.outcome()).isEqualTo("FAILED");
        assertThat(o.message()).contains("read timeout").contains("after 3 attempts");
    }

    static String poor(String code, String value) {
        return "{\"kode_kabupaten_kota\": \"" + code + "\", \"jumlah_penduduk_miskin\": \"" + value + "\", \"tahun\": \"2023\"}";
    }

    @Test
    void pagePagingStopsAtThePageCount() {
        STUB.on("/api/pages",
                Reply.json("{\"data\": [" + poor("3301", "186.25") + "," + poor("3302", "211.46") + "], \"meta\": {\"total_page\": 2}}"),
                Reply.json("{\"data\": [" + poor("3303", "129.6") + "], \"meta\": {\"total_page\": 2}}"));
        loaded(polls.poll("it-json-pages"));
        assertThat(STUB.requests("/api/pages")).extracting(StubServer.Seen::pathAndQuery)
                .containsExactly("/api/pages?page=1&per_page=2", "/api/pages?page=2&per_page=2");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.poor_population", Long.class)).isEqualTo(3);
    }

    @Test
    void nextPagingFollowsTheLinkOnTheSameHostOnly() {
        STUB.on("/api/next",
                Reply.json("{\"data\": [" + poor("3301", "186.25") + "], \"links\": {\"next\": \"/api/next2?cursor=abc\"}}"));
        STUB.on("/api/next2", Reply.json("{\"data\": [" + poor("3374", "79.58") + "], \"links\": {\"next\": null}}"));
        loaded(polls.poll("it-json-next"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.poor_population", Long.class)).isEqualTo(2);

        STUB.on("/api/next", Reply.json("{\"data\": [" + poor("3301", "1") + "], \"links\": {\"next\": \"http://192.0.2.1/steal\"}}"));
        PollService.Outcome o = polls.poll("it-json-next");
        assertThat(o.outcome()).isEqualTo("FAILED");
        assertThat(o.message()).contains("another host");
    }

    @Test
    void aCkanDatasetDownloadsItsCsvResource() throws Exception {
        String csv = Files.readString(SAMPLES.resolve("ipm_jateng_2024_datajatengprov_semicolon.csv"));
        STUB.on("/portal/api/3/action/package_show", Reply.json("{\"success\": true, \"result\": {\"name\": \"ipm-jateng\", \"resources\": ["
                + "{\"format\": \"XLSX\", \"url\": \"/files/ipm.xlsx\"},"
                + "{\"format\": \"CSV\", \"url\": \"" + STUB.url("/portal/files/ipm.csv") + "\", \"last_modified\": \"2024-12-01T00:00:00\"}]}}"));
        STUB.on("/portal/files/ipm.csv", Reply.csv(csv));
        loaded(polls.poll("it-ckan-dataset"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.ipm", Long.class)).isEqualTo(175);
        assertThat(polls.poll("it-ckan-dataset").outcome()).isEqualTo("UNCHANGED");
        assertThat(STUB.requests("/portal/files/ipm.csv")).hasSize(1);
    }

    @Test
    void aRedirectToAnotherHostIsRefused() {
        STUB.on("/files/births.csv", Reply.status(302).with("Location", "http://192.0.2.1/births.csv"));
        PollService.Outcome o = polls.poll("it-http-csv");
        assertThat(o.outcome()).isEqualTo("FAILED");
        assertThat(o.message()).contains("redirect").contains("another host");
    }

    @Test
    void aRunawayResponseIsCutAtTheSizeLimit() {
        STUB.on("/files/births.csv", Reply.csv("Wilayah,Tahun\n" + "x".repeat(2 * 1024 * 1024)));
        PollService.Outcome o = polls.poll("it-http-csv");
        assertThat(o.outcome()).isEqualTo("FAILED");
        assertThat(o.message()).contains("larger than hub.poll.max-bytes");
        assertThat(batches.list("it-http-csv", null, null, 10, 0)).isEmpty();
    }

    @Test
    void aCronScheduleFiresThePollWithoutAManualTrigger() {
        await().atMost(Duration.ofSeconds(10)).until(() -> states.find("it-cron").map(SourceState::lastRunAt).isPresent());
        assertThat(states.find("it-cron").orElseThrow().lastOutcome()).isEqualTo("UNCHANGED");
    }

    /** A poll returns once its batch is queued; the loaders finish it. */
    private void loaded(PollService.Outcome o) {
        assertThat(o.outcome()).as(String.valueOf(o.message())).isIn("QUEUED", "LOADED");
        awaitStatus(o.batch(), BatchStatus.LOADED);
    }

    private String outcome(String source) {
        return states.find(source).map(SourceState::lastOutcome).orElse(null);
    }
}
