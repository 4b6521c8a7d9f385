package id.go.jatengprov.regencyhub.reference;

import static id.go.jatengprov.regencyhub.reference.CodeSystem.AUTO;
import static id.go.jatengprov.regencyhub.reference.CodeSystem.BPS;
import static id.go.jatengprov.regencyhub.reference.CodeSystem.KEMENDAGRI;
import static id.go.jatengprov.regencyhub.reference.RegionLevel.DISTRICT;
import static id.go.jatengprov.regencyhub.reference.RegionLevel.PROVINCE;
import static id.go.jatengprov.regencyhub.reference.RegionLevel.REGENCY;
import static id.go.jatengprov.regencyhub.reference.RegionLevel.VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.go.jatengprov.regencyhub.reference.Resolution.Rejected;
import id.go.jatengprov.regencyhub.reference.Resolution.Resolved;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegionResolverCodesTest {

    private final RegionResolver resolver = TestRegions.resolver();

    private String code(String raw, RegionLevel level, String scope, CodeSystem codes) {
        Resolution r = resolver.resolve(raw, level, scope, codes);
        assertThat(r).as("resolve(%s)", raw).isInstanceOf(Resolved.class);
        return r.regionOrNull().code();
    }

    private String reason(String raw, RegionLevel level, String scope, CodeSystem codes) {
        Resolution r = resolver.resolve(raw, level, scope, codes);
        assertThat(r).as("resolve(%s)", raw).isInstanceOf(Rejected.class);
        assertThat(r.isResolved()).isFalse();
        assertThat(r.regionOrNull()).isNull();
        return ((Rejected) r).reason();
    }

    @Test
    void regencyCodesInBothForms() {
        assertThat(code("3374", REGENCY, "33", AUTO)).isEqualTo("33.74");
        assertThat(code("33.74", REGENCY, "33", AUTO)).isEqualTo("33.74");
        assertThat(code("\u00A03374 ", REGENCY, "33", KEMENDAGRI)).isEqualTo("33.74");
        assertThat(code("3374", REGENCY, "33", BPS)).isEqualTo("33.74");
        assertThat(code("3301.", REGENCY, "33", AUTO)).as("numbered-list dot").isEqualTo("33.01");
    }

    @Test
    void dottedRegencyCodeIsAcceptedUnderBpsBecauseBothSystemsAgreeThere() {
        assertThat(code("33.74", REGENCY, "33", BPS)).isEqualTo("33.74");
    }

    @Test
    void districtCodesByShape() {
        assertThat(code("33.01.01", DISTRICT, "33", AUTO)).isEqualTo("33.01.01");
        assertThat(code("330101", DISTRICT, "33", AUTO)).isEqualTo("33.01.01");
        assertThat(code("330101", DISTRICT, "33", KEMENDAGRI)).isEqualTo("33.01.01");
        assertThat(code("3301080", DISTRICT, "33", AUTO)).isEqualTo("33.01.01");
        assertThat(code("3301080", DISTRICT, "33", BPS)).isEqualTo("33.01.01");
        assertThat(code("3309021", DISTRICT, "33.09", BPS)).as("Gladagsari, added after 2018")
                .isEqualTo(TestRegions.registry().byBpsCode("3309021").orElseThrow().code());
    }

    @Test
    void kemendagriDistrictCodeUnderDeclaredBpsIsRejected() {
        assertThat(reason("330101", DISTRICT, "33", BPS)).contains("this source declares BPS codes");
        assertThat(reason("33.01.01", DISTRICT, "33", BPS)).contains("this source declares BPS codes");
        assertThat(reason("33.01.01.2001", VILLAGE, "33", BPS)).contains("this source declares BPS codes");
    }

    @Test
    void bpsDistrictCodeUnderDeclaredKemendagriIsRejected() {
        assertThat(reason("3301080", DISTRICT, "33", KEMENDAGRI))
                .contains("BPS district code").contains("this source declares Kemendagri codes");
    }

    @Test
    void villageCodes() {
        assertThat(code("33.01.01.2001", VILLAGE, "33", AUTO)).isEqualTo("33.01.01.2001");
        assertThat(code("33.01.01.2001", VILLAGE, "33", KEMENDAGRI)).isEqualTo("33.01.01.2001");
        assertThat(code("3301012001", VILLAGE, "33", KEMENDAGRI)).isEqualTo("33.01.01.2001");
        assertThat(code("3374011001", VILLAGE, "33.74", KEMENDAGRI)).isEqualTo("33.74.01.1001");
    }

    @Test
    void tenDigitVillageCodeDependsOnTheDeclaredSystem() {
        assertThat(reason("3301012001", VILLAGE, "33", BPS))
                .isEqualTo("BPS village codes are not in the reference data; use Kemendagri codes");
        assertThat(reason("3301012001", VILLAGE, "33", AUTO))
                .contains("could be a Kemendagri or a BPS village code")
                .contains("codes: kemendagri").contains("codes: bps");
    }

    @Test
    void wellFormedButUnknownCodes() {
        assertThat(reason("3399", REGENCY, "33", AUTO)).isEqualTo("unknown region code '3399'");
        assertThat(reason("33.99", REGENCY, "33", AUTO)).isEqualTo("unknown region code '33.99'");
        assertThat(reason("33.01.99", DISTRICT, "33", AUTO)).isEqualTo("unknown region code '33.01.99'");
        assertThat(reason("3301999", DISTRICT, "33", BPS)).isEqualTo("unknown region code '3301999'");
        assertThat(reason("3301019999", VILLAGE, "33", KEMENDAGRI)).isEqualTo("unknown region code '3301019999'");
    }

    @Test
    void codesOfOtherProvinces() {
        assertThat(reason("3201", REGENCY, "33", AUTO)).isEqualTo("region '3201' is not in Jawa Tengah (province 33)");
        assertThat(reason("32.01", REGENCY, "33", AUTO)).isEqualTo("region '32.01' is not in Jawa Tengah (province 33)");
        assertThat(reason("3201012001", VILLAGE, "33", AUTO)).contains("is not in Jawa Tengah");
        assertThat(reason("35", PROVINCE, "33", AUTO)).contains("is not in Jawa Tengah");
    }

    @Test
    void malformedCodes() {
        assertThat(reason("33745", REGENCY, "33", AUTO)).startsWith("malformed region code '33745'");
        assertThat(reason("33.7", REGENCY, "33", AUTO)).startsWith("malformed region code '33.7'");
        assertThat(reason("3374.0", REGENCY, "33", AUTO)).startsWith("malformed region code '3374.0'");
    }

    @Test
    void provinceCodesAreTotalRowsBelowProvinceLevel() {
        assertThat(reason("3300", REGENCY, "33", AUTO)).isEqualTo("province total row (Jawa Tengah), not a regency");
        assertThat(reason("33", REGENCY, "33", AUTO)).isEqualTo("province total row (Jawa Tengah), not a regency");
        assertThat(reason("3300", DISTRICT, "33", BPS)).isEqualTo("province total row (Jawa Tengah), not a district");
        assertThat(code("33", PROVINCE, "33", AUTO)).isEqualTo("33");
        assertThat(code("3300", PROVINCE, "33", AUTO)).isEqualTo("33");
    }

    @Test
    void levelMustMatchTheField() {
        assertThat(reason("33.74.01", REGENCY, "33", AUTO)).isEqualTo("'33.74.01' is a district; this field needs a regency");
        assertThat(reason("3374", DISTRICT, "33", AUTO)).isEqualTo("'3374' is a regency; this field needs a district");
        assertThat(reason("33.74.01.1001", DISTRICT, "33", AUTO)).isEqualTo(
                "'33.74.01.1001' is a village; this field needs a district");
    }

    @Test
    void codeMustLieInTheSourceScope() {
        assertThat(reason("3301", REGENCY, "33.74", AUTO)).isEqualTo(
                "region 33.01 (Kabupaten Cilacap) is outside this source's regency 33.74 (Kota Semarang)");
        assertThat(reason("3301080", DISTRICT, "33.74", BPS)).isEqualTo(
                "region 33.01.01 (Kecamatan Kedungreja) is outside this source's regency 33.74 (Kota Semarang)");
        assertThat(code("337401", DISTRICT, "33.74", AUTO)).isEqualTo("33.74.01");
        assertThat(code("3374", REGENCY, "33.74", AUTO)).isEqualTo("33.74");
    }

    @Test
    void emptyCells() {
        for (String empty : new String[] {null, "", "   ", "\u00A0", "\t\u202F"}) {
            assertThat(reason(empty, REGENCY, "33", AUTO)).isEqualTo("region is empty");
        }
    }

    @Test
    void unknownScopeIsAConfigurationError() {
        assertThatThrownBy(() -> resolver.resolve("3374", REGENCY, "3374", AUTO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown scope code '3374'");
        assertThatThrownBy(() -> resolver.resolve("3374", REGENCY, null, AUTO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyReferenceCodeResolvesToItselfConcurrently() {
        List<Region> all = List.copyOf(TestRegions.registry().all());
        List<String> failures = all.parallelStream()
                .filter(r -> {
                    Region viaDotted = resolver.resolve(r.code(), r.level(), "33", KEMENDAGRI).regionOrNull();
                    Region viaCompact = resolver.resolve(r.code().replace(".", ""), r.level(), "33", KEMENDAGRI)
                            .regionOrNull();
                    Region viaBps = r.codeBps() == null ? r
                            : resolver.resolve(r.codeBps(), r.level(), "33", BPS).regionOrNull();
                    Region inOwnScope = resolver.resolve(r.code(), r.level(), r.code(), KEMENDAGRI).regionOrNull();
                    return viaDotted != r || viaCompact != r || viaBps != r || inOwnScope != r;
                })
                .map(Region::code)
                .collect(Collectors.toList());
        assertThat(failures).isEmpty();
    }
}
