package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.load.ChunkLoader;
import id.go.jatengprov.regencyhub.load.ChunkMessage;

/**
 * The loader checks a chunk against the warehouse table as it is, not against the dataset definition in force:
 * a column the table lacks is refused with the table's columns; a chunk queued without its key (by a hub before
 * 0.4) loads with the table's key; a key that is not the table's is refused.
 */
class ChunkAgainstTableTest extends HubTestSupport {

    @Autowired ChunkLoader loader;

    private long batch() {
        long id = batches.register("jateng-births", "births", Origin.DROP, "t.csv", UUID.randomUUID().toString(), 1, "x").batchId();
        batches.normalised(id, 1, 0, 1, "test");
        batches.queued(id);
        return id;
    }

    private static byte[] body(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aColumnTheTableLacksIsRefusedNamingTheTablesColumns() {
        ChunkMessage m = new ChunkMessage(batch(), 1, "jateng-births", "births", List.of("region", "period", "stillbirths"),
                List.of("region", "period"), 1, body("33.01\t2020-01-01\t7\t2"));
        assertThatThrownBy(() -> loader.load(m)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names column 'stillbirths', which warehouse.births does not have")
                .hasMessageContaining("live_births");
    }

    @Test
    void aChunkWithoutItsKeyLoadsWithTheTablesKey() throws Exception {
        long b = batch();
        ChunkMessage m = new ChunkMessage(b, 1, "jateng-births", "births", List.of("region", "period", "live_births"), 1,
                body("33.01\t2020-01-01\t28303\t2"));
        assertThat(loader.load(m).rowsLoaded()).isEqualTo(1);
        assertThat(batches.find(b).orElseThrow().status()).isEqualTo(BatchStatus.LOADED);
    }

    @Test
    void aKeyThatIsNotTheTablesIsRefused() {
        ChunkMessage m = new ChunkMessage(batch(), 1, "jateng-births", "births", List.of("region", "period", "live_births"),
                List.of("region"), 1, body("33.01\t2020-01-01\t28303\t2"));
        assertThatThrownBy(() -> loader.load(m)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has key [region]").hasMessageContaining("warehouse.births has key [region, period]");
    }
}
