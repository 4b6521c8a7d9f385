package id.go.jatengprov.regencyhub.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.PackageChange;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.Prepared;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.Result;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.TableChange;
import id.go.jatengprov.regencyhub.publish.DatasetMetadata.FieldMeta;

/** CkanPublisher end to end against the test portal: package, DataStore resource and rows. */
class CkanPublisherTest extends PublishTestSupport {

    Result publishAll(DatasetMetadata meta, List<Map<String, Object>> rows, String knownResourceId) {
        return publisher.publish(meta, knownResourceId, all -> rows.iterator(), acks::add);
    }

    @Test
    void aFirstPublishOf2500RowsSendsThemInPagesAndTheDatastoreHoldsExactlyThem() {
        List<Map<String, Object>> rows = PopulationDataset.rows();
        boolean[] askedForAll = {false};
        Result r = publisher.publish(PopulationDataset.metadata(), null, all -> {
            askedForAll[0] = all;
            return rows.iterator();
        }, acks::add);

        Prepared p = r.prepared();
        assertThat(p.packageChange()).isEqualTo(PackageChange.CREATED);
        assertThat(p.tableChange()).isEqualTo(TableChange.CREATED);
        assertThat(askedForAll[0]).isTrue();
        assertThat(r.rowsSent()).isEqualTo(2500);
        assertThat(upsertPageSizes()).containsExactly(1000, 1000, 500);
        assertThat(portal.calls("datastore_upsert")).extracting(c -> c.request().path("calculate_record_count").asText("default"))
                .containsExactly("false", "false", "default"); // CKAN's advice: count only after the last page
        assertThat(acks).extracting(a -> a.rowsSent()).containsExactly(1000L, 2000L, 2500L);
        assertThat(acks.get(2).lastKey()).containsExactly(Map.entry("region", "33.50"), Map.entry("period", "2024-01-01"),
                Map.entry("sex", "P"));
        assertDatastoreHoldsExactly(p.resourceId(), rows);

        assertThat(portal.columns(p.resourceId())).containsExactly(Map.entry("region", "text"), Map.entry("period", "date"),
                Map.entry("sex", "text"), Map.entry("population", "int8"), Map.entry("density", "numeric"),
                Map.entry("estimated", "bool"));
        assertThat(portal.primaryKey(p.resourceId())).containsExactly("region", "period", "sex");
        JsonNode resource = dataset().path("resources").get(0);
        assertThat(dataset().path("resources")).hasSize(1);
        assertThat(resource.path("id").asText()).isEqualTo(p.resourceId());
        assertThat(resource.path("url_type").asText()).isEqualTo("datastore");
        assertThat(resource.path("hub_dataset_id").asText()).isEqualTo("population");
        assertThat(portal.calls("datastore_create")).hasSize(1);
    }

    @Test
    void rowsAreReadOnlyAsFastAsPagesAreSent() {
        List<Map<String, Object>> rows = PopulationDataset.rows();
        int[] produced = {0};
        java.util.Iterator<Map<String, Object>> lazy = new java.util.Iterator<>() {
            public boolean hasNext() { return produced[0] < rows.size(); }
            public Map<String, Object> next() { return rows.get(produced[0]++); }
        };
        List<Integer> readWhenConfirmed = new ArrayList<>();
        publisher.publish(PopulationDataset.metadata(), null, all -> lazy, ack -> readWhenConfirmed.add(produced[0]));
        // a page is read, sent and confirmed before the next row is read: memory holds one page, whatever the table's size
        assertThat(readWhenConfirmed).containsExactly(1000, 2000, 2500);
    }

    @Test
    void theMetadataArrivesAsCkanFieldsTagsAndExtras() {
        publishAll(PopulationDataset.metadata(), List.of(), null);
        JsonNode pkg = dataset();
        assertThat(pkg.path("title").asText()).isEqualTo("Penduduk Kabupaten/Kota Jawa Tengah");
        assertThat(pkg.path("notes").asText()).isEqualTo("Jumlah penduduk menurut kabupaten/kota dan jenis kelamin");
        assertThat(pkg.path("license_id").asText()).isEqualTo("cc-by");
        assertThat(pkg.path("author").asText()).isEqualTo("BPS Provinsi Jawa Tengah");
        assertThat(pkg.path("maintainer").asText()).isEqualTo("Diskominfo Jawa Tengah");
        assertThat(pkg.path("organization").path("name").asText()).isEqualTo("bps-jateng");
        assertThat(pkg.path("tags")).extracting(t -> t.path("name").asText()).containsExactlyInAnyOrder("kependudukan", "jawa tengah");
        assertThat(extra(pkg, "hub_dataset_id")).isEqualTo("population");
        assertThat(extra(pkg, "natural_key")).isEqualTo("region, period, sex");
        assertThat(extra(pkg, "periodicity")).isEqualTo("annual");
        assertThat(extra(pkg, "producer")).isEqualTo("BPS Provinsi Jawa Tengah");
        assertThat(extra(pkg, "steward")).isEqualTo("Diskominfo Jawa Tengah");
        assertThat(extra(pkg, "source_notes")).isEqualTo("Proyeksi penduduk hasil SP2020");

        String rid = pkg.path("resources").get(0).path("id").asText();
        List<DatastoreField> fields = client.datastoreSearch(rid, null, 0, 0, null).orElseThrow().fields();
        assertThat(fields).filteredOn(f -> f.id().equals("sex")).singleElement().satisfies(f -> assertThat(f.info())
                .containsEntry("label", "Jenis kelamin").containsEntry("notes", "Codes: L = laki-laki; P = perempuan."));
        assertThat(fields).filteredOn(f -> f.id().equals("population")).singleElement()
                .satisfies(f -> assertThat(f.info()).containsEntry("notes", "Unit: jiwa."));
    }

