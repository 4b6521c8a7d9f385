package id.go.jatengprov.regencyhub.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegionConfigValuesTest {

    @Test
    void regionLevelIsReadCaseInsensitively() {
        assertThat(RegionLevel.fromConfig("province")).isEqualTo(RegionLevel.PROVINCE);
        assertThat(RegionLevel.fromConfig("Regency")).isEqualTo(RegionLevel.REGENCY);
        assertThat(RegionLevel.fromConfig(" DISTRICT ")).isEqualTo(RegionLevel.DISTRICT);
        assertThat(RegionLevel.fromConfig("village")).isEqualTo(RegionLevel.VILLAGE);
        assertThat(RegionLevel.VILLAGE.configName()).isEqualTo("village");
    }

    @Test
    void unknownRegionLevelListsValidValues() {
        assertThatThrownBy(() -> RegionLevel.fromConfig("kabupaten"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid region level 'kabupaten'; valid values: province, regency, district, village");
        assertThatThrownBy(() -> RegionLevel.fromConfig(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codeSystemIsReadCaseInsensitively() {
        assertThat(CodeSystem.fromConfig("auto")).isEqualTo(CodeSystem.AUTO);
        assertThat(CodeSystem.fromConfig("Kemendagri")).isEqualTo(CodeSystem.KEMENDAGRI);
        assertThat(CodeSystem.fromConfig("BPS")).isEqualTo(CodeSystem.BPS);
        assertThat(CodeSystem.BPS.configName()).isEqualTo("bps");
    }

    @Test
    void unknownCodeSystemListsValidValues() {
        assertThatThrownBy(() -> CodeSystem.fromConfig("kemendagri2025"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid code system 'kemendagri2025'; valid values: auto, kemendagri, bps");
    }
}
