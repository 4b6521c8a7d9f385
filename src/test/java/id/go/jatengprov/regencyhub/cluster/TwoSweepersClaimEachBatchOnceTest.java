package id.go.jatengprov.regencyhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import id.go.jatengprov.regencyhub.batch.BatchLifecycle;
import id.go.jatengprov.regencyhub.batch.BatchStore;

/**
 * Two hubs sweep for stalled batches at the same moment (BatchRecovery: {@link BatchStore#takeable} then
 * {@link BatchStore#claim}): every batch of a hub that is gone is taken over exactly once, and the batches of a live
 * hub by neither.
 */
class TwoSweepersClaimEachBatchOnceTest {

    static final int STALLED = 400;

    @TempDir Path dir;
    NamedParameterJdbcTemplate jdbc;
    HubNode a, b;

    @BeforeEach
    void hubs() {
        jdbc = ClusterDatabase.jdbc();
        jdbc.update("DELETE FROM hub.batch WHERE source_id LIKE 'sweep-%'", Map.of());
        a = ClusterDatabase.node(dir.resolve("a"));
        b = ClusterDatabase.node(dir.resolve("b"));
    }

    @AfterEach
    void leave() {
        a.leave();
        b.leave();
    }

    private List<Long> batches(String source, String owner, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(jdbc.queryForObject("""
                    INSERT INTO hub.batch (source_id, dataset_id, origin, content_hash, dedupe_hash, bytes, landing_path,
                                           status, received_at, owner)
                    VALUES (:source, 'd', 'upload', md5(random()::text), md5(random()::text), 1, 'x', 'RECEIVED',
                            now() - interval '1 hour', :owner) RETURNING id""",
                    new MapSqlParameterSource("source", source).addValue("owner", owner), Long.class));
        }
        return ids;
    }

    /** What one hub's sweep takes: the takeable batches it lists, in an order of its own, claimed one by one. */
    private static Set<Long> sweep(BatchStore store, HubNode node, CyclicBarrier start, boolean reversed) throws Exception {
        start.await();
        List<BatchStore.Takeable> listed = new ArrayList<>(store.takeable(node.id(), node.expiry(), OffsetDateTime.now()));
        if (reversed) Collections.reverse(listed);
        Set<Long> taken = new HashSet<>();
        for (BatchStore.Takeable t : listed) {
            if (store.claim(t.batch().id(), node.id(), node.expiry())) taken.add(t.batch().id());
        }
        return taken;
    }

    @Test
    void eachBatchOfAGoneHubIsTakenOverByExactlyOneSweeper() throws Exception {
        // a hub that stopped beating an hour ago, batches of no hub (from before ownership), and a live third hub
        jdbc.update("INSERT INTO hub.node (id, host, pid, data_dir, heartbeat_at) VALUES ('gone', 'h', 1, '/gone',"
                + " now() - interval '1 hour')", Map.of());
        HubNode live = ClusterDatabase.node(dir.resolve("live"));
        try {
            List<Long> stalled = new ArrayList<>(batches("sweep-gone", "gone", STALLED));
            stalled.addAll(batches("sweep-none", null, 50));
            List<Long> alive = batches("sweep-live", live.id(), 50);
            BatchStore storeA = new BatchStore(jdbc, ClusterDatabase.dataSource(), new BatchLifecycle(Clock.systemUTC()));
            BatchStore storeB = new BatchStore(jdbc, ClusterDatabase.dataSource(), new BatchLifecycle(Clock.systemUTC()));
            CyclicBarrier start = new CyclicBarrier(2);

            CompletableFuture<Set<Long>> byA = CompletableFuture.supplyAsync(() -> call(() -> sweep(storeA, a, start, false)));
            CompletableFuture<Set<Long>> byB = CompletableFuture.supplyAsync(() -> call(() -> sweep(storeB, b, start, true)));
            Set<Long> takenA = byA.get();
            Set<Long> takenB = byB.get();

            Set<Long> both = new HashSet<>(takenA);
            both.retainAll(takenB);
            assertThat(both).as("batches claimed by both sweepers").isEmpty();
            Set<Long> all = new HashSet<>(takenA);
            all.addAll(takenB);
            assertThat(all).as("every stalled batch taken over, none of the live hub's").containsExactlyInAnyOrderElementsOf(stalled);
            assertThat(takenA).as("both sweepers took some (they ran at once, from both ends)").isNotEmpty();
            assertThat(takenB).isNotEmpty();
            for (long id : takenA) assertThat(storeA.owner(id)).contains(a.id());
            for (long id : takenB) assertThat(storeB.owner(id)).contains(b.id());
            for (long id : alive) assertThat(storeA.owner(id)).contains(live.id());
            // taken over: a claim by the other sweeper now fails, the owner's own succeeds again
            long one = takenA.iterator().next();
            assertThat(storeB.claim(one, b.id(), b.expiry())).isFalse();
            assertThat(storeA.claim(one, a.id(), a.expiry())).isTrue();
        } finally {
            live.leave();
        }
    }

    @Test
    void aHubThatStopsCleanlyHandsItsBatchesOverAtOnce() {
        HubNode leaving = ClusterDatabase.node(dir.resolve("leaving"));
        List<Long> its = batches("sweep-leaving", leaving.id(), 3);
        BatchStore store = new BatchStore(jdbc, ClusterDatabase.dataSource(), new BatchLifecycle(Clock.systemUTC()));
        assertThat(store.claim(its.get(0), a.id(), a.expiry())).as("the owner is alive").isFalse();
        leaving.leave();
        assertThat(store.claim(its.get(0), a.id(), a.expiry())).as("its row is gone: no wait for the expiry").isTrue();
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
