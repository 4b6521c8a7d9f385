package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.intake.poll.SourceState;
import id.go.jatengprov.regencyhub.intake.poll.SourceStateStore;
import id.go.jatengprov.regencyhub.ops.ConfigReloader;

/**
 * Database sources in the shared test hub: a test writes its source (the database's port is only known once it
 * runs), reloads the configuration, runs the source through "run now" and reads what the run recorded.
 */
abstract class JdbcSourceTestSupport extends HubTestSupport {

    /** A source reading {@code penduduk(kode_kec, tahun, jk, jumlah, <watermark column>)} into the population dataset. */
    static final String POPULATION_MAPPING = """
            mapping:
              region: { column: kode_kec }
              period: { column: tahun }
              sex: { column: jk }
              population: { column: jumlah }
            """;

    @Autowired ConfigReloader reloader;
    @Autowired SourceStateStore states;

    /** Writes {@code config/sources/<id>.yaml} and applies it. */
    void source(String id, String yaml) throws Exception {
        Files.writeString(sourceFile(id), yaml);
        ConfigReloader.Result r = reloader.reload();
        assertThat(r.problems()).as("the source is valid").isEmpty();
    }

    void removeSources(String... ids) throws Exception {
        for (String id : ids) {
            Files.deleteIfExists(sourceFile(id));
            jdbc.update("DELETE FROM hub.source_watermark WHERE source_id = ?", id);
        }
        reloader.reload();
    }

    static Path sourceFile(String id) {
        return CONFIG_DIR.resolve("sources").resolve(id + ".yaml");
    }

    /** "Run now" through the API, then waits until the run has recorded its outcome; returns it. */
    SourceState runNow(String id) throws Exception {
        OffsetDateTime before = states.find(id).map(SourceState::lastRunAt).orElse(null);
        Http operator = new Http(port).as("operator", OPERATOR_PASSWORD);
        assertThat(operator.post("/api/v1/sources/" + id + "/run", null, new byte[0]).statusCode()).isEqualTo(202);
        await("run of " + id).atMost(Duration.ofSeconds(60)).until(() -> states.find(id)
                .map(s -> s.lastRunAt() != null && (before == null || s.lastRunAt().isAfter(before))).orElse(false));
        SourceState s = states.find(id).orElseThrow();
        if (s.lastBatch() != null) {
            await().atMost(Duration.ofSeconds(60)).until(() -> batches.find(s.lastBatch()).orElseThrow().status().isFinal());
        }
        return s;
    }

    Batch batch(SourceState s) {
        return batches.find(s.lastBatch()).orElseThrow();
    }

    /** region|period|sex|population of the source's rows in the warehouse. */
    List<String> population(String source) {
        return jdbc.queryForList("SELECT region || '|' || extract(year FROM period) || '|' || sex || '|' || population"
                + " FROM warehouse.population WHERE _source = ? ORDER BY region, period, sex", String.class, source);
    }

    String watermark(String source) {
        return jdbc.queryForList("SELECT value FROM hub.source_watermark WHERE source_id = ?", String.class, source)
                .stream().findFirst().orElse(null);
    }
}
