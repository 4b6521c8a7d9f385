package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 4–6 on one packaged hub (embedded database and broker, 3 redeliveries 200 ms apart):
 * a chunk that fails every time (dead-letter queue, then replay), drop-folder races (the same file
 * twice at once, a file written slowly, a file replaced while it is read) and duplicate natural keys
 * within one file.
 */
class IntakeAndLoadEdgesFaultIT extends FaultSupport {

    static final int CHUNK = 2_000;
    static Path runDir;
    static HubProcess hub;

    @BeforeAll
    static void start() throws IOException {
        runDir = Path.of("target", "fault-runs", "edges").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        FaultData.writeConfig(runDir);
        hub = HubProcess.in(runDir)
                .with("hub.load.chunk-size", CHUNK)
                .with("hub.broker.redelivery.max-attempts", 3)
                .with("hub.broker.redelivery.initial-delay", "200ms")
                .with("hub.drop.stable-for", "2s") // margin for the slow writer on a busy machine
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (hub != null) hub.close();
    }

    @BeforeEach
    void emptyWarehouse() throws Exception {
        try (Connection c = hub.db(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE warehouse.fault_meter, hub.reject, hub.load_log, hub.chunk_failure, hub.batch CASCADE");
        }
    }

    // ------------------------------------------------------------------ 4: dead letter and replay

    @Test
    void aChunkThatAlwaysFailsIsDeadLetteredTheRestLoadsAndReplayLoadsItOnce() throws Exception {
        int rows = 10_000; // 5 chunks; row index 4500 is in chunk 3 and breaks the constraint
        Path input = runDir.resolve("input").resolve("poison.csv");
        FaultData.Truth truth = FaultData.generate(input, rows, i -> 500_000L + i, i -> i == 4_500 ? 250_000 : i % 1000);
        try (Connection c = hub.db(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE warehouse.fault_meter ADD CONSTRAINT fault_reading_ck CHECK (reading <= 100000)");
        }
        FaultData.drop(input, hub.dropDir(FaultData.SOURCE), "poison.csv");

        BatchRow failed = await("batch FAILED").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> only(), b -> b != null && b.status().equals("FAILED") && b.logged() == 4);
        assertThat(failed.message()).startsWith("4 of 5 chunks loaded; 1 in the dead-letter queue: replay them once the cause"
                + " is fixed (POST /api/v1/dead-letters/replay). Last error, chunk 3 after 4 attempts: ").contains("fault_reading_ck");
        assertThat(failed.chunksTotal()).isEqualTo(5);
        HttpResponse<String> dl = hub.get("/api/v1/dead-letters");
        assertThat(dl.body()).contains("\"count\":1").contains("\"chunk\":3").contains("\"batch\":\"" + failed.id() + "\"");
        try (Connection c = hub.db()) {
            assertThat(FaultData.warehouse(c, -1).rows()).as("the other chunks loaded").isEqualTo(rows - CHUNK);
        }

        try (Connection c = hub.db(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE warehouse.fault_meter DROP CONSTRAINT fault_reading_ck");
        }
        HttpResponse<String> replay = hub.post("/api/v1/dead-letters/replay", null, HttpRequest.BodyPublishers.noBody());
        assertThat(replay.body()).contains("\"replayed\":1");
        BatchRow loaded = await("batch LOADED").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> only(), b -> b != null && b.status().equals("LOADED"));
        assertThat(loaded.message()).isNull();
        // replay is idempotent: nothing left to send, nothing changes
        assertThat(hub.post("/api/v1/dead-letters/replay", null, HttpRequest.BodyPublishers.noBody()).body()).contains("\"replayed\":0");
        assertExactlyOnce(hub, truth);
        try (Connection c = hub.db()) {
            report("dead-letter+replay", "-", truth, FaultData.warehouse(c, -1),
                    "FAILED with '" + failed.message().substring(0, Math.min(90, failed.message().length())) + "…', then LOADED");
        }
    }

    // ------------------------------------------------------------------ 5: drop-folder races

    @Test
    void theSameFileDroppedTwiceAtOnceLoadsOnceAndIsOnceADuplicate() throws Exception {
        Path input = runDir.resolve("input").resolve("twice.csv");
        FaultData.Truth truth = FaultData.generate(input, 11, 1, 5_000);
        Path drop = hub.dropDir(FaultData.SOURCE);
        Files.createDirectories(drop);
        Files.copy(input, drop.resolve("first.csv.part"));
        Files.copy(input, drop.resolve("second.csv.part"));
        Files.move(drop.resolve("first.csv.part"), drop.resolve("first.csv"), StandardCopyOption.ATOMIC_MOVE);
        Files.move(drop.resolve("second.csv.part"), drop.resolve("second.csv"), StandardCopyOption.ATOMIC_MOVE);

        List<BatchRow> all = await("two final batches").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(IntakeAndLoadEdgesFaultIT::batchList, l -> l.size() == 2 && l.stream().allMatch(BatchRow::isFinal));
        assertThat(all).extracting(BatchRow::status).containsExactlyInAnyOrder("LOADED", "DUPLICATE");
        assertExactlyOnce(hub, truth);
        await("both files out of the drop folder").atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(drop.resolve(".done/first.csv")) && Files.exists(drop.resolve(".done/second.csv")));
        try (Connection c = hub.db()) {
            report("same-file-twice", "-", truth, FaultData.warehouse(c, -1), all.get(0).status() + " + " + all.get(1).status());
        }
    }

