package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.Origin;

/** A custom YAML route from the routes folder hands a file to direct:hub-intake, and it loads like any batch. */
class CustomRouteTest extends HubTestSupport {

    @Test
    void aFileDeliveredByACustomRouteEndsLoaded() throws Exception {
        Path in = DATA_DIR.resolve("legacy-export");
        Files.createDirectories(in);
        Path tmp = in.resolve("penduduk.csv.tmp");
        Files.writeString(tmp, "Kecamatan,Tahun,Laki-laki,Perempuan\nMijen,2024,40000,41000\nTugu,2024,16000,16500\n");
        Files.move(tmp, in.resolve("penduduk.csv"));

        Batch b = awaitFinal("semarang-population");
        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(b.origin()).isEqualTo(Origin.ROUTE);
        assertThat(b.fileName()).isEqualTo("penduduk.csv");
        assertThat(b.deliveredBy()).as("the custom route's id").isEqualTo("custom-semarang-legacy");
        assertThat(b.regency()).isEqualTo("33.74");
        assertThat(jdbc.queryForObject("SELECT sum(population) FROM warehouse.population WHERE region LIKE '33.74.%'", Long.class))
                .isEqualTo(40000 + 41000 + 16000 + 16500);
    }
}
