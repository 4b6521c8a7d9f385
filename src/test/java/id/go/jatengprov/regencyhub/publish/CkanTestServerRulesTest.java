package id.go.jatengprov.regencyhub.publish;

import static id.go.jatengprov.regencyhub.publish.RawCkan.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.go.jatengprov.regencyhub.publish.CkanTestCatalog.Role;
import id.go.jatengprov.regencyhub.publish.RawCkan.Answer;

/**
 * The test portal enforces what CKAN enforces, with CKAN's status codes and messages (taken from
 * ckan/logic and ckanext/datastore): the hub's client is tested against CKAN's rules, not against a stub's guesses.
 */
class CkanTestServerRulesTest {

    static final String EDITOR = "tok-editor";
    static final String MEMBER = "tok-member";

    CkanTestServer portal;
    RawCkan ckan;
    String orgId;

    @BeforeEach
    void start() {
        portal = new CkanTestServer();
        ckan = new RawCkan(portal.url());
        orgId = portal.addOrganization("bps-jateng", "BPS Provinsi Jawa Tengah");
        portal.addOrganization("dinkes-jateng", "Dinas Kesehatan");
        portal.addUser(EDITOR, "hub-bot", "bps-jateng", Role.EDITOR);
        portal.addUser(MEMBER, "reader", "bps-jateng", Role.MEMBER);
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    Answer create(String token, ObjectNode pkg) {
        return ckan.post("package_create", token, pkg);
    }

    @Test
    void aNameWithCapitalsOrASpaceIsRefusedWithCkansMessage() {
        for (String name : List.of("IPM-Jateng", "ipm jateng")) {
            Answer a = create(EDITOR, json("name", name, "owner_org", "bps-jateng"));
            assertThat(a.status()).isEqualTo(409);
            assertThat(a.body().path("success").asBoolean()).isFalse();
            assertThat(a.error().path("__type").asText()).isEqualTo("Validation Error");
            assertThat(a.error().path("name").get(0).asText())
                    .isEqualTo("Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_");
        }
        assertThat(create(EDITOR, json("name", "x", "owner_org", "bps-jateng")).error().path("name").get(0).asText())
                .isEqualTo("Must be at least 2 characters long");
        assertThat(create(EDITOR, json("name", "new", "owner_org", "bps-jateng")).error().path("name").get(0).asText())
                .isEqualTo("That name cannot be used");
        assertThat(create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng")).status()).isEqualTo(200);
        assertThat(create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng")).error().path("name").get(0).asText())
                .isEqualTo("That URL is already in use.");
    }

    @Test
    void aDatasetWithoutAnExistingOwnerOrganizationIsRefused() {
        Answer missing = create(EDITOR, json("name", "ipm-jateng"));
        assertThat(missing.status()).isEqualTo(409);
        assertThat(missing.error().path("owner_org").get(0).asText()).isEqualTo("An organization must be provided");

        // an editor elsewhere is refused by check_access before validation: 403, as CKAN does
        Answer other = create(EDITOR, json("name", "ipm-jateng", "owner_org", "dinkes-jateng"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.error().path("message").asText())
                .isEqualTo("Access denied: User hub-bot not authorized to add dataset to this organization");

        portal.addSysadmin("tok-admin", "admin");
        Answer unknown = create("tok-admin", json("name", "ipm-jateng", "owner_org", "no-such-org"));
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.error().path("owner_org").get(0).asText()).isEqualTo("Organization does not exist");

        Answer made = create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng"));
        assertThat(made.result().path("owner_org").asText()).isEqualTo(orgId); // stored as the id, whether given by name or id
        assertThat(made.result().path("title").asText()).isEqualTo("ipm-jateng"); // if_empty_same_as("name")
    }

    @Test
    void aWrongApiKeyOrAMemberWithoutEditRightsGets403() {
        Answer wrong = create("not-a-token", json("name", "ipm-jateng", "owner_org", "bps-jateng"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.error().path("__type").asText()).isEqualTo("Authorization Error");
        // an unknown token is the anonymous user, whose name CKAN prints as ""
        assertThat(wrong.error().path("message").asText()).isEqualTo("Access denied: User  not authorized to create packages");

        Answer member = create(MEMBER, json("name", "ipm-jateng", "owner_org", "bps-jateng"));
        assertThat(member.status()).isEqualTo(403);
        assertThat(member.error().path("message").asText()).isEqualTo("Access denied: User reader not authorized to create packages");

        String id = create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng")).result().path("id").asText();
        Answer patch = ckan.post("package_patch", MEMBER, json("id", id, "title", "Taken over"));
        assertThat(patch.status()).isEqualTo(403);
        assertThat(patch.error().path("message").asText()).isEqualTo("Access denied: User reader not authorized to edit package " + id);
        assertThat(portal.dataset("ipm-jateng").orElseThrow().path("title").asText()).isEqualTo("ipm-jateng");
    }

    @Test
    void packageUpdateDropsWhatItIsNotGivenWhilePackagePatchKeepsIt() {
        ObjectNode pkg = json("name", "ipm-jateng", "owner_org", "bps-jateng", "title", "IPM", "notes", "Human development index",
                "license_id", "cc-by", "tags", List.of(Map.of("name", "ipm")),
                "extras", List.of(Map.of("key", "periodicity", "value", "annual"), Map.of("key", "producer", "value", "BPS")));
        String id = create(EDITOR, pkg).result().path("id").asText();

        Answer patched = ckan.post("package_patch", EDITOR, json("id", id, "title", "IPM Jawa Tengah"));
        assertThat(patched.status()).isEqualTo(200);
        JsonNode p = patched.result();
        assertThat(p.path("title").asText()).isEqualTo("IPM Jawa Tengah");
        assertThat(p.path("notes").asText()).isEqualTo("Human development index");
        assertThat(p.path("license_id").asText()).isEqualTo("cc-by");
        assertThat(p.path("extras")).hasSize(2);
        assertThat(p.path("tags").get(0).path("name").asText()).isEqualTo("ipm");

        Answer updated = ckan.post("package_update", EDITOR, json("id", id, "title", "IPM Jawa Tengah 2"));
        assertThat(updated.status()).isEqualTo(200);
        JsonNode u = updated.result();
        assertThat(u.path("title").asText()).isEqualTo("IPM Jawa Tengah 2");
        assertThat(u.path("extras")).isEmpty();
        assertThat(u.path("tags")).isEmpty();
        assertThat(u.path("notes").isNull()).isTrue();
        assertThat(u.path("license_id").isNull()).isTrue();
        assertThat(u.path("owner_org").asText()).isEqualTo(orgId); // owner_org is kept when not given
    }

    @Test
    void extrasAreAListOfKeyValuePairsWithUniqueKeysThatAreNotPackageFields() {
        Answer dup = create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng",
                "extras", List.of(Map.of("key", "a", "value", "1"), Map.of("key", "a", "value", "2"))));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.error().path("extras_validation").get(0).asText()).isEqualTo("Duplicate key \"a\"");

        Answer root = create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng",
                "extras", List.of(Map.of("key", "ok", "value", "1"), Map.of("key", "title", "value", "x"))));
        assertThat(root.error().path("extras").get(0).isEmpty()).isTrue();
        assertThat(root.error().path("extras").get(1).path("key").get(0).asText()).isEqualTo("There is a schema field with the same name");

