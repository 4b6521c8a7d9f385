package id.go.jatengprov.regencyhub.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.go.jatengprov.regencyhub.publish.CkanClient.Settings;
import id.go.jatengprov.regencyhub.publish.CkanClient.UpsertMethod;
import id.go.jatengprov.regencyhub.publish.CkanTestCatalog.Role;
import id.go.jatengprov.regencyhub.publish.CkanTestServer.Fault;

/** CkanClient against the test portal: CKAN's errors become CkanExceptions with CKAN's words; what may pass is retried. */
class CkanClientTest {

    static final String TOKEN = "secret-token-4f1c9a";

    CkanTestServer portal;
    CkanClient client;

    @BeforeEach
    void start() {
        portal = new CkanTestServer();
        portal.addOrganization("bps-jateng", "BPS Provinsi Jawa Tengah");
        portal.addUser(TOKEN, "hub-bot", "bps-jateng", Role.EDITOR);
        client = new CkanClient(URI.create(portal.url() + "/"), TOKEN, fast(3));
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    static Settings fast(int attempts) {
        return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), attempts, Duration.ofMillis(10),
                Duration.ofMillis(40), 1024 * 1024);
    }

    ObjectNode dataset(String name) {
        ObjectNode p = CkanClient.JSON.createObjectNode();
        p.put("name", name);
        p.put("owner_org", "bps-jateng");
        p.put("title", "IPM");
        return p;
    }

    @Test
    void aValidationErrorCarriesCkansFieldErrorsAndIsNotRetried() {
        CkanException e = catchThrowableOfType(CkanException.class, () -> client.packageCreate(dataset("IPM Jateng")));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.errorType()).isEqualTo("Validation Error");
        assertThat(e.isValidationError()).isTrue();
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.fieldErrors()).containsEntry("name",
                List.of("Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"));
        assertThat(e.getMessage()).contains("refused package_create (HTTP 409 Validation Error)",
                "name: Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
        assertThat(portal.calls("package_create")).hasSize(1);
    }

    @Test
    void nestedFieldErrorsAreFlattenedWithTheirPlace() {
        ObjectNode p = dataset("ipm-jateng");
        p.putArray("extras").add(CkanClient.JSON.createObjectNode().put("key", "ok").put("value", "1"))
                .add(CkanClient.JSON.createObjectNode().put("key", "notes").put("value", "x"));
        CkanException e = catchThrowableOfType(CkanException.class, () -> client.packageCreate(p));
        assertThat(e.fieldErrors()).containsOnly(Map.entry("extras[1].key", List.of("There is a schema field with the same name")));
    }

    @Test
    void aWrongKeyIs403WithCkansMessageAndTheKeyIsInNoMessage() {
        CkanClient wrong = new CkanClient(URI.create(portal.url()), "wrong-" + TOKEN, fast(3));
        CkanException e = catchThrowableOfType(CkanException.class, () -> wrong.packageCreate(dataset("ipm-jateng")));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.isAuthorizationError()).isTrue();
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.ckanMessage()).isEqualTo("Access denied: User  not authorized to create packages");
        assertThat(e.getMessage()).contains("editor rights").doesNotContain(TOKEN);
        assertThat(e.toString()).doesNotContain(TOKEN);
        assertThat(wrong.toString()).doesNotContain(TOKEN).contains("with API key");
        assertThat(portal.calls("package_create")).hasSize(1);
    }

    @Test
    void aMissingDatasetIsEmptyAndTheKeyTravelsInTheAuthorizationHeader() {
        assertThat(client.packageShow("no-such-dataset")).isEmpty();
        client.packageCreate(dataset("ipm-jateng"));
        assertThat(client.packageShow("ipm-jateng")).get().satisfies(p -> assertThat(p.path("title").asText()).isEqualTo("IPM"));
        assertThat(portal.calls("package_create").get(0).user()).isEqualTo("hub-bot");
        assertThat(portal.calls("package_show")).allSatisfy(c -> assertThat(c.httpMethod()).isEqualTo("GET"));
        assertThat(client.organizationShow("bps-jateng")).get().satisfies(o -> assertThat(o.path("is_organization").asBoolean()).isTrue());
        assertThat(client.organizationShow("nowhere")).isEmpty();
    }

    @Test
    void a500OnTheFirstTryThenSuccessIsRetriedAndSucceeds() {
        client.packageCreate(dataset("ipm-jateng"));
        portal.failNext("package_patch", 1);
        ObjectNode change = CkanClient.JSON.createObjectNode().put("notes", "Indeks Pembangunan Manusia");
        JsonNode patched = client.packagePatch("ipm-jateng", change);
        assertThat(patched.path("notes").asText()).isEqualTo("Indeks Pembangunan Manusia");
        assertThat(portal.calls("package_patch")).extracting(CkanTestServer.Call::status).containsExactly(500, 200);
    }

    @Test
    void a500OnEveryTryEndsRetryableAfterTheLastAttempt() {
        portal.failNext("package_show", 5);
        CkanException e = catchThrowableOfType(CkanException.class, () -> client.packageShow("ipm-jateng"));
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.ckanMessage()).isEqualTo("Internal Server Error");
        assertThat(e.getMessage()).endsWith("(after 3 attempts)");
        assertThat(portal.calls("package_show")).hasSize(3);
    }

    @Test
    void aCreateThatMayHaveHappenedIsNotRepeated() {
        portal.inject("package_create", Fault.applyThen500());
        CkanException e = catchThrowableOfType(CkanException.class, () -> client.packageCreate(dataset("ipm-jateng")));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.isResponseLost()).isTrue();
        assertThat(portal.calls("package_create")).hasSize(1);
        assertThat(portal.dataset("ipm-jateng")).isPresent(); // it did happen: the caller looks before creating again
    }

    @Test
    void aDroppedConnectionAndATimeoutAreRetriedForIdempotentCalls() {
        client.packageCreate(dataset("ipm-jateng"));
        String rid = client.datastoreCreateWithResource(resource(), List.of(new DatastoreField("k", "text", Map.of()),
                new DatastoreField("v", "int8", Map.of())), List.of("k"));
        portal.inject("datastore_upsert", Fault.applyThenDrop(), Fault.drop());
        client.datastoreUpsert(rid, List.of(Map.of("k", "a", "v", 1), Map.of("k", "b", "v", 2)), UpsertMethod.UPSERT, true);
        assertThat(portal.calls("datastore_upsert")).extracting(CkanTestServer.Call::fault)
                .containsExactly(Fault.Kind.APPLY_THEN_DROP, Fault.Kind.DROP, Fault.Kind.PASS);
        assertThat(portal.rows(rid)).hasSize(2); // applied twice, upserted once each

        CkanClient impatient = new CkanClient(URI.create(portal.url()), TOKEN, fast(3).withReadTimeout(Duration.ofMillis(300)));
        portal.inject("package_show", Fault.delay(Duration.ofSeconds(3)));
        assertThat(impatient.packageShow("ipm-jateng")).isPresent();
        assertThat(portal.calls("package_show").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anInsertIsNotRepeatedAfterALostAnswerButAnUpsertIs() {
        client.packageCreate(dataset("ipm-jateng"));
        String rid = client.datastoreCreateWithResource(resource(), List.of(new DatastoreField("k", "text", Map.of())), List.of("k"));
        portal.inject("datastore_upsert", Fault.applyThenDrop());
        assertThatThrownBy(() -> client.datastoreUpsert(rid, List.of(Map.of("k", "a")), UpsertMethod.INSERT, true))
                .isInstanceOf(CkanException.class).hasMessageContaining("the connection broke");
        assertThat(portal.rows(rid)).hasSize(1);
        assertThat(portal.calls("datastore_upsert")).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsRetriedThenReportedAsUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CkanClient nowhere = new CkanClient(URI.create("http://127.0.0.1:" + closed), TOKEN, fast(2));
        CkanException e = catchThrowableOfType(CkanException.class, () -> nowhere.packageCreate(dataset("ipm-jateng")));
        assertThat(e.status()).isZero();
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("cannot connect").endsWith("(after 2 attempts)").doesNotContain(TOKEN);
    }

    @Test
    void datastoreSearchPagesAndFilters() {
        client.packageCreate(dataset("ipm-jateng"));
        String rid = client.datastoreCreateWithResource(resource(), List.of(new DatastoreField("k", "text", Map.of("label", "Key")),
                new DatastoreField("v", "numeric", Map.of())), List.of("k"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) rows.add(Map.of("k", "k" + (100 + i), "v", new java.math.BigDecimal(i + ".50")));
        client.datastoreUpsert(rid, rows, UpsertMethod.UPSERT, true);

        CkanClient.DatastorePage page = client.datastoreSearch(rid, null, 10, 25, "k desc").orElseThrow();
        assertThat(page.total()).isEqualTo(30);
        assertThat(page.records()).extracting(r -> r.path("k").asText()).containsExactly("k104", "k103", "k102", "k101", "k100");
        assertThat(page.fields()).extracting(DatastoreField::id).containsExactly("_id", "k", "v");
        assertThat(page.fields().get(1).info()).containsEntry("label", "Key");
        CkanClient.DatastorePage one = client.datastoreSearch(rid, Map.of("k", "k107"), 10, 0, null).orElseThrow();
        assertThat(one.records()).singleElement().satisfies(r -> assertThat(r.path("v").decimalValue()).isEqualByComparingTo("7.50"));
        assertThat(client.datastoreSearch("no-such-resource", null, 1, 0, null)).isEmpty();
    }

    ObjectNode resource() {
        ObjectNode r = CkanClient.JSON.createObjectNode();
        r.put("package_id", portal.dataset("ipm-jateng").orElseThrow().path("id").asText());
        r.put("name", "IPM");
        return r;
    }
}
