package id.go.jatengprov.regencyhub.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.publish.CkanPublisher.PageAck;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.PackageChange;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.Prepared;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.Result;
import id.go.jatengprov.regencyhub.publish.CkanPublisher.TableChange;
import id.go.jatengprov.regencyhub.publish.CkanTestServer.Fault;

/**
 * A publish cut short (the portal down in the middle, answers lost after the portal applied a call, the
 * caller's record lost) and run again ends with exactly the dataset's rows and one package and resource.
 */
class CkanPublisherRecoveryTest extends PublishTestSupport {

    /** The rows after the last confirmed one, as a caller ordering its cursor by the key would read them. */
    static List<Map<String, Object>> after(List<Map<String, Object>> rows, PageAck ack) {
        List<String> last = ack.lastKey().values().stream().map(String::valueOf).toList();
        for (int i = 0; i < rows.size(); i++) {
            if (PopulationDataset.key(rows.get(i)).equals(last)) return rows.subList(i + 1, rows.size());
        }
        throw new AssertionError("no row with key " + last);
    }

    @Test
    void aPublishInterruptedInTheMiddleAndResumedFromItsLastPageEndsExact() {
        List<Map<String, Object>> rows = PopulationDataset.rows();
        portal.inject("datastore_upsert", Fault.pass(), Fault.fail500(), Fault.fail500(), Fault.fail500());

        CkanPublishException e = catchThrowableOfType(CkanPublishException.class,
                () -> publisher.publish(PopulationDataset.metadata(), null, all -> rows.iterator(), acks::add));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e).hasMessageContaining("datastore_upsert of rows 1001 to 2000").hasMessageContaining("after 3 attempts");
        assertThat(acks).singleElement().satisfies(a -> assertThat(a.rowsSent()).isEqualTo(1000));

        // the caller recorded the ack; a later run resumes after it
        PageAck checkpoint = acks.get(0);
        Prepared again = publisher.prepare(PopulationDataset.metadata(), checkpoint.resourceId());
        assertThat(again.resourceId()).isEqualTo(checkpoint.resourceId());
        assertThat(again.tableChange()).isEqualTo(TableChange.UNCHANGED);
        Result rest = publisher.upsert(again, PopulationDataset.metadata(), after(rows, checkpoint).iterator(),
                checkpoint.rowsSent(), acks::add);

        assertThat(rest.rowsSent()).isEqualTo(1500);
        assertThat(acks).extracting(PageAck::rowsSent).containsExactly(1000L, 2000L, 2500L);
        assertThat(upsertPageSizes()).containsExactly(1000, 1000, 500); // no row was sent twice
        assertDatastoreHoldsExactly(checkpoint.resourceId(), rows);
    }

    @Test
    void aPageAppliedByThePortalButNeverConfirmedIsSentAgainWithoutDuplicates() {
        List<Map<String, Object>> rows = PopulationDataset.rows();
        // page 2 is committed every time, but the answer is a 500: the hub never learns it arrived (a crash has the same effect)
        portal.inject("datastore_upsert", Fault.pass(), Fault.applyThen500(), Fault.applyThen500(), Fault.applyThen500());
        catchThrowableOfType(CkanPublishException.class,
                () -> publisher.publish(PopulationDataset.metadata(), null, all -> rows.iterator(), acks::add));
        PageAck checkpoint = acks.get(acks.size() - 1);
        assertThat(checkpoint.rowsSent()).isEqualTo(1000);
        assertThat(portal.rows(checkpoint.resourceId())).hasSize(2000);

        Prepared again = publisher.prepare(PopulationDataset.metadata(), checkpoint.resourceId());
        publisher.upsert(again, PopulationDataset.metadata(), after(rows, checkpoint).iterator(), checkpoint.rowsSent(), acks::add);
        assertDatastoreHoldsExactly(checkpoint.resourceId(), rows);
    }

    @Test
    void aWholePublishRunTwiceFromTheStartChangesNothing() {
        List<Map<String, Object>> rows = PopulationDataset.rows();
        String rid = publisher.publish(PopulationDataset.metadata(), null, all -> rows.iterator(), acks::add).prepared().resourceId();
        Result twice = publisher.publish(PopulationDataset.metadata(), rid, all -> rows.iterator(), acks::add);
        assertThat(twice.prepared().packageChange()).isEqualTo(PackageChange.UNCHANGED);
        assertThat(twice.rowsSent()).isEqualTo(2500);
        assertDatastoreHoldsExactly(rid, rows);
    }

    @Test
    void aLostAnswerToDatastoreCreateDoesNotMakeASecondResource() {
        List<Map<String, Object>> rows = PopulationDataset.rows().subList(0, 30);
        portal.inject("datastore_create", Fault.applyThenDrop());
        Result r = publisher.publish(PopulationDataset.metadata(), null, all -> rows.iterator(), acks::add);

        assertThat(dataset().path("resources")).hasSize(1);
        assertThat(dataset().path("resources").get(0).path("id").asText()).isEqualTo(r.prepared().resourceId());
        assertThat(portal.calls("datastore_create")).hasSize(1); // found by its mark, not made again
        assertDatastoreHoldsExactly(r.prepared().resourceId(), rows);
    }

    @Test
    void aLostAnswerToPackageCreateContinuesWithThePackageThatWasMade() {
        portal.inject("package_create", Fault.applyThenDrop());
        Result r = publisher.publish(PopulationDataset.metadata(), null, all -> List.<Map<String, Object>>of().iterator(), acks::add);
        assertThat(portal.calls("package_create")).hasSize(1);
        assertThat(dataset().path("id").asText()).isEqualTo(r.prepared().packageId());
        assertThat(dataset().path("resources")).hasSize(1);
    }

    @Test
    void aForgottenResourceIdIsFoundAgainByTheDatasetsMark() {
        List<Map<String, Object>> rows = PopulationDataset.rows().subList(0, 10);
        String first = publisher.publish(PopulationDataset.metadata(), null, all -> rows.iterator(), acks::add).prepared().resourceId();
        Result second = publisher.publish(PopulationDataset.metadata(), null, all -> rows.iterator(), acks::add);
        assertThat(second.prepared().resourceId()).isEqualTo(first);
        assertThat(second.prepared().tableChange()).isEqualTo(TableChange.UNCHANGED);
        assertThat(dataset().path("resources")).hasSize(1);
        assertDatastoreHoldsExactly(first, rows);
    }

    @Test
    void aDatastoreTableDeletedOnThePortalIsMadeAgainAndFilledWithAllRows() {
        List<Map<String, Object>> rows = PopulationDataset.rows().subList(0, 40);
        String rid = publisher.publish(PopulationDataset.metadata(), null, all -> rows.iterator(), acks::add).prepared().resourceId();
        client.call("datastore_delete", CkanClient.JSON.createObjectNode().put("resource_id", rid), true);

        boolean[] askedForAll = {false};
        Result r = publisher.publish(PopulationDataset.metadata(), rid, all -> {
            askedForAll[0] = all;
            return (all ? rows : rows.subList(0, 1)).iterator();
        }, acks::add);
        assertThat(r.prepared().tableChange()).isEqualTo(TableChange.CREATED);
        assertThat(askedForAll[0]).isTrue();
        assertThat(r.prepared().resourceId()).isEqualTo(rid);
        assertDatastoreHoldsExactly(rid, rows);
    }
}
