package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.ops.CheckCommand;

/**
 * A reload answers with every change it applied (a dataset's title and bounds, a source's keys), refreshes the
 * table's comment from the title, and says so when an edit changes nothing the hub uses; {@code check
 * --against-db} tells before a deploy what the running warehouse would refuse, and changes nothing there. On a hub
 * of its own whose file watch is off, so that each answer is the reload's own.
 */
class ConfigChangeReportTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static OwnHub hub;
    static Path config;
    static String birthsYaml;
    static String sourceYaml;

    @BeforeAll
    static void start() throws Exception {
        hub = OwnHub.start("hub.reload.interval=1h");
        config = hub.dir.resolve("config");
        birthsYaml = Files.readString(config.resolve("datasets/births.yaml"));
        sourceYaml = Files.readString(config.resolve("sources/jateng-births.yaml"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) hub.close();
    }

    @BeforeEach
    @AfterEach
    void shippedFiles() throws Exception {
        Files.writeString(config.resolve("datasets/births.yaml"), birthsYaml);
        Files.writeString(config.resolve("sources/jateng-births.yaml"), sourceYaml);
        reload();
    }

    @Test
    void aDatasetOnlyChangeIsReportedFieldByFieldAndTakesEffect() throws Exception {
        Files.writeString(config.resolve("datasets/births.yaml"), birthsYaml
                .replace("title: Jumlah bayi lahir,", "title: Bayi lahir,")
                .replace("{ name: live_births, type: integer, unit: jiwa, min: 0, required: true,",
                        "{ name: live_births, type: integer, unit: jiwa, min: 0, max: 5000, required: true,"));
        JsonNode r = reload();
        assertThat(r.path("status").asText()).isEqualTo("RELOADED");
        assertThat(changes(r)).containsExactly(
                "dataset births: title 'Jumlah bayi lahir, bayi berat badan lahir rendah (BBLR) dan kurang gizi menurut"
                        + " kabupaten/kota' → 'Bayi lahir, bayi berat badan lahir rendah (BBLR) dan kurang gizi menurut kabupaten/kota'",
                "dataset births: field live_births max none → 5000",
                "warehouse: comment on table warehouse.births: 'Jumlah bayi lahir, bayi berat badan lahir rendah (BBLR) dan"
                        + " kurang gizi menurut kabupaten/kota' → 'Bayi lahir, bayi berat badan lahir rendah (BBLR) dan kurang"
                        + " gizi menurut kabupaten/kota'");
        assertThat(hub.bean(JdbcTemplate.class).queryForObject("SELECT obj_description('warehouse.births'::regclass, 'pg_class')",
                String.class)).startsWith("Bayi lahir,");

        Files.writeString(config.resolve("datasets/births.yaml"), Files.readString(config.resolve("datasets/births.yaml"))
                .replace("max: 5000", "max: 9000"));
        assertThat(changes(reload())).containsExactly("dataset births: field live_births max 5000 → 9000");

        // The new bound is the one a file meets.
        Path drop = hub.bean(HubProperties.class).dropDir().resolve("jateng-births");
        Files.createDirectories(drop);
        Files.writeString(drop.resolve("big.csv.tmp"), "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n"
                + "Kabupaten Cilacap,2020,9500,1,1\nKabupaten Banyumas,2020,8000,1,1\nKota Tegal,2020,7000,1,1\n"
                + "Kabupaten Kudus,2020,6000,1,1\nKabupaten Pati,2020,5000,1,1\n");
        Files.move(drop.resolve("big.csv.tmp"), drop.resolve("big.csv"));
        BatchStore batches = hub.bean(BatchStore.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> batches.list("jateng-births", null, null, 1, 0).stream()
                .anyMatch(b -> b.status().isFinal()));
        Batch b = batches.list("jateng-births", null, null, 1, 0).get(0);
        assertThat(b.status()).as(b.message()).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);
        assertThat(batches.rejects(b.id())).singleElement().extracting(BatchStore.Reject::reason)
                .isEqualTo("9500 is above the maximum 9000");
    }

    @Test
    void aSourceChangeNamesTheKeysAndAnEditOfNothingUsedIsSaidToBeThat() throws Exception {
        Files.writeString(config.resolve("sources/jateng-births.yaml"), sourceYaml + "max-reject-ratio: 0.5\n");
        JsonNode r = reload();
        assertThat(r.path("status").asText()).isEqualTo("RELOADED");
        assertThat(changes(r)).containsExactly("changed source jateng-births: max-reject-ratio 0.2 → 0.5");

        Files.writeString(config.resolve("datasets/births.yaml"), "# a comment changes nothing the hub uses\n" + birthsYaml);
        r = reload();
        assertThat(r.path("status").asText()).isEqualTo("UNCHANGED");
        assertThat(changes(r)).containsExactly("datasets/births.yaml: edited, but nothing the hub uses changed (a comment, the layout)");
    }

    @Test
    void checkAgainstTheDatabaseNamesWhatTheWarehouseWouldRefuseAndChangesNothing() throws Exception {
        Path edited = hub.dir.resolve("config-next");
        TestConfig.copyTree(config, edited);
        Files.writeString(edited.resolve("datasets/births.yaml"), birthsYaml
                .replace("{ name: live_births, type: integer,", "{ name: live_births, type: decimal,"));
        String dataDir = hub.dir.resolve("data").toString();
        int port = hub.bean(HubProperties.class).getEmbeddedDb().getPort();

        Check refused = check("--hub.config-dir=" + edited, "--hub.routes-dir=" + hub.dir.resolve("routes"), "--against-db",
                "--hub.data-dir=" + dataDir, "--hub.embedded-db.port=" + port);
        assertThat(refused.code()).isEqualTo(CheckCommand.PROBLEMS);
        assertThat(refused.out()).contains("the warehouse at jdbc:postgresql://localhost:" + port + "/regency_hub would refuse",
                "config-next/datasets/births.yaml:" + lineOf(birthsYaml, "name: live_births")
                        + ": field 'live_births' is now decimal (numeric) but warehouse.births stores it as bigint");

        Files.writeString(edited.resolve("datasets/births.yaml"), birthsYaml.replace("key: [region, period]",
                "  - { name: stunted, type: integer, min: 0 }\nkey: [region, period]"));
        Check takes = check("--hub.config-dir=" + edited, "--hub.routes-dir=" + hub.dir.resolve("routes"), "--against-db",
                "--hub.data-dir=" + dataDir, "--hub.embedded-db.port=" + port);
        assertThat(takes.code()).as(takes.out()).isEqualTo(CheckCommand.CLEAN);
        assertThat(takes.out()).contains("a reload would:", "  add column warehouse.births.stunted (bigint)");
        assertThat(hub.bean(JdbcTemplate.class).queryForObject("""
                SELECT count(*) FROM information_schema.columns WHERE table_schema = 'warehouse' AND table_name = 'births'
                AND column_name = 'stunted'""", Long.class)).as("asking changed nothing").isZero();

        Check noDatabase = check("--hub.config-dir=" + edited, "--hub.routes-dir=" + hub.dir.resolve("routes"), "--against-db",
                "--hub.data-dir=" + hub.dir.resolve("nowhere"));
        assertThat(noDatabase.code()).isEqualTo(CheckCommand.CANNOT_CHECK);
        assertThat(noDatabase.out()).contains("no spring.datasource.url and no embedded database in");
    }

    record Check(int code, String out) {}

    static Check check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Check(code, out.toString(StandardCharsets.UTF_8));
    }

    static JsonNode reload() throws Exception {
        HttpResponse<String> r = new Http(hub.port()).as("operator", OwnHub.OPERATOR_PASSWORD)
                .post("/api/v1/config/reload", null, new byte[0]);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static List<String> changes(JsonNode r) {
        List<String> out = new ArrayList<>();
        r.path("changes").forEach(c -> out.add(c.asText()));
        return out;
    }

    /** The 1-based line of the first line holding {@code text}. */
    static int lineOf(String yaml, String text) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) return i + 1;
        }
        throw new IllegalArgumentException("no line with " + text);
    }
}
