package id.go.jatengprov.regencyhub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.api.ApiException;
import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/** Which rows a caller reads, and how periods are asked for. */
class RowScopeTest {

    static HubConfig config;

    @BeforeAll
    static void load() {
        config = ConfigLoader.load(Path.of("config"), FieldConverter.CONSTANTS);
    }

    DatasetDef population() {
        return config.datasets().get("population");
    }

    @Test
    void anOperatorReadsAllOrTheRegionAskedForByEitherCode() {
        assertThat(RowScope.of(population(), config.regions(), Optional.empty(), null).isAll()).isTrue();
        assertThat(RowScope.of(population(), config.regions(), Optional.empty(), "3374").code()).isEqualTo("33.74");
        assertThat(RowScope.of(population(), config.regions(), Optional.empty(), "33.74.01").code()).isEqualTo("33.74.01");
        assertThatThrownBy(() -> RowScope.of(population(), config.regions(), Optional.empty(), "Semarang"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aRegencyReadsItsOwnRegionsAndNothingElse() {
        Optional<String> semarang = Optional.of("33.74");
        assertThat(RowScope.of(population(), config.regions(), semarang, null).code()).isEqualTo("33.74");
        assertThat(RowScope.of(population(), config.regions(), semarang, "33.74.02").code()).isEqualTo("33.74.02");
        assertThat(RowScope.of(population(), config.regions(), semarang, "33").code()).isEqualTo("33.74");
        assertThatThrownBy(() -> RowScope.of(population(), config.regions(), semarang, "33.22"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("not 33.22 (Kabupaten Semarang)");
        assertThat(RowScope.of(population(), config.regions(), Optional.of("33"), "33.22").code())
                .as("the province's account reads any region").isEqualTo("33.22");
    }

    @Test
    void periodsAreYearsQuartersMonthsOrDays() {
        assertThat(PeriodBound.parse("from", "2024")).isEqualTo(new PeriodBound(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
        assertThat(PeriodBound.parse("from", "2024-q2")).isEqualTo(new PeriodBound(LocalDate.of(2024, 4, 1), LocalDate.of(2024, 6, 30)));
        assertThat(PeriodBound.parse("to", "2024-02")).isEqualTo(new PeriodBound(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)));
        assertThat(PeriodBound.parse("to", "2024-08-17").end()).isEqualTo(LocalDate.of(2024, 8, 17));
        assertThatThrownBy(() -> PeriodBound.parse("to", "2024-13")).hasMessage("parameter 'to': '2024-13' is not a year (2024),"
                + " a quarter (2024-Q1), a month (2024-03) or a day (2024-03-17)");
    }
}
