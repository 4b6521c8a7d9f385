package id.go.jatengprov.regencyhub.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.it.StubServer.Reply;
import id.go.jatengprov.regencyhub.it.StubServer;

/** The CKAN client on its own, against a real server on loopback: both modes, change detection, CKAN's failures. */
class CkanSourceFetchTest {

    /** The route poll-http in a small Camel context: requests go through camel-http as in the hub. */
    static final PollHttp HTTP = new PollHttp(props());

    @AfterAll
    static void stopCamel() {
        HTTP.close();
    }

    final StubServer portal = new StubServer();
    @TempDir Path work;

    final CkanSourceFetch ckan = new CkanSourceFetch(HTTP.fetcher(props()), 100);

    static PollProperties props() {
        PollProperties p = new PollProperties();
        p.setAttempts(2);
        p.setBackoff(Duration.ofMillis(10));
        p.setReadTimeout(Duration.ofSeconds(5));
        p.setMaxBytes(DataSize.ofMegabytes(1));
        p.setAllowLoopback(true); // the portal runs on loopback
        return p;
    }

    @AfterEach
    void stop() {
        portal.stop();
    }

    SourceDef source(String resource, String dataset) {
        return source(resource, dataset, java.util.List.of());
    }

    SourceDef source(String resource, String dataset, java.util.List<String> resourceHosts) {
        return new SourceDef("t-ckan", "33", "ipm", SourceDef.Kind.CKAN, "0 0 2 * * ?", null, null,
                new SourceDef.CkanSpec(portal.url("/portal"), resource, dataset, null, 2, resourceHosts), null, "auto", null,
                Map.of(), null, 0.2, "t.yaml", null, null);
    }

    static String page(int total, String... records) {
        return "{\"success\": true, \"result\": {\"records\": [" + String.join(",", records) + "], \"total\": " + total + "}}";
    }

    @Test
    void aDatastoreResourceIsReadPageByPageIntoOneArray() throws Exception {
        portal.on("/portal/api/3/action/resource_show", Reply.json("{\"success\": true, \"result\": {\"last_modified\": \"2026-11-01T00:00:00\", \"hash\": \"h1\"}}"));
        portal.on("/portal/api/3/action/datastore_search", Reply.json(page(3, "{\"a\": 1}", "{\"a\": 2}")), Reply.json(page(3, "{\"a\": 3}")));
        Fetched f = ckan.fetch(source("res-1", null), SourceState.empty("t-ckan"), work);
        assertThat(Files.readString(f.file())).isEqualTo("[{\"a\":1},{\"a\":2},{\"a\":3}]");
        assertThat(f.validators().ckanLastModified()).isEqualTo("2026-11-01T00:00:00");
        assertThat(portal.requests("/portal/api/3/action/datastore_search")).extracting(StubServer.Seen::pathAndQuery)
                .containsExactly("/portal/api/3/action/datastore_search?resource_id=res-1&limit=2&offset=0",
                        "/portal/api/3/action/datastore_search?resource_id=res-1&limit=2&offset=2");
    }

    @Test
    void anUnchangedResourceIsNotFetched() throws Exception {
        portal.on("/portal/api/3/action/resource_show", Reply.json("{\"success\": true, \"result\": {\"last_modified\": \"2026-11-01T00:00:00\", \"hash\": \"h1\"}}"));
        SourceState before = new SourceState("t-ckan", null, null, null, null, null, null, 0, null, null, "2026-11-01T00:00:00", "h1");
        Fetched f = ckan.fetch(source("res-1", null), before, work);
        assertThat(f.file()).isNull();
        assertThat(f.message()).contains("unchanged since 2026-11-01T00:00:00");
        assertThat(portal.requests("/portal/api/3/action/datastore_search")).isEmpty();
    }

    @Test
    void aDatasetsResourceOfTheWantedFormatIsDownloaded() throws Exception {
        portal.on("/portal/api/3/action/package_show", Reply.json("""
                {"success": true, "result": {"resources": [
                  {"format": "PDF", "url": "/files/ipm.pdf"},
                  {"format": "csv", "url": "/files/ipm.csv", "last_modified": "2026-10-01", "hash": "abc"}]}}"""));
        portal.on("/files/ipm.csv", Reply.csv("Tahun;Wilayah;IPM\n2024;Kota Semarang;85,25\n"));
        Fetched f = ckan.fetch(source(null, "ipm-jateng"), SourceState.empty("t-ckan"), work);
        assertThat(Files.readString(f.file())).startsWith("Tahun;Wilayah;IPM");
        assertThat(f.validators().ckanHash()).isEqualTo("abc");
        assertThat(portal.requests("/files/ipm.pdf")).isEmpty();
    }