        Answer notList = create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng", "extras", Map.of("a", "b")));
        assertThat(notList.status()).isEqualTo(400);
        assertThat(notList.error().path("__type").asText()).isEqualTo("Integrity Error");

        Answer tag = create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng", "tags", List.of(Map.of("name", "x"))));
        assertThat(tag.error().path("tags").get(0).path("name").get(0).asText()).isEqualTo("Tag \"x\" length is less than minimum 2");
    }

    @Test
    void theActionApiAnswersGetOnlyForReadsAndUnknownActionsWith400() {
        Answer get = ckan.get("package_create", EDITOR, "name=ipm-jateng");
        assertThat(get.status()).isEqualTo(400);
        assertThat(get.body().asText()).isEqualTo("Bad request: JSON Error: Invalid request. Please use POST method for your request");

        Answer unknown = ckan.post("package_frobnicate", EDITOR, "{}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().asText()).isEqualTo("Bad request: Action name not known: package_frobnicate");

        Answer notJson = ckan.post("package_create", EDITOR, "[1, 2]");
        assertThat(notJson.status()).isEqualTo(400);

        create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng"));
        Answer show = ckan.get("package_show", null, "id=ipm-jateng");
        assertThat(show.status()).isEqualTo(200);
        assertThat(show.body().path("help").asText()).isEqualTo(portal.url() + "/api/3/action/help_show?name=package_show");
        assertThat(show.result().path("organization").path("name").asText()).isEqualTo("bps-jateng");

        Answer missing = ckan.get("package_show", null, "id=no-such-dataset");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error().path("__type").asText()).isEqualTo("Not Found Error");
        assertThat(missing.error().path("message").asText()).isEqualTo("Not found");
    }

    String datastoreResource(List<String> primaryKey) {
        String pkgId = create(EDITOR, json("name", "ipm-jateng", "owner_org", "bps-jateng")).result().path("id").asText();
        ObjectNode body = json("resource", Map.of("package_id", pkgId, "name", "IPM"),
                "fields", List.of(Map.of("id", "region", "type", "text"), Map.of("id", "year", "type", "int8"),
                        Map.of("id", "value", "type", "numeric")));
        if (primaryKey != null) body.set("primary_key", CkanJson.MAPPER.valueToTree(primaryKey));
        Answer a = ckan.post("datastore_create", EDITOR, body);
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        return a.result().path("resource_id").asText();
    }

    static ObjectNode upsert(String resourceId, String method, Object... records) {
        return json("resource_id", resourceId, "method", method, "records", List.of(records));
    }

    @Test
    void datastoreCreateWithAResourceMakesAWritableDatastoreOnlyResource() {
        String rid = datastoreResource(List.of("region", "year"));
        JsonNode res = portal.dataset("ipm-jateng").orElseThrow().path("resources").get(0);
        assertThat(res.path("id").asText()).isEqualTo(rid);
        assertThat(res.path("url_type").asText()).isEqualTo("datastore");
        assertThat(res.path("datastore_active").asBoolean()).isTrue();
        assertThat(portal.columns(rid)).containsExactly(Map.entry("region", "text"), Map.entry("year", "int8"),
                Map.entry("value", "numeric"));
        assertThat(portal.primaryKey(rid)).containsExactly("region", "year");

        String pkgId = portal.dataset("ipm-jateng").orElseThrow().path("id").asText();
        Answer withUrl = ckan.post("datastore_create", EDITOR,
                json("resource", Map.of("package_id", pkgId, "url", "http://example.org/x.csv"), "fields", List.of()));
        assertThat(withUrl.error().path("resource").get(0).asText()).isEqualTo("The datapusher has to be enabled.");

        // a resource made by resource_create is read-only for the DataStore unless forced
        String plain = ckan.post("resource_create", EDITOR, json("package_id", pkgId, "url", "http://example.org/x.csv"))
                .result().path("id").asText();
        Answer readOnly = ckan.post("datastore_create", EDITOR, json("resource_id", plain,
                "fields", List.of(Map.of("id", "a", "type", "text"))));
        assertThat(readOnly.status()).isEqualTo(409);
        assertThat(readOnly.error().path("read-only").get(0).asText()).startsWith("Cannot edit read-only resource");
        assertThat(ckan.post("datastore_create", EDITOR, json("resource_id", plain, "force", true,
                "fields", List.of(Map.of("id", "a", "type", "text")))).status()).isEqualTo(200);

        Answer badType = ckan.post("datastore_create", EDITOR, json("resource_id", rid, "fields", List.of(Map.of("id", "b", "type", "integr"))));
        assertThat(badType.error().path("fields").get(0).asText()).isEqualTo("\"integr\" is not a valid field type");
    }

    @Test
    void upsertAndUpdateNeedAPrimaryKeyFromDatastoreCreate() {
        String rid = datastoreResource(null);
        Answer upsert = ckan.post("datastore_upsert", EDITOR, upsert(rid, "upsert", Map.of("region", "33.01", "year", 2024, "value", 70.1)));
        assertThat(upsert.status()).isEqualTo(409);
        assertThat(upsert.error().path("table").get(0).asText()).isEqualTo("unique key must be passed for update/upsert");

        Answer insert = ckan.post("datastore_upsert", EDITOR, upsert(rid, "insert", Map.of("region", "33.01", "year", 2024, "value", 70.1)));
        assertThat(insert.status()).isEqualTo(200);
        assertThat(portal.rows(rid)).hasSize(1);
    }

    @Test
    void anUpdateOfAKeyThatIsNotThereIsRefusedAndTheWholePageRollsBack() {
        String rid = datastoreResource(List.of("region", "year"));
        assertThat(ckan.post("datastore_upsert", EDITOR, upsert(rid, "upsert",
                Map.of("region", "33.01", "year", 2024, "value", "70.10"))).status()).isEqualTo(200);

        Answer update = ckan.post("datastore_upsert", EDITOR, upsert(rid, "update",
                Map.of("region", "33.01", "year", 2024, "value", 99),
                Map.of("region", "33.02", "year", 2024, "value", 71)));
        assertThat(update.status()).isEqualTo(409);
        assertThat(update.error().path("key").get(0).asText()).startsWith("key \"{").contains("'33.02'", "2024").endsWith("}\" not found");
        assertThat(portal.rows(rid)).singleElement().satisfies(r -> assertThat(r.get("value").decimalValue()).isEqualByComparingTo("70.10"));

        Answer missingKey = ckan.post("datastore_upsert", EDITOR, upsert(rid, "upsert", Map.of("region", "33.03", "value", 1)));
        assertThat(missingKey.error().path("key").get(0).asText()).startsWith("fields \"year\" are missing");
    }

    @Test
    void recordsMustMatchTheFieldsAndTheirTypes() {
        String rid = datastoreResource(List.of("region", "year"));
        Answer extra = ckan.post("datastore_upsert", EDITOR, upsert(rid, "insert", Map.of("region", "33.01", "year", 2024, "colour", "red")));
        assertThat(extra.error().path("records").get(0).asText()).isEqualTo("row \"1\" has extra keys \"colour\"");

        Answer unknown = ckan.post("datastore_upsert", EDITOR, upsert(rid, "upsert", Map.of("region", "33.01", "year", 2024, "colour", "red")));
        assertThat(unknown.error().path("fields").get(0).asText()).isEqualTo("fields \"colour\" do not exist");

        Answer badInt = ckan.post("datastore_upsert", EDITOR, upsert(rid, "upsert",
                Map.of("region", "33.01", "year", 2024), Map.of("region", "33.02", "year", "twenty")));
        assertThat(badInt.status()).isEqualTo(409);
        assertThat(badInt.error().path("records").get(0).asText()).isEqualTo("invalid input syntax for type bigint: \"twenty\"");
        assertThat(badInt.error().path("records_row").asInt()).isEqualTo(1);
        assertThat(portal.rows(rid)).isEmpty();

        Answer duplicate = ckan.post("datastore_upsert", EDITOR, upsert(rid, "insert",
                Map.of("region", "33.01", "year", 2024), Map.of("region", "33.01", "year", "2024")));
        assertThat(duplicate.error().path("records").get(0).asText()).startsWith("duplicate key value violates unique constraint");

        Answer junk = ckan.post("datastore_upsert", EDITOR, json("resource_id", rid, "primary_key", "region", "records", List.of()));
        assertThat(junk.error().path("__junk").get(0).asText()).isEqualTo("The input field ['primary_key'] was not expected.");
    }

    @Test
    void datastoreSearchPagesWithLimitOffsetTotalAndFilters() {
        String rid = datastoreResource(List.of("region", "year"));
        List<Object> records = new java.util.ArrayList<>();
        for (int y = 2000; y < 2025; y++) records.add(Map.of("region", y % 2 == 0 ? "33.01" : "33.02", "year", y, "value", y / 10.0));
        assertThat(ckan.post("datastore_upsert", EDITOR, upsert(rid, "upsert", records.toArray())).status()).isEqualTo(200);

        Answer page = ckan.post("datastore_search", null, json("resource_id", rid, "limit", 10, "offset", 20));
        assertThat(page.result().path("total").asInt()).isEqualTo(25);
        assertThat(page.result().path("records")).hasSize(5);
        assertThat(page.result().path("records").get(0).path("year").asInt()).isEqualTo(2020);
        assertThat(page.result().path("fields").get(0).path("id").asText()).isEqualTo("_id");

        Answer filtered = ckan.get("datastore_search", null, "resource_id=" + rid + "&filters=%7B%22region%22%3A%2233.01%22%7D&limit=100");
        assertThat(filtered.result().path("total").asInt()).isEqualTo(13);

        Answer unknownField = ckan.post("datastore_search", null, json("resource_id", rid, "filters", Map.of("colour", "red")));
        assertThat(unknownField.error().path("filters").get(0).asText()).isEqualTo("Unknown field: colour");

        Answer noTable = ckan.post("datastore_search", null, json("resource_id", "no-such-resource"));
        assertThat(noTable.status()).isEqualTo(404);
        assertThat(noTable.error().path("message").asText()).isEqualTo("Not found: Resource \"no-such-resource\" was not found.");
    }
}
