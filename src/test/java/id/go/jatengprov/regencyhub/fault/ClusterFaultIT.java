package id.go.jatengprov.regencyhub.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import id.go.jatengprov.regencyhub.it.StubServer;

/**
 * Scenario 8: three hubs (the packaged jar, three processes) on one external PostgreSQL ({@link ExternalPostgres}) and a
 * shared-store master/slave broker pair ({@link TestBroker} twice on one KahaDB folder), {@code hub.cluster.enabled}. One
 * set of processes serves every scenario of the class, in order: polls fire once on any hub (scheduled, and "run now"
 * through each hub); then uploads spread over the three hubs, one hub killed with {@code kill -9} while its loader holds
 * chunks in their transaction and its intake holds batches at the end of normalising, and the master broker killed while
 * chunks of the others are held in loading. The killed hub is not started again: its chunks come again to the others'
 * loaders, the others take its batches in intake over once its heartbeat has expired, from the landing copies in the
 * database, and the slave broker takes the store over. At the end the warehouse equals the truth, no key
 * twice, nothing dead-lettered, every batch final.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultIT extends FaultSupport {

    static final int HUBS = 3;
    /** Files per hub of the second wave (the first is one per hub), and rows per file. */
    static final int FILES_PER_HUB = FULL ? 4 : 2;
    static final int ROWS = FULL ? 100_000 : 6_000;
    static final int CHUNK = 1_000;
    /** Heartbeat and expiry of the hubs: short, so that a take-over is seen within seconds (defaults 5 s and 30 s). */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration EXPIRY = Duration.ofSeconds(5);
    static final String POLL_SOURCE = "fault-poll";
    static final String RUN_NOW_SOURCE = "fault-run-now";
    /** The scheduled poll's period (a Quartz cron: every 4 s). */
    static final int POLL_SECONDS = 4;

    static Path runDir;
    static ExternalPostgres pg;
    static BrokerProcess brokerA, brokerB;
    static StubServer portal;
    static final List<HubProcess> hubs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        runDir = Path.of("target", "fault-runs", "cluster").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        pg = new ExternalPostgres(runDir.resolve("postgres"), HubProcess.freePort(), runDir.resolve("postgres.log")).start();
        Path store = runDir.resolve("broker");
        brokerA = new BrokerProcess(HubProcess.freePort(), store, runDir.resolve("broker-a.log"), "a").start();
        brokerB = new BrokerProcess(HubProcess.freePort(), store, runDir.resolve("broker-b.log"), "b").startSlave();
        portal = new StubServer();
        portal.on("/poll", StubServer.Reply.json("{\"data\":[{\"code\":1,\"value\":10},{\"code\":2,\"value\":20}]}"));
        portal.on("/run-now", StubServer.Reply.json("{\"data\":[{\"code\":3,\"value\":30}]}"));
        for (int i = 1; i <= HUBS; i++) {
            Path hubDir = runDir.resolve("hub-" + i);
            FaultData.writeConfig(hubDir);
            writePollConfig(hubDir.resolve("config"));
            HubProcess hub = HubProcess.in(hubDir)
                    .externalDatabase(pg.jdbcUrl() + "?ApplicationName=" + app(i), "hub", ExternalPostgres.HUB_PASSWORD)
                    .with("hub.cluster.enabled", true)
                    .with("hub.cluster.heartbeat", HEARTBEAT.toMillis() + "ms")
                    .with("hub.cluster.expiry", EXPIRY.toMillis() + "ms")
                    .with("hub.broker.url", BrokerProcess.failover(brokerA, brokerB))
                    .with("hub.load.chunk-size", CHUNK)
                    .with("hub.poll.allow-loopback", true)
                    .build();
            hubs.add(hub);
            // the first hub migrates the database and makes the warehouse tables; the others start on it
            hub.start();
        }
        try (Connection c = hubs.get(0).db()) {
            Pause.install(c);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (HubProcess h : hubs) h.close();
        if (brokerA != null) brokerA.close();
        if (brokerB != null) brokerB.close();
        if (portal != null) portal.stop();
        if (pg != null) pg.close();
    }

    /** A small dataset of its own for the poll sources, so that their rows never mix with the truth of the uploads. */
    static void writePollConfig(Path config) throws IOException {
        Files.writeString(config.resolve("datasets").resolve("fault_poll.yaml"), """
                id: fault_poll
                title: Fault suite poll counts
                fields:
                  - { name: code, type: integer, min: 1 }
                  - { name: value, type: integer, min: 0 }
                key: [code]
                """);
        for (String[] s : new String[][] {{POLL_SOURCE, "/poll", "0/" + POLL_SECONDS + " * * * * ?"},
                {RUN_NOW_SOURCE, "/run-now", "0 0 0 1 1 ? 2099"}}) {
            Files.writeString(config.resolve("sources").resolve(s[0] + ".yaml"), """
                    id: %s
                    regency: "33"
                    dataset: fault_poll
                    kind: http
                    schedule: "%s"
                    http:
                      url: "%s"
                      format: json
                      records: /data
                    mapping:
                      code: { column: code }
                      value: { column: value }
                    """.formatted(s[0], s[2], portal.url(s[1])));
        }
    }

    @Test
    @Order(1)
    void aScheduledPollFiresOnOneHubEachTime() {
        // fetches from now on, while all three hubs run (the first ones came while the others were starting)
        int before = portal.requests("/poll").size();
        int firings = 4;
        await("four scheduled polls with three hubs up").atMost(Duration.ofSeconds(POLL_SECONDS * (firings + 4L)))
                .pollInterval(Duration.ofMillis(200)).until(() -> portal.requests("/poll").size() >= before + firings);
        List<StubServer.Seen> all = portal.requests("/poll");
        List<StubServer.Seen> seen = all.subList(Math.max(0, before - 1), all.size());
        // One fetch per firing. Two hubs fetching for one firing would do so within milliseconds of each other; a
        // firing that came late (a busy machine) is never followed by a second one for the same time.
        for (int i = 1; i < seen.size(); i++) {
            long gapMillis = (seen.get(i).atNanos() - seen.get(i - 1).atNanos()) / 1_000_000;
            assertThat(gapMillis).as("gap between fetches %s and %s (one firing fetched twice?)", i - 1, i).isGreaterThan(1_000);
        }
        long spanMillis = (seen.get(seen.size() - 1).atNanos() - seen.get(0).atNanos()) / 1_000_000;
        assertThat(seen.size()).as("fetches in %s ms of a poll every %s s", spanMillis, POLL_SECONDS)
                .isLessThanOrEqualTo((int) (spanMillis / (POLL_SECONDS * 1000L)) + 2);
    }

    @Test
    @Order(2)
    void runNowThroughAnyHubFetchesOnce() throws Exception {
        assertThat(portal.requests("/run-now")).isEmpty();
        for (int i = 0; i < HUBS; i++) {
            int expected = i + 1;
            HttpResponse<String> r = hubs.get(i).post("/api/v1/sources/" + RUN_NOW_SOURCE + "/run", null,
                    HttpRequest.BodyPublishers.noBody());
            assertThat(r.statusCode()).as("run now through hub %s: %s", i + 1, r.body()).isEqualTo(202);
            await("the fetch of run now " + expected).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> portal.requests("/run-now").size() >= expected);
        }
        // and no hub fetches a second time for any of them (each hub's scheduler sees the same one-shot trigger)
        await("no second fetch").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> portal.requests("/run-now").size() == HUBS);
        try (Connection c = hubs.get(0).db()) {
            assertThat(count(c, "SELECT count(*) FROM hub.batch WHERE source_id = '" + RUN_NOW_SOURCE + "'"))
                    .as("one batch per run now").isEqualTo(HUBS);
        }
    }

    @Test
    @Order(3)
    void aKilledHubsBatchesAreFinishedByTheOthersAndTheSlaveBrokerTakesOver() throws Exception {
        HubProcess victim = hubs.get(HUBS - 1);
        FaultData.Truth truth = FaultData.Truth.NONE;
        // wave 1: one file per hub, held in loading; wave 2: FILES_PER_HUB per hub, held at the end of normalising
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < HUBS + HUBS * FILES_PER_HUB; i++) {
            Path f = runDir.resolve("input").resolve("cluster-" + i + ".csv");
            truth = truth.plus(FaultData.generate(f, 90 + i, 1 + (long) i * ROWS, ROWS));
            inputs.add(f);
        }
        String victimNode;
        Set<Long> victims;
        Set<Long> victimsLoading;
        try (Connection watch = hubs.get(0).db(); Connection holdIntake = hubs.get(0).db();
             Connection holdLoad = hubs.get(0).db()) {
            victimNode = node(watch, victim);
            // wave 1: every hub's loader holds chunks in their transaction, rows copied, after each batch's chunk 2
            Pause loading = new Pause(holdLoad, Stage.LOADING, 2);
            uploadAll(inputs.subList(0, HUBS));
            await("chunks held in loading on every hub").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> hubsWaiting(watch, Stage.LOADING) == HUBS
                            && queued(watch) == HUBS);
            victimsLoading = owned(watch, victimNode, "QUEUED");
            assertThat(victimsLoading).as("the batch the hub about to be killed queued").hasSize(1);

            // wave 2: every batch waits at the end of normalising (RECEIVED, owned by the hub that normalised it)
            Pause normalising = new Pause(holdIntake, Stage.NORMALISING);
            uploadAll(inputs.subList(HUBS, inputs.size()));
            int held = Math.min(2, FILES_PER_HUB); // two intake workers per hub
            await("every hub's batches held at the end of normalising").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200)).until(() -> waiting(watch, Stage.NORMALISING) >= held * HUBS);
            for (HubProcess h : hubs) {
                assertThat(owned(watch, node(watch, h), "RECEIVED")).as("batches held in intake by hub %s (uploads spread)",
                        h.pid()).hasSize(held);
            }
            victims = owned(watch, victimNode, "RECEIVED");
            assertThat(waiting(watch, Stage.LOADING, app(HUBS))).as("chunk transactions of the hub about to be killed")
                    .isPositive();

            // kill -9 with chunks in its loader's transactions and batches in its intake
            victim.kill();
            normalising.close();
            // the other hubs' wave 2 goes on to loading, where it is held again after its first chunks
            await("chunks of the live hubs' second wave held in loading").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200)).until(() -> queued(watch) >= HUBS + (long) held * (HUBS - 1) && waiting(watch, Stage.LOADING) > 0);

            brokerA.kill();
            loading.close();
        }
        brokerB.awaitMaster(Duration.ofSeconds(60));

        List<HubProcess> live = hubs.subList(0, HUBS - 1);
        HubProcess anyLive = live.get(0);
        int expectedBatches = inputs.size();
        await("every batch final, the killed hub's taken over").atMost(Duration.ofMinutes(FULL ? 15 : 4))
                .pollInterval(Duration.ofMillis(500)).until(() -> allFinal(anyLive, expectedBatches));
        assertThat(victim.isAlive()).as("the killed hub was not started again").isFalse();

        FaultSupport.assertExactlyOnce(anyLive, truth);
        try (Connection c = anyLive.db()) {
            Set<Long> all = new TreeSet<>(victims);
            all.addAll(victimsLoading);
            for (long id : all) {
                try (PreparedStatement ps = c.prepareStatement("SELECT status, owner FROM hub.batch WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1)).as("batch %s of the killed hub", id).isEqualTo("LOADED");
                        if (victims.contains(id)) {
                            assertThat(rs.getString(2)).as("batch %s: owner now", id).isNotEqualTo(victimNode).isNotNull();
                        }
                    }
                }
            }
            FaultData.Truth wh = FaultData.warehouse(c, -1);
            report("cluster-3-hubs", "kill", truth, wh, "hub " + victimNode + " killed holding batches " + victims
                    + " in intake and chunks of " + victimsLoading + " in loading; master broker killed in loading");
        }
        List<String> logs = live.stream().map(HubProcess::logText).toList();
        for (long id : victims) {
            String line = "Taking over batch " + id + " of source " + FaultData.SOURCE + " from hub " + victimNode;
            long takeOvers = logs.stream().mapToLong(l -> l.lines().filter(x -> x.contains(line)).count()).sum();
            assertThat(takeOvers).as("live hubs that took over batch %s (two sweep at once)", id).isEqualTo(1);
        }
    }

    static void uploadAll(List<Path> files) throws Exception {
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            answers.add(upload(hubs.get(i % HUBS), files.get(i), null));
        }
        for (CompletableFuture<Answer> a : answers) {
            assertThat(a.get().status()).as("upload answered: %s", a.get().body()).isEqualTo(202);
        }
    }

    /** The JDBC application name of hub {@code n} (1-based), so that its sessions are told apart in pg_stat_activity. */
    static String app(int n) {
        return "cluster-hub-" + n;
    }

    /** The hub.node id of a hub process (by its pid). */
    static String node(Connection c, HubProcess hub) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM hub.node WHERE pid = ? ORDER BY started_at DESC LIMIT 1")) {
            ps.setLong(1, hub.pid());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new AssertionError("no row in hub.node for pid " + hub.pid());
                return rs.getString(1);
            }
        }
    }

    static Set<Long> owned(Connection c, String node, String status) throws SQLException {
        Set<Long> ids = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM hub.batch WHERE owner = ? AND status = ? AND source_id = ?")) {
            ps.setString(1, node);
            ps.setString(2, status);
            ps.setString(3, FaultData.SOURCE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Batches of the uploads QUEUED. */
    static long queued(Connection c) throws SQLException {
        return count(c, "SELECT count(*) FROM hub.batch WHERE status = 'QUEUED' AND source_id = '" + FaultData.SOURCE + "'");
    }

    /** Sessions of the hubs waiting on a pause. */
    static long waiting(Connection c, Stage stage) throws SQLException {
        return waiting(c, stage, null);
    }

    /** Sessions of one hub ({@link #app}), or of any when {@code app} is null, waiting on a pause. */
    static long waiting(Connection c, Stage stage, String app) throws SQLException {
        long key = switch (stage) {
            case NORMALISING -> 4_201;
            case LOADING -> 4_203;
            default -> throw new IllegalArgumentException(stage.toString());
        };
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objid = ? AND (?::text IS NULL OR a.application_name = ?)""")) {
            ps.setLong(1, key);
            ps.setString(2, app);
            ps.setString(3, app);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** How many hubs have a session waiting on a pause. */
    static long hubsWaiting(Connection c, Stage stage) throws SQLException {
        long n = 0;
        for (int i = 1; i <= HUBS; i++) {
            if (waiting(c, stage, app(i)) > 0) n++;
        }
        return n;
    }

    /** Every upload's batch final (none RECEIVED or QUEUED) and LOADED. */
    static boolean allFinal(HubProcess hub, int uploads) {
        try (Connection c = hub.db()) {
            return count(c, "SELECT count(*) FROM hub.batch WHERE status IN ('RECEIVED', 'QUEUED')") == 0
                    && count(c, "SELECT count(*) FROM hub.batch WHERE status = 'LOADED' AND source_id = '"
                    + FaultData.SOURCE + "'") >= uploads;
        } catch (Exception e) {
            return false;
        }
    }

    static Map<String, Long> statuses(Connection c) throws SQLException {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT status, count(*) FROM hub.batch GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        return out;
    }
}