    @Test
    void aFileWrittenSlowlyIsTakenOnceAndWhole() throws Exception {
        Path input = runDir.resolve("input").resolve("slow.csv");
        FaultData.Truth truth = FaultData.generate(input, 12, 100_000, 15_000);
        byte[] bytes = Files.readAllBytes(input);
        Path target = hub.dropDir(FaultData.SOURCE).resolve("slow.csv");
        Files.createDirectories(target.getParent());
        // 40 slices, one every 100 ms (4 s in all): the file never stays unchanged for hub.drop.stable-for (2 s)
        int slices = 40;
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            writer.scheduleAtFixedRate(() -> {
                int k = written.getAndIncrement();
                try {
                    int from = (int) ((long) bytes.length * k / slices), to = (int) ((long) bytes.length * (k + 1) / slices);
                    out.write(bytes, from, to - from); // slices end anywhere, also mid-row
                    out.flush();
                    if (k + 1 == slices) done.complete(null);
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
                if (k + 1 >= slices) throw new IllegalStateException("finished"); // ends the schedule
            }, 0, 100, TimeUnit.MILLISECONDS);
            done.get(1, TimeUnit.MINUTES);
            assertThat(batchList()).as("nothing taken while it was being written").isEmpty();
        } finally {
            writer.shutdownNow();
        }
        BatchRow b = await("batch final").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> only(), x -> x != null && x.isFinal());
        assertThat(b.status()).isEqualTo("LOADED");
        assertThat(b.rowsRead()).isEqualTo(15_000);
        assertThat(batchList()).hasSize(1);
        assertExactlyOnce(hub, truth);
        try (Connection c = hub.db()) {
            report("slow-writer", "-", truth, FaultData.warehouse(c, -1), "one batch, " + b.rowsRead() + " rows read");
        }
    }

    @Test
    void aFileReplacedWhileItIsReadIsNotLost() throws Exception {
        // A and B: the same meters, other readings. A is dropped; while the hub works on it, B replaces it
        // under the same name. B is the sender's last word: it must load too (the newer batch wins).
        int rows = 200_000;
        Path a = runDir.resolve("input").resolve("replace-a.csv");
        Path b = runDir.resolve("input").resolve("replace-b.csv");
        FaultData.generate(a, 21, 1, rows);
        FaultData.Truth truthB = FaultData.generate(b, 22, 1, rows);
        String shaA = KillNineFaultIT.sha256(a);
        String shaB = KillNineFaultIT.sha256(b);
        Path drop = hub.dropDir(FaultData.SOURCE);
        Stage.Probe probeA = new Stage.Probe(shaA, hub.landingDir(FaultData.SOURCE));
        FaultData.drop(a, drop, "replace.csv");
        Files.copy(b, drop.resolve("replace.csv.part"));

        Stage.Seen stateOfA;
        try (Db db = new Db(hub)) {
            stateOfA = await("the hub reading A").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                    .until(() -> db.seen(probeA), s -> s != null && s.stage() != Stage.WAITING);
        }
        Files.move(drop.resolve("replace.csv.part"), drop.resolve("replace.csv"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        await("B loaded").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> "LOADED".equals(statusOf(shaB)) && batchList().stream().allMatch(BatchRow::isFinal));
        String finalA = statusOf(shaA);
        assertThat(finalA).as("A: read whole and loaded, or never registered").isIn("LOADED", null);
        assertExactlyOnce(hub, truthB);
        try (Connection c = hub.db()) {
            report("replaced-while-read", "-", truthB, FaultData.warehouse(c, -1),
                    "replaced while A was " + stateOfA + "; A ended " + finalA + ", B LOADED");
        }
    }

    // ------------------------------------------------------------------ 6: duplicate natural keys

    @Test
    void aRepeatedKeyIsRejectedAsADuplicateOfTheEarlierRowAndTheChunkLoads() throws Exception {
        int rows = 20_000; // 10 chunks
        // index 12 repeats index 10 (same chunk); the first row of chunk k+1 repeats row 100 of chunk k
        java.util.Map<Integer, Integer> repeats = new java.util.TreeMap<>();
        repeats.put(12, 10);
        for (int k = 0; k < 9; k++) repeats.put((k + 1) * CHUNK, k * CHUNK + 100);
        Path input = runDir.resolve("input").resolve("dupkeys.csv");
        FaultData.Truth truth = FaultData.generate(input, rows,
                i -> 900_000L + repeats.getOrDefault(i, i), i -> (i * 7919) % 100_000);
        FaultData.drop(input, hub.dropDir(FaultData.SOURCE), "dupkeys.csv");

        BatchRow b = await("batch final").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> only(), x -> x != null && x.isFinal());
        assertThat(b.status()).isEqualTo("LOADED_WITH_REJECTS");
        assertThat(b.rowsLoaded()).as("rows loaded").isEqualTo(rows - repeats.size());
        assertThat(b.rejected()).as("rows rejected").isEqualTo(repeats.size());
        List<String> rejects = new ArrayList<>();
        try (Connection c = hub.db(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT row_no, reason FROM hub.reject WHERE batch_id = " + b.id() + " ORDER BY row_no")) {
            while (rs.next()) rejects.add(rs.getLong(1) + ": " + rs.getString(2));
        }
        List<String> expected = new ArrayList<>();
        // file rows: the header is row 1, so index i is row i + 2
        repeats.forEach((later, earlier) -> expected.add((later + 2) + ": duplicate of row " + (earlier + 2)
                + ": same key (meter, period)"));
        assertThat(rejects).containsExactlyElementsOf(expected);
        assertExactlyOnce(hub, truth);
        try (Connection c = hub.db()) {
            report("duplicate-keys", "-", truth, FaultData.warehouse(c, -1), rejects.size() + " rows rejected as duplicates");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<BatchRow> batchList() throws Exception {
        try (Connection c = hub.db()) {
            return batches(c);
        }
    }

    private static BatchRow only() throws Exception {
        List<BatchRow> l = batchList();
        return l.size() == 1 ? l.get(0) : null;
    }

    private static String statusOf(String sha) throws Exception {
        try (Connection c = hub.db(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status FROM hub.batch WHERE content_hash = '" + sha + "' ORDER BY id LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
