package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/** The same bytes dropped twice, under another name, load once; the second batch says DUPLICATE. */
class DuplicateDropTest extends HubTestSupport {

    @Test
    void sameBytesUnderAnotherNameAreADuplicate() throws Exception {
        drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
        Batch first = awaitFinal("jateng-births");
        assertThat(first.status()).isEqualTo(BatchStatus.LOADED);
        long loadedAt = jdbc.queryForObject("SELECT count(*) FROM hub.load_log", Long.class);

        drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi-again.csv");
        List<Batch> all = awaitBatches("jateng-births", 2);

        Batch second = all.get(0);
        assertThat(second.status()).isEqualTo(BatchStatus.DUPLICATE);
        assertThat(second.duplicateOf()).isEqualTo(first.id());
        assertThat(second.rowsLoaded()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.load_log", Long.class)).isEqualTo(loadedAt);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(140);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT _batch) FROM warehouse.births", Long.class)).isEqualTo(1);
    }
}
