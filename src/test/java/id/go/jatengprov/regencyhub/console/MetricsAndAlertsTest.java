package id.go.jatengprov.regencyhub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * The metrics at /actuator/prometheus after a known scenario, and the alerts a webhook receiver on loopback gets:
 * each condition once, signed, then "resolved" once when it clears; a condition back within the cooldown is not
 * sent again; a receiver that refuses at first still gets everything.
 */
class MetricsAndAlertsTest extends ConsoleTestSupport {

    @Autowired HubMetrics metrics;
    @Autowired Alerts alerts;
    @Autowired WebhookSender sender;

    @BeforeEach
    void quietReceiver() {
        // A check that ran while the tables were emptied may leave alerts behind: settle them, then start listening.
        alerts.check();
        await().atMost(Duration.ofSeconds(30)).until(() -> sender.pending() == 0);
        HOOKS.clear();
    }

    @Test
    void theScrapeShowsTheScenario() throws Exception {
        metrics.refresh();
        double before = value(scrape(), "hub_batch_duration_seconds_count", Map.of("source", "smg-births", "status", "LOADED"));
        scenario();
        metrics.refresh();
        String text = scrape();
        assertThat(value(text, "hub_batches", Map.of("source", "smg-births", "status", "LOADED"))).isEqualTo(2);
        assertThat(value(text, "hub_batches", Map.of("source", "banyumas-births", "status", "FAILED"))).isEqualTo(1);
        assertThat(value(text, "hub_rows_total", Map.of("source", "smg-births", "dataset", "births", "outcome", "loaded"))).isEqualTo(2);
        assertThat(value(text, "hub_rows_total", Map.of("source", "smg-population", "dataset", "population", "outcome", "read")))
                .isEqualTo(5);
        assertThat(value(text, "hub_rows_total", Map.of("source", "banyumas-births", "dataset", "births", "outcome", "rejected")))
                .isEqualTo(2);
        assertThat(value(text, "hub_source_consecutive_failures", Map.of("source", "banyumas-births"))).isEqualTo(1);
        assertThat(value(text, "hub_source_consecutive_failures", Map.of("source", "smg-births"))).isZero();
        assertThat(value(text, "hub_source_last_success_seconds", Map.of("source", "cilacap-births")))
                .isEqualTo(LocalDateTime.parse("2025-05-20T09:00").atZone(MutableClock.WIB).toEpochSecond());
        assertThat(value(text, "hub_batch_duration_seconds_count", Map.of("source", "smg-births", "status", "LOADED")))
                .isEqualTo(before + 2);
        assertThat(value(text, "hub_load_queue_depth", Map.of())).isZero();
        assertThat(value(text, "hub_dead_letters_waiting", Map.of())).isZero();
        JsonNode api = CompletenessApiTest.dataset(getJson("/api/v1/completeness?dataset=births", "operator", OPERATOR_PASSWORD), "births");
        assertThat(value(text, "hub_completeness_overdue_cells", Map.of("dataset", "births")))
                .isEqualTo(api.get("totals").get("overdue").asInt()).isGreaterThan(100);
        assertThat(value(text, "hub_completeness_cells", Map.of("dataset", "population", "state", "partial"))).isEqualTo(1);
        // Bounded labels only: no batch ids, no file names.
        for (String line : text.lines().filter(l -> l.startsWith("hub_")).toList()) {
            assertThat(line).doesNotContain("batch=", "file", "id=");
        }
        // Operators only.
        assertThat(send("GET", "/actuator/prometheus", "3374", SEMARANG_PASSWORD, null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void eachConditionIsSentOnceSignedAndOnceResolved() throws Exception {
        deliver("2025-02-10T10:00", "smg-births", "kode,tahun,lahir\n3374,2024,21000\n");
        refreshLedger();
        CLOCK.set("2025-03-31T12:00");
        HOOKS.refuseNext(2); // the receiver is down at first: the hub retries
        String bad = "kode,tahun,lahir\n3302,2024,banyak\n";
        long failed1 = awaitFinal(upload("banyumas-births", bad)).id();
        long failed2 = awaitFinal(upload("banyumas-births", bad + "3302,2024,tidak\n")).id();
        jdbc.execute("ALTER TABLE warehouse.births ADD CONSTRAINT births_alert_ck CHECK (live_births < 1000000)");
        long dead;
        try {
            dead = upload("cilacap-births", "kode,tahun,lahir\n3301,2024,2000000\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM hub.chunk_failure WHERE batch_id = ? AND dead_lettered", Long.class, dead) == 1);
            assertThat(awaitFinal(dead).status()).isEqualTo(BatchStatus.FAILED);
        } finally {
            jdbc.execute("ALTER TABLE warehouse.births DROP CONSTRAINT births_alert_ck");
        }
        List<String> expected = List.of("firing source-failing:banyumas-births", "firing batch-failed:" + failed1,
                "firing batch-failed:" + failed2, "firing batch-failed:" + dead, "firing dead-lettered:" + dead);
        awaitMessages(expected);

        // The deadline of 2024 passes with 34 regencies missing (births) and all 35 (population).
        CLOCK.set("2025-04-01T00:00:05");
        List<String> withOverdue = new ArrayList<>(expected);
        withOverdue.addAll(List.of("firing overdue:births:2024", "firing overdue:population:2024"));
        awaitMessages(withOverdue);
        JsonNode overdue = message("firing", "overdue:births:2024");
        assertThat(overdue.get("details").get("regencies")).hasSize(34);
        assertThat(overdue.get("details").get("dueAt").asText()).startsWith("2025-04-01T00:00+07:00");

        // Causes fixed: the dead letter replayed, Banyumas delivers, the province sends the other regencies' numbers.
        HttpResponse<String> replay = send("POST", "/api/v1/dead-letters/replay", "operator", OPERATOR_PASSWORD, null, null);
        assertThat(replay.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.find(dead).orElseThrow().status() == BatchStatus.LOADED);
        deliver("2025-04-02T08:00", "banyumas-births", "kode,tahun,lahir\n3302,2024,23000\n");
        StringBuilder all = new StringBuilder("kode,tahun,lahir\n");
        jdbc.queryForList("SELECT code_bps FROM warehouse.region WHERE level = 'regency' AND code NOT IN ('33.74', '33.01', '33.02')",
                String.class).forEach(c -> all.append(c).append(",2024,10000\n"));
        deliver("2025-04-03T08:00", "prov-births", all.toString());
        refreshLedger();
        List<String> resolved = new ArrayList<>(withOverdue);
        resolved.addAll(List.of("resolved source-failing:banyumas-births", "resolved batch-failed:" + dead,
                "resolved dead-lettered:" + dead, "resolved overdue:births:2024"));
        awaitMessages(resolved);

        // Banyumas fails twice again within the cooldown: its new batches are alerted, the source's failing is not.
        long failed3 = awaitFinal(upload("banyumas-births", bad + "3302,2024,x\n")).id();
        long failed4 = awaitFinal(upload("banyumas-births", bad + "3302,2024,y\n")).id();
        resolved.addAll(List.of("firing batch-failed:" + failed3, "firing batch-failed:" + failed4));
        awaitMessages(resolved);
        // The source's failure count is recorded as its batch ends, and a check that ran just before it saw the batch
        // failed but not yet the source: the source fires again (without a message) at a check that sees both.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            alerts.check();
            return jdbc.queryForObject("SELECT firing FROM hub.alert WHERE key = 'source-failing:banyumas-births'", Boolean.class);
        });
        alerts.check();
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.pending() == 0);
        assertThat(received()).containsExactlyInAnyOrderElementsOf(resolved);

