package id.go.jatengprov.regencyhub.reference;

import static id.go.jatengprov.regencyhub.reference.CodeSystem.AUTO;
import static id.go.jatengprov.regencyhub.reference.CodeSystem.BPS;
import static id.go.jatengprov.regencyhub.reference.RegionLevel.DISTRICT;
import static id.go.jatengprov.regencyhub.reference.RegionLevel.PROVINCE;
import static id.go.jatengprov.regencyhub.reference.RegionLevel.REGENCY;
import static id.go.jatengprov.regencyhub.reference.RegionLevel.VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;

import id.go.jatengprov.regencyhub.reference.Resolution.Rejected;
import id.go.jatengprov.regencyhub.reference.Resolution.Resolved;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegionResolverNamesTest {

    private final RegionResolver resolver = TestRegions.resolver();

    private String code(String raw, RegionLevel level, String scope) {
        Resolution r = resolver.resolve(raw, level, scope, AUTO);
        assertThat(r).as("resolve(%s)", raw).isInstanceOf(Resolved.class);
        return r.regionOrNull().code();
    }

    private String reason(String raw, RegionLevel level, String scope) {
        Resolution r = resolver.resolve(raw, level, scope, AUTO);
        assertThat(r).as("resolve(%s)", raw).isInstanceOf(Rejected.class);
        return ((Rejected) r).reason();
    }

    @Test
    void uniqueRegencyNamesResolveInAnySpelling() {
        for (String s : new String[] {"Cilacap", " cilacap ", "CILACAP", "Kabupaten Cilacap", "Kab. Cilacap",
                "KAB. CILACAP", "Kab Cilacap", "kab.cilacap", "Kabupaten\u00A0 Cilacap"}) {
            assertThat(code(s, REGENCY, "33")).as(s).isEqualTo("33.01");
        }
        assertThat(code("Surakarta", REGENCY, "33")).isEqualTo("33.72");
        assertThat(code("Kota Solo", REGENCY, "33")).as("common alias").isEqualTo("33.72");
    }

    @Test
    void typePrefixSeparatesKabupatenFromKota() {
        assertThat(code("Kabupaten Semarang", REGENCY, "33")).isEqualTo("33.22");
        assertThat(code("KAB. SEMARANG", REGENCY, "33")).isEqualTo("33.22");
        assertThat(code("Kota Semarang", REGENCY, "33")).isEqualTo("33.74");
        assertThat(code("KOTA SEMARANG", REGENCY, "33")).isEqualTo("33.74");
        assertThat(code("Kotamadya Semarang", REGENCY, "33")).isEqualTo("33.74");
        assertThat(code("Kota Adm. Semarang", REGENCY, "33")).isEqualTo("33.74");
        assertThat(code("Kota Magelang", REGENCY, "33")).isEqualTo("33.71");
        assertThat(code("Kabupaten Tegal", REGENCY, "33")).isEqualTo("33.28");
        assertThat(code("Kota Pekalongan", REGENCY, "33")).isEqualTo("33.75");
    }

    @Test
    void bareSharedRegencyNameIsAmbiguousInTheProvince() {
        assertThat(reason("Semarang", REGENCY, "33")).isEqualTo("ambiguous region name 'Semarang': "
                + "Kabupaten Semarang (33.22) or Kota Semarang (33.74); write 'Kabupaten …' or 'Kota …'");
        assertThat(reason("TEGAL", REGENCY, "33")).startsWith("ambiguous region name 'TEGAL'");
    }

    @Test
    void bareSharedRegencyNameIsSettledByTheSourceScope() {
        assertThat(code("Semarang", REGENCY, "33.74")).isEqualTo("33.74");
        assertThat(code("Semarang", REGENCY, "33.22")).isEqualTo("33.22");
    }

    @Test
    void kotaKudusIsADistrictNotARegency() {
        assertThat(reason("Kota Kudus", REGENCY, "33"))
                .startsWith("unknown regency 'Kota Kudus'").contains("Kabupaten Kudus");
        assertThat(code("Kota Kudus", DISTRICT, "33.19")).isEqualTo("33.19.02");
        assertThat(code("Kota Kudus", DISTRICT, "33")).isEqualTo("33.19.02");
        assertThat(code("Kecamatan Kota Kudus", DISTRICT, "33.19")).isEqualTo("33.19.02");
        assertThat(code("Kudus", REGENCY, "33")).isEqualTo("33.19");
    }

    @Test
    void districtNamesResolveInsideTheScope() {
        assertThat(code("Semarang Tengah", DISTRICT, "33.74")).isEqualTo("33.74.01");
        assertThat(code("Kec. Semarang Tengah", DISTRICT, "33.74")).isEqualTo("33.74.01");
        assertThat(code("KECAMATAN SEMARANG TENGAH", DISTRICT, "33.74")).isEqualTo("33.74.01");
        assertThat(code("Kaliwungu", DISTRICT, "33.24")).isEqualTo("33.24.08");
        assertThat(code("Karanganyar", DISTRICT, "33.21")).isEqualTo("33.21.09");
    }

    @Test
    void districtNameOutsideTheScopeIsUnknownThere() {
        assertThat(reason("Kedungreja", DISTRICT, "33.74"))
                .startsWith("unknown district 'Kedungreja' in Kota Semarang")
                .contains("Kecamatan Kedungreja in Kabupaten Cilacap (33.01.01)");
        assertThat(reason("Nowhere", DISTRICT, "33.74")).isEqualTo("unknown district 'Nowhere' in Kota Semarang");
    }

    @Test
    void repeatedDistrictNameIsAmbiguousProvinceWide() {
        assertThat(reason("Karanganyar", DISTRICT, "33"))
                .startsWith("ambiguous district name 'Karanganyar' in 5 regencies: ")
                .contains("Kabupaten Purbalingga (33.03.11)").contains("Kabupaten Demak (33.21.09)");
        assertThat(code("Kedungreja", DISTRICT, "33")).as("unique in the province").isEqualTo("33.01.01");
    }

    @Test
    void namesAreSpaceAndPunctuationTolerant() {
        assertThat(code("Pakis Aji", DISTRICT, "33")).isEqualTo(code("PAKISAJI", DISTRICT, "33"));
        assertThat(code("pakis-aji", DISTRICT, "33")).isEqualTo(code("Pakis Aji", DISTRICT, "33"));
    }

    @Test
    void villageNames() {
        assertThat(code("Miroto", VILLAGE, "33.74")).isEqualTo("33.74.01.1001");
        assertThat(code("Kel. Miroto", VILLAGE, "33")).isEqualTo("33.74.01.1001");
        assertThat(code("Kelurahan Miroto", VILLAGE, "33.74")).isEqualTo("33.74.01.1001");
        assertThat(reason("Tambakreja", VILLAGE, "33.01"))
                .startsWith("ambiguous village name 'Tambakreja' in 2 districts: ");
        assertThat(code("Kelurahan Tambakreja", VILLAGE, "33.01")).isEqualTo("33.01.21.1003");
        assertThat(code("Desa Tambakreja", VILLAGE, "33.01")).isEqualTo("33.01.01.2001");
        assertThat(code("Tambakreja", VILLAGE, "33.01.01")).as("district as scope").isEqualTo("33.01.01.2001");
        assertThat(reason("Karanganyar", VILLAGE, "33")).contains("and ").contains(" more");
    }

    @Test
    void provinceTotalRowsAreRecognisedByName() {
        for (String s : new String[] {"Jawa Tengah", "Provinsi Jawa Tengah", "PROVINSI JAWA TENGAH",
                "Prov. Jateng", "Jateng", "Jumlah Jawa Tengah"}) {
            assertThat(reason(s, REGENCY, "33")).as(s).isEqualTo("province total row (Jawa Tengah), not a regency");
            assertThat(code(s, PROVINCE, "33")).as(s).isEqualTo("33");
            assertThat(RegionResolver.isTotalRow(s)).as(s).isTrue();
        }
        assertThat(reason("Jawa Tengah", DISTRICT, "33")).isEqualTo("province total row (Jawa Tengah), not a district");
        assertThat(reason("JUMLAH", REGENCY, "33")).isEqualTo("total row ('JUMLAH'), not a regency");
        assertThat(RegionResolver.isTotalRow("3300")).isTrue();
        assertThat(RegionResolver.isTotalRow("Kota Semarang")).isFalse();
    }

    @Test
    void fusedCodeAndNameResolveByTheCode() {
        assertThat(code("3301 Cilacap", REGENCY, "33")).isEqualTo("33.01");
        assertThat(code("3301 - Kab. Cilacap", REGENCY, "33")).isEqualTo("33.01");
        assertThat(code("[3301] Cilacap", REGENCY, "33")).isEqualTo("33.01");
        assertThat(code("(3374) KOTA SEMARANG", REGENCY, "33")).isEqualTo("33.74");
        assertThat(code("3374 Semarang", REGENCY, "33")).isEqualTo("33.74");
        assertThat(code("Cilacap (3301)", REGENCY, "33")).isEqualTo("33.01");
        assertThat(code("33.19.02 Kota Kudus", DISTRICT, "33")).isEqualTo("33.19.02");
        assertThat(resolver.resolve("3301080 Kec. Kedungreja", DISTRICT, "33", BPS).regionOrNull().code())
                .isEqualTo("33.01.01");
        assertThat(code("[3301]", REGENCY, "33")).isEqualTo("33.01");
    }

    @Test
    void leadingRowNumberIsNotACode() {
        assertThat(code("1. Kab. Cilacap", REGENCY, "33")).isEqualTo("33.01");
        assertThat(code("12 Wonogiri", REGENCY, "33")).isEqualTo("33.12");
        assertThat(code("33. Kota Pekalongan", REGENCY, "33")).isEqualTo("33.75");
        assertThat(code("33 Jawa Tengah", PROVINCE, "33")).isEqualTo("33");
        assertThat(reason("33 Jawa Tengah", REGENCY, "33")).isEqualTo("province total row (Jawa Tengah), not a regency");
        assertThat(reason("7. Semarang", REGENCY, "33")).startsWith("ambiguous region name 'Semarang'");
    }

    @Test
    void fusedNameContradictingTheCodeIsRejected() {
        assertThat(reason("3301 Banyumas", REGENCY, "33"))
                .isEqualTo("code 3301 is Kabupaten Cilacap but the name says Banyumas");
        assertThat(reason("3374 - Kabupaten Semarang", REGENCY, "33"))
                .isEqualTo("code 3374 is Kota Semarang but the name says Kabupaten Semarang");
        assertThat(reason("3300 Jawa Tengah", REGENCY, "33"))
                .isEqualTo("province total row (Jawa Tengah), not a regency");
        assertThat(reason("[3201] Kab. Bogor", REGENCY, "33"))
                .isEqualTo("region '3201' is not in Jawa Tengah (province 33)");
    }

    @Test
    void otherProvincesAndNonNamesAreUnknown() {
        assertThat(reason("Kabupaten Bogor", REGENCY, "33")).isEqualTo("unknown regency 'Kabupaten Bogor'");
        assertThat(reason("Kota Cilacap", REGENCY, "33"))
                .isEqualTo("unknown regency 'Kota Cilacap' (there is Kabupaten Cilacap, 33.01)");
        assertThat(reason("Jawa Barat", PROVINCE, "33")).startsWith("unknown province 'Jawa Barat'");
        assertThat(reason("***", REGENCY, "33")).isEqualTo("'***' is not a region code or name");
    }

    @Test
    void nameResolvedAtItsLevelMustLieInScope() {
        assertThat(reason("Cilacap", REGENCY, "33.74")).isEqualTo(
                "region 33.01 (Kabupaten Cilacap) is outside this source's regency 33.74 (Kota Semarang)");
    }

    @Test
    void everyDisplayNameResolvesInItsParentScopeConcurrently() {
        List<String> failures = TestRegions.registry().all().parallelStream()
                .filter(r -> r.level() != PROVINCE)
                .filter(r -> {
                    String scope = r.level() == REGENCY ? "33" : r.parentCode();
                    Resolution byDisplay = resolver.resolve(r.displayName(), r.level(), scope, AUTO);
                    Resolution byUpper = resolver.resolve(r.displayName().toUpperCase(), r.level(), scope, AUTO);
                    return byDisplay.regionOrNull() != r || byUpper.regionOrNull() != r;
                })
                .map(Region::code)
                .collect(Collectors.toList());
        assertThat(failures).isEmpty();
    }
}
