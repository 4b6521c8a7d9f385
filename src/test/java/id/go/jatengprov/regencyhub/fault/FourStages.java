package id.go.jatengprov.regencyhub.fault;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Four deliveries held in the four working stages at once, so that one fault (a database or a broker that
 * crashes) strikes each of them: A, dropped, in loading with its first chunks loaded; D, dropped, at the end
 * of queueing (every chunk on the queue, the batch not yet QUEUED); B, uploaded, at the end of normalising;
 * C, an upload held half sent, landing. Each is held by the test ({@link Pause}, {@link HeldBody}), not
 * caught on the fly, so the arrangement does not depend on how busy the machine is.
 */
final class FourStages implements AutoCloseable {

    /** One delivery: its file, truth and probe; an upload's answer. */
    static final class Delivery {
        final String name;
        final Path file;
        final FaultData.Truth truth;
        final Stage.Probe probe;
        final boolean upload;
        CompletableFuture<FaultSupport.Answer> answer;

        Delivery(String name, Path file, FaultData.Truth truth, Stage.Probe probe, boolean upload) {
            this.name = name;
            this.file = file;
            this.truth = truth;
            this.probe = probe;
            this.upload = upload;
        }
    }

    private final HubProcess hub;
    private final Map<String, Delivery> deliveries = new LinkedHashMap<>();
    private final List<Pause> pauses = new ArrayList<>();
    private HeldBody held;

    private FourStages(HubProcess hub) {
        this.hub = hub;
    }

    /**
     * Delivers A–D ({@code rows} rows each, meters from {@code firstMeter}) and returns once each is held in its
     * stage. The pauses of {@link Pause#install} must be installed in the hub's database.
     */
    static FourStages arrange(HubProcess hub, Path inputDir, String label, long seed, int rows, long firstMeter)
            throws Exception {
        FourStages f = new FourStages(hub);
        try {
            f.arrange(inputDir, label, seed, rows, firstMeter);
            return f;
        } catch (Exception | AssertionError e) {
            f.close();
            throw e;
        }
    }

    private void arrange(Path inputDir, String label, long seed, int rows, long firstMeter) throws Exception {
        Path drop = hub.dropDir(FaultData.SOURCE);
        Duration patience = Duration.ofMinutes(FaultSupport.FULL ? 10 : 3);
        try (FaultSupport.Db db = new FaultSupport.Db(hub)) {
            // A: loading, its chunks 1–3 loaded, the next ones waiting in their transactions
            Delivery a = delivery(inputDir, label + "-A", seed, rows, firstMeter, false);
            Pause loading = pause(Stage.LOADING, 3);
            FaultData.drop(a.file, drop, a.file.getFileName().toString());
            awaitHeld(db, a, loading, Stage.LOADING, patience);
            // D: every chunk on the queue, waiting to record that it is QUEUED
            Delivery d = delivery(inputDir, label + "-D", seed + 3, rows, firstMeter + 3L * rows, false);
            Pause queueing = pause(Stage.QUEUEING, 0);
            FaultData.drop(d.file, drop, d.file.getFileName().toString());
            awaitHeld(db, d, queueing, Stage.QUEUEING, patience);
            // B: normalised, waiting to record its chunk count
            Delivery b = delivery(inputDir, label + "-B", seed + 1, rows, firstMeter + rows, true);
            Pause normalising = pause(Stage.NORMALISING, 0);
            b.answer = FaultSupport.upload(hub, b.file, null);
            awaitHeld(db, b, normalising, Stage.NORMALISING, patience);
            // C: half its body written into the landing folder
            Delivery c = delivery(inputDir, label + "-C", seed + 2, rows, firstMeter + 2L * rows, true);
            held = new HeldBody(c.file, Files.size(c.file) / 2);
            c.answer = FaultSupport.upload(hub, c.file, held);
            await(c.name + " landing").atMost(patience).pollInterval(Duration.ofMillis(20))
                    .until(() -> c.probe.incomingBytes() > 0);
        }
    }

    private Delivery delivery(Path dir, String name, long seed, int rows, long firstMeter, boolean upload) throws Exception {
        Path file = dir.resolve(name + ".csv");
        FaultData.Truth truth = FaultData.generate(file, seed, firstMeter, rows);
        Delivery d = new Delivery(name, file, truth, new Stage.Probe(KillNineFaultIT.sha256(file),
                hub.landingDir(FaultData.SOURCE)), upload);
        deliveries.put(name, d);
        return d;
    }

    private Pause pause(Stage stage, int afterChunk) throws SQLException {
        Pause p = new Pause(hub.db(), stage, afterChunk);
        pauses.add(p);
        return p;
    }

    private static void awaitHeld(FaultSupport.Db db, Delivery d, Pause pause, Stage stage, Duration patience) {
        await(d.name + " held in " + stage.label()).atMost(patience).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    Stage.Seen s = pause.holding() ? db.seen(d.probe) : null;
                    return s != null && s.stage() == stage;
                });
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries.values());
    }

    /** Where each delivery is now: in the database, or (while it is down) as the landing folder shows. */
    Map<String, Stage.Seen> seen() {
        Map<String, Stage.Seen> out = new LinkedHashMap<>();
        try (FaultSupport.Db db = new FaultSupport.Db(hub)) {
            for (Delivery d : deliveries.values()) {
                Stage.Seen s = db.seen(d.probe);
                out.put(d.name, s != null ? s : d.probe.landingSeen());
            }
        }
        return out;
    }

    FaultData.Truth truth() {
        return deliveries.values().stream().map(d -> d.truth).reduce(FaultData.Truth.NONE, FaultData.Truth::plus);
    }

    /** Lets every held delivery go on: the pauses end, the held upload sends the rest of its body. */
    void release() {
        pauses.forEach(Pause::close);
        if (held != null) held.release();
    }

    /**
     * An upload that got no 2xx answer (the hub answered 503 while its database was down, say) is sent again, as
     * often as it takes.
     */
    void resendUnanswered(List<String> notes) {
        for (Delivery d : deliveries.values()) {
            if (!d.upload) continue;
            FaultSupport.Answer a;
            try {
                a = d.answer.get(2, TimeUnit.MINUTES);
            } catch (Exception e) {
                a = new FaultSupport.Answer(-1, e.toString());
            }
            if (a.status() != 200 && a.status() != 202) {
                notes.add(d.name + " answered " + a.status() + ", sent again");
                d.answer = FaultSupport.uploadUntilTaken(hub, d.file);
            }
        }
    }

    /** Fails unless every upload was finally taken (202, or 200 for a DUPLICATE of an earlier attempt). */
    void assertUploadsTaken() throws Exception {
        for (Delivery d : deliveries.values()) {
            if (!d.upload) continue;
            FaultSupport.Answer a = d.answer.get(5, TimeUnit.MINUTES);
            if (a.status() != 200 && a.status() != 202) {
                throw new AssertionError(d.name + ": upload answered " + a.status() + " " + a.body());
            }
        }
    }

    @Override
    public void close() {
        release();
    }
}