    @Test
    void aSecondPublishOfChangedRowsUpdatesExactlyThoseWithoutDuplicates() {
        List<Map<String, Object>> rows = PopulationDataset.rows();
        String rid = publishAll(PopulationDataset.metadata(), rows, null).prepared().resourceId();
        portal.clearCalls();

        List<Map<String, Object>> changed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 250) {
            Map<String, Object> row = new java.util.LinkedHashMap<>(rows.get(i));
            row.put("population", (Long) row.get("population") + 7);
            row.put("density", new BigDecimal("99.125"));
            changed.add(row);
            rows.set(i, row);
        }
        Map<String, Object> added = PopulationDataset.row("33.99", 2024, "L", 1L, BigDecimal.ONE, true);
        changed.add(added);
        rows.add(added);
        boolean[] askedForAll = {true};
        Result second = publisher.publish(PopulationDataset.metadata(), rid, all -> {
            askedForAll[0] = all;
            return changed.iterator();
        }, acks::add);

        assertThat(second.prepared().packageChange()).isEqualTo(PackageChange.UNCHANGED);
        assertThat(second.prepared().tableChange()).isEqualTo(TableChange.UNCHANGED);
        assertThat(second.prepared().rowsOnPortal()).isEqualTo(2500);
        assertThat(askedForAll[0]).isFalse();
        assertThat(second.rowsSent()).isEqualTo(11);
        assertThat(portal.calls("package_patch")).isEmpty();
        assertThat(portal.calls("datastore_create")).isEmpty();
        assertDatastoreHoldsExactly(rid, rows);
    }

    @Test
    void aChangedDescriptionIsPatchedWithoutLosingOtherFields() {
        publishAll(PopulationDataset.metadata(), List.of(), null);
        // a curator adds an extra and a tag on the portal; they are the portal's, not the hub's
        ObjectNode curator = CkanClient.JSON.createObjectNode();
        curator.set("extras", dataset().path("extras").deepCopy());
        curator.withArray("extras").addObject().put("key", "satu_data_id").put("value", "SD-3300-017");
        curator.set("tags", dataset().path("tags").deepCopy());
        curator.withArray("tags").addObject().put("name", "sensus");
        client.packagePatch(dataset().path("id").asText(), curator);
        portal.clearCalls();

        Result r = publishAll(PopulationDataset.metadata("Jumlah penduduk per kabupaten/kota, laki-laki dan perempuan"), List.of(), null);

        assertThat(r.prepared().packageChange()).isEqualTo(PackageChange.PATCHED);
        assertThat(portal.calls("package_update")).isEmpty();
        assertThat(portal.calls("package_patch")).singleElement().satisfies(c -> {
            assertThat(c.request().path("notes").asText()).isEqualTo("Jumlah penduduk per kabupaten/kota, laki-laki dan perempuan");
            assertThat(c.request().has("title")).isFalse();
        });
        JsonNode pkg = dataset();
        assertThat(pkg.path("notes").asText()).isEqualTo("Jumlah penduduk per kabupaten/kota, laki-laki dan perempuan");
        assertThat(pkg.path("title").asText()).isEqualTo("Penduduk Kabupaten/Kota Jawa Tengah");
        assertThat(pkg.path("license_id").asText()).isEqualTo("cc-by");
        assertThat(extra(pkg, "satu_data_id")).isEqualTo("SD-3300-017");
        assertThat(extra(pkg, "periodicity")).isEqualTo("annual");
        assertThat(pkg.path("tags")).extracting(t -> t.path("name").asText()).containsExactlyInAnyOrder("kependudukan", "jawa tengah", "sensus");
        assertThat(pkg.path("resources")).hasSize(1);
        assertThat(pkg.path("resources").get(0).path("datastore_active").asBoolean()).isTrue();
    }

    @Test
    void aNewFieldAddsItsColumnAndAsksForAllRows() {
        List<Map<String, Object>> rows = PopulationDataset.rows().subList(0, 20);
        String rid = publishAll(PopulationDataset.metadata(), rows, null).prepared().resourceId();
        DatasetMetadata m = PopulationDataset.metadata();
        List<FieldMeta> fields = new ArrayList<>(m.fields());
        fields.add(new FieldMeta("households", FieldType.INTEGER, "Jumlah rumah tangga", null, null));
        DatasetMetadata wider = new DatasetMetadata(m.id(), m.title(), m.description(), fields, m.key(), m.periodicity(),
                m.producer(), m.steward(), m.licence(), m.tags(), m.sourceNotes());

        Prepared p = publisher.prepare(wider, rid);
        assertThat(p.tableChange()).isEqualTo(TableChange.COLUMNS_ADDED);
        assertThat(p.needsAllRows()).isTrue();
        assertThat(portal.columns(rid)).containsEntry("households", "int8").hasSize(7);
        assertThat(portal.rows(rid)).hasSize(20);
    }

    @Test
    void aRowWithoutItsKeyOrWithAnUnknownColumnStopsBeforeAnythingIsSent() {
        Map<String, Object> noKey = PopulationDataset.row("33.01", 2024, "L", 1L, BigDecimal.ONE, false);
        noKey.put("sex", null);
        CkanPublishException e = catchThrowableOfType(CkanPublishException.class,
                () -> publishAll(PopulationDataset.metadata(), List.of(noKey), null));
        assertThat(e).hasMessageContaining("row 1: key field 'sex' is empty");
        assertThat(e.isRetryable()).isFalse();

        Map<String, Object> unknown = PopulationDataset.row("33.01", 2024, "L", 1L, BigDecimal.ONE, false);
        unknown.put("colour", "red");
        assertThat(catchThrowableOfType(CkanPublishException.class,
                () -> publishAll(PopulationDataset.metadata(), List.of(unknown), null))).hasMessageContaining("column 'colour'");
        assertThat(portal.calls("datastore_upsert")).isEmpty();
    }

    @Test
    void aValueThePortalRefusesStopsThePublishWithCkansMessageAndTheRow() {
        List<Map<String, Object>> rows = new ArrayList<>(PopulationDataset.rows().subList(0, 1500));
        rows.get(1203).put("population", "banyak");
        CkanPublishException e = catchThrowableOfType(CkanPublishException.class,
                () -> publishAll(PopulationDataset.metadata(), rows, null));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.ckanError().fieldErrors()).containsEntry("records", List.of("invalid input syntax for type bigint: \"banyak\""));
        assertThat(e).hasMessageContaining("datastore_upsert of rows 1001 to 1500 (the portal refused row 1204)");
        assertThat(acks).hasSize(1);
        assertThat(portal.rows(dataset().path("resources").get(0).path("id").asText())).hasSize(1000);
    }

    @Test
    void aPackageOfAnotherOrganizationIsNotTakenOver() {
        portal.addUser("tok-dinkes", "dinkes", "dinkes-jateng", CkanTestCatalog.Role.EDITOR);
        CkanClient other = new CkanClient(target.url(), "tok-dinkes", settings());
        ObjectNode theirs = CkanClient.JSON.createObjectNode().put("name", target.packageName()).put("owner_org", "dinkes-jateng");
        other.packageCreate(theirs);

        CkanPublishException e = catchThrowableOfType(CkanPublishException.class,
                () -> publishAll(PopulationDataset.metadata(), List.of(), null));
        assertThat(e).hasMessageContaining("belongs to another organization (dinkes-jateng)");
        assertThat(portal.calls("package_patch")).isEmpty();
    }

    @Test
    void anUnknownOrganizationOrAMissingKeyVariableSaysWhatToDo() {
        CkanTarget nowhere = new CkanTarget(target.url(), "no-such-org", target.packageName(), KEY_ENV);
        CkanPublisher p = new CkanPublisher(client, nowhere, 1000);
        assertThat(catchThrowableOfType(CkanPublishException.class, () -> p.prepare(PopulationDataset.metadata(), null)))
                .hasMessageContaining("organization 'no-such-org' does not exist");
        assertThat(catchThrowableOfType(IllegalStateException.class, () -> target.apiKey(Map.<String, String>of()::get)))
                .hasMessageContaining("environment variable CKAN_JATENG_API_KEY").hasMessageContaining("editor of organization 'bps-jateng'");
        assertThat(CkanTarget.nameProblem("Penduduk Jateng")).get().asString().contains("did you mean 'penduduk-jateng'");
        assertThat(LocalDate.of(2024, 1, 1).toString()).isEqualTo(DatastoreTypes.jsonValue(java.sql.Date.valueOf("2024-01-01")));
    }
}