        // Every message is signed with the shared secret over its timestamp and body.
        for (WebhookReceiver.Delivery d : HOOKS.deliveries()) {
            String ts = d.header("X-Hub-Timestamp");
            assertThat(d.header("X-Hub-Signature-256")).isEqualTo("sha256=" + WebhookSender.sign(WEBHOOK_SECRET, ts + "." + d.body()));
            assertThat(d.header("Content-Type")).isEqualTo("application/json");
        }
    }

    private void awaitMessages(List<String> expected) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(received()).containsExactlyInAnyOrderElementsOf(expected));
    }

    /** "status key" of every message received, in order. */
    private List<String> received() throws Exception {
        List<String> out = new ArrayList<>();
        for (WebhookReceiver.Delivery d : HOOKS.deliveries()) {
            JsonNode m = JSON.readTree(d.body());
            out.add(m.get("status").asText() + " " + m.get("alert").asText());
        }
        return out;
    }

    private JsonNode message(String status, String key) throws Exception {
        for (WebhookReceiver.Delivery d : HOOKS.deliveries()) {
            JsonNode m = JSON.readTree(d.body());
            if (m.get("status").asText().equals(status) && m.get("alert").asText().equals(key)) return m;
        }
        throw new AssertionError("no " + status + " " + key);
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = send("GET", "/actuator/prometheus", "operator", OPERATOR_PASSWORD, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of one series, 0 when it is not there. */
    static double value(String scrape, String name, Map<String, String> labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        while (m.find()) {
            String l = m.group(2) == null ? "" : m.group(2);
            boolean all = labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) return Double.parseDouble(m.group(3));
        }
        return 0;
    }
}
