package id.go.jatengprov.regencyhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GrainConfigTest {

    @Test
    void grainIsReadCaseInsensitively() {
        assertThat(Grain.fromConfig("year")).isEqualTo(Grain.YEAR);
        assertThat(Grain.fromConfig("Quarter")).isEqualTo(Grain.QUARTER);
        assertThat(Grain.fromConfig(" MONTH ")).isEqualTo(Grain.MONTH);
        assertThat(Grain.fromConfig("day")).isEqualTo(Grain.DAY);
        assertThat(Grain.QUARTER.configName()).isEqualTo("quarter");
    }

    @Test
    void unknownGrainListsValidValues() {
        assertThatThrownBy(() -> Grain.fromConfig("bulan"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid grain 'bulan'; valid values: year, quarter, month, day");
    }
}
