package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scenario 1: {@code kill -9} of the hub at random moments while it takes in and loads a file, then a
 * restart. Each seed delivers its own file (drop folder or upload, by seed) and kills the hub 1–3 times
 * at seeded points: while landing, while normalising, while queueing chunks, or after a seeded share of
 * the chunks loaded. After the restarts the work must finish exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillNineFaultIT extends FaultSupport {

    static final int ROWS = FULL ? 1_000_000 : 40_000;
    static final int SEEDS = Integer.getInteger("fault.seeds", FULL ? 20 : 3);
    static final int CHUNK = 2_000;

    static Path runDir;
    static HubProcess hub;
    /** What the warehouse must hold after the tests so far (they share one hub). */
    static FaultData.Truth total = FaultData.Truth.NONE;

    @BeforeAll
    static void startHub() throws IOException {
        runDir = Path.of("target", "fault-runs", "kill-nine").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        FaultData.writeConfig(runDir);
        hub = HubProcess.in(runDir).with("hub.load.chunk-size", CHUNK).build().start();
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) hub.close();
    }

    @Test
    @Order(1)
    void killedAtRandomMomentsTheWorkStillFinishesExactlyOnce() throws Exception {
        FaultData.Truth all = FaultData.Truth.NONE;
        for (int i = 0; i < SEEDS; i++) {
            long seed = 4242 + i;
            all = all.plus(runSeed(seed, i));
        }
        total = total.plus(all);
        FaultSupport.assertExactlyOnce(hub, total);
        try (Connection c = hub.db()) {
            report("kill-9 (all seeds)", SEEDS + "x", all, FaultData.warehouse(c, -1), "hub starts: " + hub.starts());
        }
    }

    /**
     * Killed while a dropped file A is being normalised; while the hub is down the sender replaces A with B
     * under the same name. After the restart A's batch must still finish (it was landed whole) and B must load.
     */
    @Test
    @Order(2)
    void aFileReplacedWhileTheHubIsDownIsLoadedAndTheInterruptedBatchFinishes() throws Exception {
        Path a = runDir.resolve("input").resolve("down-a.csv");
        Path b = runDir.resolve("input").resolve("down-b.csv");
        FaultData.generate(a, 77, 50_000_001L, ROWS);
        FaultData.Truth truthB = FaultData.generate(b, 78, 50_000_001L, ROWS);
        String shaA = sha256(a), shaB = sha256(b);
        Path drop = hub.dropDir(FaultData.SOURCE);
        FaultData.drop(a, drop, "down.csv");
        String at;
        try (Db db = new Db()) {
            at = await("A being normalised").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> db.progress(shaA, 2), s -> s != null);
        }
        hub.kill();
        Files.copy(b, drop.resolve("down.csv.part"));
        Files.move(drop.resolve("down.csv.part"), drop.resolve("down.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        hub.start();
        try (Db db = new Db()) {
            await("A and B final").atMost(Duration.ofMinutes(FULL ? 15 : 3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> db.finalStatus(shaA) != null && db.finalStatus(shaB) != null);
        }
        total = total.plus(truthB); // same meters: B, the newer batch, wins
        FaultSupport.assertExactlyOnce(hub, total);
        try (Connection c = hub.db()) {
            long batchB = loadedBatch(c, shaB);
            assertThat(FaultData.warehouse(c, batchB)).isEqualTo(truthB);
            report("kill-9+replaced", "77/78", truthB, FaultData.warehouse(c, batchB),
                    "killed while A was " + at + "; A " + FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE content_hash = '"
                            + shaA + "' AND status = 'LOADED'") + "x LOADED, B LOADED");
        }
    }

    private FaultData.Truth runSeed(long seed, int index) throws Exception {
        Random r = new Random(seed);
        Path input = runDir.resolve("input").resolve("seed-" + seed + ".csv");
        FaultData.Truth truth = FaultData.generate(input, seed, (long) index * ROWS + 1, ROWS);
        String sha = sha256(input);
        boolean upload = seed % 3 == 1; // every third seed uploads, the others drop
        int kills = 1 + r.nextInt(FULL ? 3 : 2);
        List<Double> points = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            // 1 landing, 2 normalising, 3 queueing chunks, 4..5 loading (4 + a seeded share of chunks loaded);
            // the first kill's stage rotates with the seed so that a few seeds already cover every stage
            int stage = k == 0 ? 1 + (int) (seed % 4) : 1 + r.nextInt(4);
            points.add(stage == 4 ? 4 + r.nextDouble() * 0.95 : stage);
        }
        points.sort(null);

        CompletableFuture<Answer> sent = deliver(input, seed, upload);
        List<String> notes = new ArrayList<>();
        notes.add(upload ? "upload" : "drop");
        Db db = new Db();
        try {
            for (double point : points) {
                String at = await("progress " + point).atMost(Duration.ofMinutes(FULL ? 10 : 3))
                        .pollInterval(Duration.ofMillis(10)).until(() -> db.progress(sha, point), s -> s != null);
                hub.kill();
                notes.add(String.format("kill@%.2f(%s)", point, at));
                hub.start();
                if (upload) {
                    sent = resendIfUnanswered(sent, input, notes);
                }
            }
            Answer answer = sent.get(5, TimeUnit.MINUTES);
            assertThat(answer.status()).as("upload answer %s", answer.body()).isIn(200, 202);
            await("seed " + seed + " final").atMost(Duration.ofMinutes(FULL ? 15 : 3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> db.finalStatus(sha) != null);
        } finally {
            db.close();
        }
        try (Connection c = hub.db()) {
            long batch = loadedBatch(c, sha);
            FaultData.Truth wh = FaultData.warehouse(c, batch);
            long duplicates = FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status = 'DUPLICATE' AND content_hash = '" + sha + "'");
            if (duplicates > 0) notes.add(duplicates + " DUPLICATE batch(es) for the re-read file");
            report("kill-9", seed, truth, wh, String.join(" ", notes));
            assertThat(wh).as("seed %s: warehouse rows of batch %s", seed, batch).isEqualTo(truth);
        }
        return truth;
    }

    private CompletableFuture<Answer> deliver(Path input, long seed, boolean upload) throws IOException {
        if (!upload) {
            FaultData.drop(input, hub.dropDir(FaultData.SOURCE), "seed-" + seed + ".csv");
            return CompletableFuture.completedFuture(new Answer(202, "(dropped)"));
        }
        return upload(input);
    }

    private static CompletableFuture<Answer> upload(Path input) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<String> r = hub.post("/api/v1/sources/" + FaultData.SOURCE + "/uploads", "text/csv",
                        HttpRequest.BodyPublishers.ofFile(input));
                return new Answer(r.statusCode(), r.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** A client whose upload died with the hub sends the same bytes again, as a real client would. */
    private CompletableFuture<Answer> resendIfUnanswered(CompletableFuture<Answer> sent,
                                                                       Path input, List<String> notes) {
        try {
            Answer a = sent.get(60, TimeUnit.SECONDS);
            if (a.status() == 200 || a.status() == 202) return sent;
        } catch (Exception e) {
            // the connection died with the hub
        }
        notes.add("re-upload");
        return upload(input);
    }

    /** The hub's answer to a delivery (a drop has none: it counts as accepted). */
    record Answer(int status, String body) {}

    private static long loadedBatch(Connection c, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, status FROM hub.batch WHERE content_hash = ? AND status <> 'DUPLICATE' ORDER BY id")) {
            ps.setString(1, sha);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a batch for %s", sha).isTrue();
                long id = rs.getLong(1);
                assertThat(rs.getString(2)).as("batch %s", id).isEqualTo("LOADED");
                assertThat(rs.next()).as("only one non-duplicate batch for the same bytes").isFalse();
                return id;
            }
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Progress of the file through the hub, read from its database and landing folder; reconnects after kills. */
    private static final class Db implements AutoCloseable {
        private Connection c;

        private Connection conn() throws SQLException {
            if (c == null || !c.isValid(1)) {
                close();
                c = hub.db();
            }
            return c;
        }

        /** Non-null (a description of where the file was) once progress reached {@code point}, or the batch is final. */
        String progress(String sha, double point) {
            try {
                try (PreparedStatement ps = conn().prepareStatement("""
                        SELECT b.status, b.chunks_total, (SELECT count(*) FROM hub.load_log l WHERE l.batch_id = b.id)
                        FROM hub.batch b WHERE content_hash = ? AND status <> 'DUPLICATE' ORDER BY id DESC LIMIT 1""")) {
                    ps.setString(1, sha);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            String status = rs.getString(1);
                            Integer total = (Integer) rs.getObject(2);
                            long logged = rs.getLong(3);
                            double p = status.equals("RECEIVED") ? (total == null ? 2 : 3)
                                    : 4 + (total == null || total == 0 ? 1 : (double) logged / total);
                            String at = status + " " + logged + "/" + total;
                            if (p >= point || !status.equals("RECEIVED") && !status.equals("QUEUED")) return at;
                            return null;
                        }
                    }
                }
                if (point <= 1 && landingInProgress()) return "landing";
                return null;
            } catch (SQLException e) {
                return null; // the hub (and its database) is restarting
            }
        }

        String finalStatus(String sha) {
            try (PreparedStatement ps = conn().prepareStatement(
                    "SELECT status FROM hub.batch WHERE content_hash = ? AND status IN ('LOADED', 'LOADED_WITH_REJECTS', 'FAILED') ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, sha);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null;
                    // every batch, including any DUPLICATE made by a re-read, must be final too
                    try (PreparedStatement all = conn().prepareStatement(
                            "SELECT count(*) FROM hub.batch WHERE status IN ('RECEIVED', 'QUEUED')");
                         ResultSet open = all.executeQuery()) {
                        open.next();
                        return open.getLong(1) == 0 ? rs.getString(1) : null;
                    }
                }
            } catch (SQLException e) {
                return null;
            }
        }

        private static boolean landingInProgress() {
            Path dir = hub.dataDir().resolve("landing").resolve(FaultData.SOURCE);
            if (!Files.isDirectory(dir)) return false;
            try (Stream<Path> s = Files.list(dir)) {
                return s.anyMatch(p -> p.getFileName().toString().startsWith(".incoming-"));
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                if (c != null) c.close();
            } catch (SQLException ignored) {
                // the server went away
            }
            c = null;
        }
    }
}
