package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: a database outage longer than the retry budget. The hub gives a chunk three attempts about a
 * second apart; the external PostgreSQL crashes while a batch loads, with 38 of its 40 chunks loaded, and
 * stays down well past the last attempt of the other two. They go to the dead-letter queue while the failure
 * cannot be written. Once the database is back the hub's sweep finds them there: the batch is FAILED with
 * what an operator needs ("38 of 40 chunks loaded; 2 in the dead-letter queue: replay them ..."); the
 * operator replays, and the batch completes exactly.
 */
class LongOutageFaultIT extends FaultSupport {

    static final int CHUNKS = 40;
    static final int LOADED_BEFORE = 38;
    static final int ROWS = FULL ? 200_000 : 20_000;
    /** How long the database stays down after both chunks used up their attempts. */
    static final Duration OUTAGE = FULL ? Duration.ofSeconds(60) : Duration.ofSeconds(5);
    static final long SEED = 97;

    static Path runDir;
    static ExternalPostgres pg;
    static HubProcess hub;

    @BeforeAll
    static void start() throws IOException, SQLException {
        runDir = Path.of("target", "fault-runs", "long-outage").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        FaultData.writeConfig(runDir);
        pg = new ExternalPostgres(runDir.resolve("pg"), HubProcess.freePort(), runDir.resolve("postgres.log")).start();
        hub = HubProcess.in(runDir)
                .externalDatabase(pg.jdbcUrl(), "hub", ExternalPostgres.HUB_PASSWORD)
                .with("spring.datasource.hikari.connection-timeout", 1000)
                .with("hub.load.chunk-size", ROWS / CHUNKS)
                // a budget of three attempts within a few seconds: far shorter than the outage
                .with("hub.broker.redelivery.max-attempts", 2)
                .with("hub.broker.redelivery.initial-delay", "500ms")
                .with("hub.broker.redelivery.max-delay", "1s")
                .build().start();
        try (Connection c = hub.db()) {
            Pause.install(c);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (hub != null) hub.close();
        if (pg != null) pg.close();
    }

    @Test
    void anOutageLongerThanTheRetryBudgetEndsFailedWithWhatToDoAndReplayCompletesIt() throws Exception {
        Path input = runDir.resolve("input").resolve("long.csv");
        FaultData.Truth truth = FaultData.generate(input, SEED, 1, ROWS);
        Stage.Probe probe = new Stage.Probe(KillNineFaultIT.sha256(input), hub.landingDir(FaultData.SOURCE));
        Stage.Seen at;
        try (Db db = new Db(hub); Pause loading = new Pause(hub.db(), Stage.LOADING, LOADED_BEFORE)) {
            FaultData.drop(input, hub.dropDir(FaultData.SOURCE), "long.csv");
            at = await("38 chunks loaded, the last two waiting").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> loading.holding() ? db.seen(probe) : null,
                            s -> s != null && s.stage() == Stage.LOADING && s.detail().equals("QUEUED " + LOADED_BEFORE + "/" + CHUNKS));
            pg.crash();
        }
        assertThat(at.stage()).as("where the crash struck").isEqualTo(Stage.LOADING);

        // both waiting chunks use up their attempts while the database is down, and go to the dead-letter queue
        await("two chunks dead-lettered while the database is down").atMost(Duration.ofMinutes(2))
                .until(() -> hub.logText().lines().filter(l -> l.contains("it is in the dead-letter queue")).count() == 2);
        await("the database still down, past the last attempt").during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> hub.isAlive() && hub.health() > 0);
        pg.start();

        // the sweep (every 15 s) finds them in the dead-letter queue and fails the batch with what to do
        BatchRow failed = await("batch FAILED with the counts").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(LongOutageFaultIT::theBatch, b -> b != null && b.status().equals("FAILED"));
        assertThat(failed.message()).startsWith(LOADED_BEFORE + " of " + CHUNKS + " chunks loaded; 2 in the dead-letter queue:"
                + " replay them once the cause is fixed (POST /api/v1/dead-letters/replay).");
        assertThat(failed.chunksLoaded()).isEqualTo(LOADED_BEFORE);
        assertThat(failed.logged()).isEqualTo(LOADED_BEFORE);
        assertThat(hub.deadLetters()).as("GET /api/v1/dead-letters count").isEqualTo(2);
        try (Connection c = hub.db()) {
            assertThat(FaultSupport.count(c, "SELECT count(*) FROM hub.chunk_failure WHERE dead_lettered AND chunk > " + LOADED_BEFORE))
                    .as("the two chunks recorded as dead-lettered").isEqualTo(2);
        }

        HttpResponse<String> replay = hub.post("/api/v1/dead-letters/replay", null, HttpRequest.BodyPublishers.noBody());
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(replay.body()).contains("\"replayed\":2");
        BatchRow loaded = await("batch LOADED after the replay").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(LongOutageFaultIT::theBatch, b -> b != null && b.status().equals("LOADED"));
        assertThat(loaded.message()).isNull();
        assertExactlyOnce(hub, truth);
        try (Connection c = hub.db()) {
            report("long-outage+replay", SEED, truth, FaultData.warehouse(c, -1), "crash struck " + at + "; down until both"
                    + " chunks had used up their 3 attempts, and " + OUTAGE.toSeconds() + " s more; FAILED with '" + failed.message().substring(0,
                    failed.message().indexOf('.')) + "', replayed, LOADED");
        }
    }

    private static BatchRow theBatch() {
        try (Connection c = hub.db()) {
            List<BatchRow> all = batches(c);
            return all.size() == 1 ? all.get(0) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
