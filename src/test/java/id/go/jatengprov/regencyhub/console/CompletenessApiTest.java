package id.go.jatengprov.regencyhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * GET /api/v1/completeness over a scenario with every state, on a clock the test sets: on time, late, failed,
 * partial, due and overdue, over two datasets; a regency sees only its own row.
 */
class CompletenessApiTest extends ConsoleTestSupport {

    @Test
    void theScenarioGivesExactlyItsStates() throws Exception {
        scenario();
        JsonNode births = dataset(getJson("/api/v1/completeness?dataset=births&from=2024&to=2025", "operator", OPERATOR_PASSWORD), "births");
        assertThat(births.get("periods")).extracting(JsonNode::asText).containsExactly("2024", "2025");
        assertThat(births.get("rows")).hasSize(35);
        assertThat(states(births, "33.74")).containsExactly("on-time", "on-time");
        assertThat(states(births, "33.01")).containsExactly("late", "due");
        assertThat(states(births, "33.02")).containsExactly("failed", "due");
        assertThat(states(births, "33.03")).containsExactly("overdue", "due");
        assertThat(totals(births)).isEqualTo(Map.of("on-time", 2, "late", 1, "failed", 1, "partial", 0, "due", 34, "overdue", 32));
        JsonNode late = cell(births, "33.01", "2024");
        assertThat(late.get("rows").asLong()).isEqualTo(1);
        assertThat(instant(late, "dueAt")).isEqualTo(wib("2025-04-01T00:00"));
        assertThat(instant(late, "lastDeliveryAt")).isEqualTo(wib("2025-05-20T09:00"));
        assertThat(cell(births, "33.02", "2024").get("failedBatch").isNull()).isFalse();

        JsonNode population = dataset(getJson("/api/v1/completeness?dataset=population&from=2024&to=2024", "operator",
                OPERATOR_PASSWORD), "population");
        JsonNode partial = cell(population, "33.74", "2024");
        assertThat(partial.get("state").asText()).isEqualTo("partial");
        assertThat(partial.get("regions").asInt()).isEqualTo(3);
        assertThat(partial.get("expectedRegions").asInt()).isEqualTo(16);
        assertThat(partial.get("rows").asLong()).isEqualTo(5);
        assertThat(totals(population)).containsEntry("partial", 1).containsEntry("overdue", 34);
    }

    @Test
    void aRegencySeesOnlyItsOwnRow() throws Exception {
        scenario();
        JsonNode all = getJson("/api/v1/completeness?from=2024&to=2025", "3374", SEMARANG_PASSWORD);
        assertThat(all.get("datasets")).extracting(d -> d.get("dataset").asText()).contains("births", "population");
        for (JsonNode d : all.get("datasets")) {
            assertThat(d.get("rows")).extracting(r -> r.get("regency").asText()).containsExactly("33.74");
        }
        // Asking for another regency changes nothing.
        JsonNode other = dataset(getJson("/api/v1/completeness?dataset=births&regency=3301", "3374", SEMARANG_PASSWORD), "births");
        assertThat(other.get("rows")).extracting(r -> r.get("regency").asText()).containsExactly("33.74");
    }

    @Test
    void aCorrectionSentLaterKeepsAnOnTimeDeliveryOnTime() throws Exception {
        deliver("2025-02-10T10:00", "smg-births", "kode,tahun,lahir\n3374,2024,21000\n");
        refreshLedger(); // the ledger has seen the first delivery (within seconds of a batch's end, as the hub does)
        deliver("2025-08-01T10:00", "smg-births", "kode,tahun,lahir\n3374,2024,21010\n");
        CLOCK.set("2025-09-01T00:00");
        refreshLedger();
        JsonNode births = dataset(getJson("/api/v1/completeness?dataset=births&from=2024&to=2024", "operator", OPERATOR_PASSWORD), "births");
        JsonNode c = cell(births, "33.74", "2024");
        assertThat(c.get("state").asText()).isEqualTo("on-time");
        assertThat(instant(c, "lastDeliveryAt")).isEqualTo(wib("2025-08-01T10:00"));
        assertThat(instant(c, "firstDeliveryAt")).isEqualTo(wib("2025-02-10T10:00"));
        assertThat(instant(c, "completeAt")).isEqualTo(wib("2025-02-10T10:00"));
    }

    @Test
    void aPeriodAppearsOnceItHasEndedAndBadRequestsSayWhy() throws Exception {
        CLOCK.set("2025-02-10T10:00");
        JsonNode births = dataset(getJson("/api/v1/completeness?dataset=births&to=2030", "operator", OPERATOR_PASSWORD), "births");
        assertThat(births.get("periods")).extracting(JsonNode::asText).containsExactly("2020", "2021", "2022", "2023", "2024");
        assertThat(states(births, "33.74")).containsExactly("overdue", "overdue", "overdue", "overdue", "due");
        var r = send("GET", "/api/v1/completeness?dataset=populaton", "operator", OPERATOR_PASSWORD, null, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("unknown dataset 'populaton'", "population");
        r = send("GET", "/api/v1/completeness?dataset=births&from=last-year", "operator", OPERATOR_PASSWORD, null, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("last-year", "2024-Q2");
        assertThat(send("GET", "/api/v1/completeness", null, null, null, null).statusCode()).isEqualTo(401);
    }

    static java.time.Instant instant(JsonNode cell, String field) {
        return java.time.OffsetDateTime.parse(cell.get(field).asText()).toInstant();
    }

    static java.time.Instant wib(String local) {
        return java.time.LocalDateTime.parse(local).atZone(MutableClock.WIB).toInstant();
    }

    static JsonNode dataset(JsonNode answer, String id) {
        for (JsonNode d : answer.get("datasets")) {
            if (d.get("dataset").asText().equals(id)) return d;
        }
        throw new AssertionError("no dataset " + id + " in " + answer);
    }

    static JsonNode row(JsonNode dataset, String regency) {
        for (JsonNode r : dataset.get("rows")) {
            if (r.get("regency").asText().equals(regency)) return r;
        }
        throw new AssertionError("no row " + regency);
    }

    static List<String> states(JsonNode dataset, String regency) {
        List<String> out = new ArrayList<>();
        row(dataset, regency).get("cells").forEach(c -> out.add(c.get("state").asText()));
        return out;
    }

    static JsonNode cell(JsonNode dataset, String regency, String period) {
        for (JsonNode c : row(dataset, regency).get("cells")) {
            if (c.get("period").asText().equals(period)) return c;
        }
        throw new AssertionError("no cell " + regency + " " + period);
    }

    static Map<String, Integer> totals(JsonNode dataset) {
        Map<String, Integer> out = new LinkedHashMap<>();
        dataset.get("totals").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }
}
