package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scenario 1: {@code kill -9} of the hub while it takes in and loads a file, then a restart. Each seed delivers
 * its own file (drop folder or upload) and kills the hub 1–3 times, each kill aimed at a stage (landing,
 * normalising, queueing, loading after a seeded share of the chunks) and fired when the hub is seen to have
 * got there. Every third kill is a power cut: the hub and its embedded PostgreSQL die together, and the next
 * start runs PostgreSQL's WAL recovery. After the restarts the work must finish exactly once.
 *
 * <p>Where each kill struck is read from the hub's state frozen by the kill (for a power cut: seen just before
 * it). The test fails unless kills struck every stage at least once: a stage that the planned seeds missed
 * (a trigger that came too late on a busy machine) gets seeds of its own, held there ({@link Pause}), and if it
 * is still never struck the scenario proves nothing about it. A landing is struck with an upload held half
 * sent ({@link HeldBody}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillNineFaultIT extends FaultSupport {

    static final int ROWS = FULL ? 1_000_000 : 40_000;
    static final int SEEDS = Integer.getInteger("fault.seeds", FULL ? 20 : 3);
    static final int CHUNK = 1_000;
    /** The first kill of seed i aims at ROTATION[i % 4]; seeds from 57 make the reduced form's three seeds aim at every stage with four kills, the second a power cut mid-load. */
    static final Stage[] ROTATION = {Stage.NORMALISING, Stage.LANDING, Stage.QUEUEING, Stage.LOADING};
    static final long FIRST_SEED = 57;

    static Path runDir;
    static HubProcess hub;
    static final Stage.Coverage COVERAGE = new Stage.Coverage("kill-9");
    /** Kills so far, across seeds: every third is a power cut. */
    static int kills;
    static final List<Stage.Seen> POWER_CUTS = new ArrayList<>();
    /** What the warehouse must hold after the tests so far (they share one hub). */
    static FaultData.Truth total = FaultData.Truth.NONE;

    @BeforeAll
    static void startHub() throws IOException {
        runDir = Path.of("target", "fault-runs", "kill-nine").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        FaultData.writeConfig(runDir);
        hub = HubProcess.in(runDir).with("hub.load.chunk-size", CHUNK).build().start();
        try (Connection c = hub.db()) {
            Pause.install(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopHub() {
        reportCoverage(COVERAGE);
        if (hub != null) hub.close();
    }

    /**
     * One kill: the stage it waits for (and, for loading, the share of chunks loaded before it fires); {@code hold}:
     * the delivery is held at the end of the stage ({@link Pause}) until the kill.
     */
    record Target(Stage stage, double share, boolean hold) {
        @Override
        public String toString() {
            return (stage == Stage.LOADING ? String.format("loading %.0f%%", share * 100) : stage.label()) + (hold ? " (held)" : "");
        }
    }

    /** A seed's delivery and kills. */
    record Plan(long seed, int index, boolean upload, List<Target> targets) {
        /**
         * 1–3 kills at distinct stages in pipeline order, the first rotating with the seed's index. In the reduced
         * form a first kill aimed at normalising or queueing holds the delivery there: a small file passes those
         * stages in a fraction of a second, less than a test's look can take on a busy machine; a million rows
         * take seconds.
         */
        static Plan of(long seed, int index) {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(3);
            Stage first = ROTATION[index % ROTATION.length];
            boolean upload = first == Stage.LANDING || seed % 3 == 1;
            Set<Stage> stages = EnumSet.of(first);
            List<Stage> choices = upload ? List.of(ROTATION) : List.of(Stage.NORMALISING, Stage.QUEUEING, Stage.LOADING);
            while (stages.size() < n) stages.add(choices.get(r.nextInt(choices.size())));
            List<Target> targets = new ArrayList<>();
            for (Stage s : stages) {
                targets.add(new Target(s, 0.1 + 0.8 * r.nextDouble(), !FULL && targets.isEmpty() && Pause.canHold(s)));
            }
            return new Plan(seed, index, upload, targets);
        }

        /** A seed with one kill aimed at {@code stage}, held there where it can be. */
        static Plan aimedAt(long seed, int index, Stage stage) {
            return new Plan(seed, index, stage == Stage.LANDING, List.of(new Target(stage, 0.5, Pause.canHold(stage))));
        }
    }

    @Test
    @Order(1)
    void killedAtEveryStageTheWorkStillFinishesExactlyOnce() throws Exception {
        FaultData.Truth all = FaultData.Truth.NONE;
        int index = 0;
        for (; index < SEEDS; index++) {
            all = all.plus(runSeed(Plan.of(FIRST_SEED + index, index)));
        }
        // A stage that no kill struck (its trigger came too late) gets seeds of its own, twice at most.
        for (int round = 0; round < 2 && !COVERAGE.missing().isEmpty(); round++) {
            for (Stage missed : COVERAGE.missing()) {
                all = all.plus(runSeed(Plan.aimedAt(FIRST_SEED + index, index, missed)));
                index++;
            }
        }
        total = total.plus(all);
        FaultSupport.assertExactlyOnce(hub, total);
        try (Connection c = hub.db()) {
            report("kill-9 (all seeds)", index + "x", all, FaultData.warehouse(c, -1), "hub starts: " + hub.starts()
                    + ", power cuts at " + POWER_CUTS);
        }
        assertEveryStageStruck(COVERAGE);
        assertThat(POWER_CUTS).as("power cuts (hub and PostgreSQL killed together) that struck a working stage")
                .anyMatch(s -> Stage.WORKING.contains(s.stage()));
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
        Stage.Probe probe = new Stage.Probe(shaA, hub.landingDir(FaultData.SOURCE));
        Path drop = hub.dropDir(FaultData.SOURCE);
        FaultData.drop(a, drop, "down.csv");
        Stage.Seen at;
        try (Db db = new Db(hub); Pause pause = new Pause(hub.db(), Stage.NORMALISING)) {
            await("A held at the end of normalising").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> pause.holding() ? db.seen(probe) : null, s -> s != null && s.reached(Stage.NORMALISING, 0));
            hub.kill();
            at = db.seen(probe);
        }
        COVERAGE.hit("replaced-while-down", at);
        assertThat(at.stage()).as("A when the hub was killed").isIn(Stage.NORMALISING, Stage.QUEUEING, Stage.LOADING);
        Files.copy(b, drop.resolve("down.csv.part"));
        Files.move(drop.resolve("down.csv.part"), drop.resolve("down.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        hub.start();
        try (Db db = new Db(hub)) {
            await("A and B final").atMost(Duration.ofMinutes(FULL ? 15 : 3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> finalStatus(db, shaA) != null && finalStatus(db, shaB) != null);
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

    private FaultData.Truth runSeed(Plan plan) throws Exception {
        long seed = plan.seed();
        Path input = runDir.resolve("input").resolve("seed-" + seed + ".csv");
        FaultData.Truth truth = FaultData.generate(input, seed, (long) plan.index() * ROWS + 1, ROWS);
        String sha = sha256(input);
        Stage.Probe probe = new Stage.Probe(sha, hub.landingDir(FaultData.SOURCE));
        List<String> notes = new ArrayList<>();
        notes.add((plan.upload() ? "upload" : "drop") + " aimed at " + plan.targets());

        Target first = plan.targets().get(0);
        HeldBody held = first.stage() == Stage.LANDING ? new HeldBody(input, Files.size(input) / 2) : null;
        // A held loading kill lets the chunks that make up its share load first: held after the first chunk, a
        // target of 50% would never be reached.
        Pause pause = !first.hold() ? null
                : first.stage() == Stage.LOADING ? new Pause(hub.db(), Stage.LOADING, (int) Math.ceil(first.share() * ROWS / CHUNK))
                : new Pause(hub.db(), first.stage());
        CompletableFuture<Answer> sent = plan.upload() ? upload(hub, input, held) : dropped(input, seed);
        try (Db db = new Db(hub)) {
            for (Target target : plan.targets()) {
                Pause p = target == first ? pause : null;
                Stage.Seen before = await("seed " + seed + ": " + target).atMost(Duration.ofMinutes(FULL ? 10 : 3))
                        .pollInterval(Duration.ofMillis(5)).until(() -> trigger(db, probe, target, held, p), s -> s != null);
                boolean powerCut = ++kills % 3 == 2;
                Stage.Seen struck;
                if (powerCut) {
                    Stage.Seen now = db.seen(probe); // the last look before the cut
                    struck = now != null ? now : before;
                    db.close();
                    hub.powerCut();
                    POWER_CUTS.add(struck);
                } else {
                    hub.kill();
                    struck = db.seen(probe); // frozen: nothing runs that could move it on
                }
                if (held != null) held.release(); // the client now finds its connection dead
                if (p != null) p.close(); // the killed hub's waiting session now finds its client gone
                String what = "seed " + seed + (powerCut ? " power cut " : " kill ") + kills + " aimed at " + target
                        + ", fired on seeing " + before;
                COVERAGE.hit(what, struck);
                notes.add((powerCut ? "power-cut@" : "kill@") + struck);
                hub.start();
                if (plan.upload()) {
                    sent = resendIfUnanswered(sent, input, notes);
                }
            }
            Answer answer = sent.get(5, TimeUnit.MINUTES);
            assertThat(answer.status()).as("upload answer %s", answer.body()).isIn(200, 202);
            await("seed " + seed + " final").atMost(Duration.ofMinutes(FULL ? 15 : 3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> finalStatus(db, sha) != null);
        } finally {
            if (pause != null) pause.close();
            if (held != null) held.release();
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

    /**
     * Non-null (what was seen) once the delivery got to the target. Landing: the hub has written some of the
     * held body into its landing folder.
     */
    private static Stage.Seen trigger(Db db, Stage.Probe probe, Target target, HeldBody held, Pause pause) {
        if (target.stage() == Stage.LANDING && held != null) {
            long bytes = probe.incomingBytes();
            return bytes > 0 ? new Stage.Seen(Stage.LANDING, bytes + " bytes written") : null;
        }
        if (pause != null && !pause.holding()) {
            return null;
        }
        Stage.Seen s = db.seen(probe);
        return s != null && s.reached(target.stage(), target.share()) ? s : null;
    }

    private CompletableFuture<Answer> dropped(Path input, long seed) throws IOException {
        FaultData.drop(input, hub.dropDir(FaultData.SOURCE), "seed-" + seed + ".csv");
        return CompletableFuture.completedFuture(new Answer(202, "(dropped)"));
    }

    /** A client whose upload died with the hub sends the same bytes again, as a real client would. */
    private CompletableFuture<Answer> resendIfUnanswered(CompletableFuture<Answer> sent, Path input, List<String> notes) {
        try {
            Answer a = sent.get(60, TimeUnit.SECONDS);
            if (a.status() == 200 || a.status() == 202) return sent;
        } catch (Exception e) {
            // the connection died with the hub
        }
        notes.add("re-upload");
        return upload(hub, input, null);
    }

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

    /** The batch's final status once it and every other batch (a DUPLICATE made by a re-read too) is final. */
    private static String finalStatus(Db db, String sha) {
        try (PreparedStatement ps = db.conn().prepareStatement(
                "SELECT status FROM hub.batch WHERE content_hash = ? AND status IN ('LOADED', 'LOADED_WITH_REJECTS', 'FAILED') ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, sha);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return FaultSupport.count(db.conn(), "SELECT count(*) FROM hub.batch WHERE status IN ('RECEIVED', 'QUEUED')") == 0
                        ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
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
}