    @Test
    void ckansOwnFailureIsReportedEvenUnderHttp200() {
        portal.on("/portal/api/3/action/resource_show", Reply.json("{\"success\": false, \"error\": {\"message\": \"Not found: Resource was not found.\"}}"));
        assertThatThrownBy(() -> ckan.fetch(source("gone", null), SourceState.empty("t-ckan"), work))
                .isInstanceOf(PollException.class).hasMessage("CKAN reported failure: Not found: Resource was not found.");
    }

    @Test
    void aDatasetWithoutTheFormatIsAClearFailure() {
        portal.on("/portal/api/3/action/package_show", Reply.json("{\"success\": true, \"result\": {\"resources\": [{\"format\": \"XLSX\", \"url\": \"/x.xlsx\"}]}}"));
        assertThatThrownBy(() -> ckan.fetch(source(null, "ipm-jateng"), SourceState.empty("t-ckan"), work))
                .isInstanceOf(PollException.class).hasMessage("dataset 'ipm-jateng' has no resource in format CSV");
    }

    @Test
    void anHtmlPageInsteadOfJsonIsRefused() {
        portal.on("/portal/api/3/action/resource_show", new Reply(200, "text/html", "<html><title>Login</title></html>", Map.of(), 0));
        assertThatThrownBy(() -> ckan.fetch(source("res-1", null), SourceState.empty("t-ckan"), work))
                .isInstanceOf(PollException.class).hasMessageContaining("sent an HTML page (text/html) instead of JSON");
    }

    @Test
    void aResourceUrlOnAHostTheSourceDoesNotListIsNeverRequested() {
        // "localhost" is the same server under another name: for the hub it is another host.
        String elsewhere = "http://localhost:" + portal.port() + "/internal/secret.csv";
        portal.on("/portal/api/3/action/package_show", Reply.json("{\"success\": true, \"result\": {\"resources\": ["
                + "{\"format\": \"CSV\", \"url\": \"" + elsewhere + "\"}]}}"));
        portal.on("/internal/secret.csv", Reply.csv("secret;value\nDB_PASSWORD;hunter2\n"));
        assertThatThrownBy(() -> ckan.fetch(source(null, "ipm-jateng"), SourceState.empty("t-ckan"), work))
                .isInstanceOf(PollException.class)
                .hasMessageContaining("refused http://localhost:" + portal.port() + "/internal/secret.csv")
                .hasMessageContaining("not listed in ckan.resource-hosts")
                .hasMessageNotContaining("hunter2");
        assertThat(portal.requests("/internal")).isEmpty();
    }

    @Test
    void aResourceHostTheSourceListsIsFetched() throws Exception {
        portal.on("/portal/api/3/action/package_show", Reply.json("{\"success\": true, \"result\": {\"resources\": ["
                + "{\"format\": \"CSV\", \"url\": \"http://localhost:" + portal.port() + "/files/ipm.csv\"}]}}"));
        portal.on("/files/ipm.csv", Reply.csv("Tahun;Wilayah;IPM\n2024;Kota Semarang;85,25\n"));
        Fetched f = ckan.fetch(source(null, "ipm-jateng", java.util.List.of("localhost:" + portal.port())),
                SourceState.empty("t-ckan"), work);
        assertThat(Files.readString(f.file())).startsWith("Tahun;Wilayah;IPM");
    }

    @Test
    void aPackageShowAnswerIsBoundedFarBelowTheDataLimit() {
        PollProperties big = props();
        big.setMaxBytes(DataSize.ofMegabytes(50));
        CkanSourceFetch generous = new CkanSourceFetch(HTTP.fetcher(big), 100);
        String padding = "x".repeat((int) CkanSourceFetch.MAX_ACTION_BYTES);
        portal.on("/portal/api/3/action/package_show", Reply.json("{\"success\": true, \"help\": \"" + padding
                + "\", \"result\": {\"resources\": []}}"));
        assertThatThrownBy(() -> generous.fetch(source(null, "ipm-jateng"), SourceState.empty("t-ckan"), work))
                .isInstanceOf(PollException.class).hasMessageContaining("larger than " + CkanSourceFetch.MAX_ACTION_BYTES + " bytes");
    }
}
