package id.go.jatengprov.regencyhub.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionRegistryTest {

    private final RegionRegistry registry = TestRegions.registry();

    @Test
    void countsMatchTheReferenceData() {
        assertThat(registry.count(RegionLevel.PROVINCE)).isEqualTo(1);
        assertThat(registry.count(RegionLevel.REGENCY)).isEqualTo(35);
        assertThat(registry.count(RegionLevel.DISTRICT)).isEqualTo(576);
        assertThat(registry.count(RegionLevel.VILLAGE)).isEqualTo(8563);
        assertThat(registry.all()).hasSize(1 + 35 + 576 + 8563);
        assertThat(registry.all().stream().filter(r -> r.type().equals("Kota")).count()).isEqualTo(6);
        assertThat(registry.all().stream().filter(r -> r.type().equals("Kelurahan")).count()).isEqualTo(753);
    }

    @Test
    void allListsProvinceThenEachLevelInCodeOrder() {
        List<Region> all = new ArrayList<>(registry.all());
        assertThat(all.get(0)).isEqualTo(registry.province());
        assertThat(all.get(1).code()).isEqualTo("33.01");
        assertThat(all.get(35).code()).isEqualTo("33.76");
        assertThat(all.get(36).code()).isEqualTo("33.01.01");
        assertThat(all.get(all.size() - 1).level()).isEqualTo(RegionLevel.VILLAGE);
        for (int i = 1; i < all.size(); i++) {
            Region a = all.get(i - 1);
            Region b = all.get(i);
            assertThat(a.level().compareTo(b.level()) < 0 || a.code().compareTo(b.code()) < 0)
                    .as("%s before %s", a.code(), b.code()).isTrue();
        }
    }

    @Test
    void provinceIsIncluded() {
        Region p = registry.byCode("33").orElseThrow();
        assertThat(p).isEqualTo(new Region("33", "33", "Jawa Tengah", RegionLevel.PROVINCE, null, "Provinsi"));
        assertThat(p.displayName()).isEqualTo("Provinsi Jawa Tengah");
        assertThat(registry.byBpsCode("33")).contains(p);
    }

    @Test
    void regencyCodesAreTheSameInBothSystems() {
        Region kota = registry.byCode("33.74").orElseThrow();
        assertThat(kota).isEqualTo(new Region("33.74", "3374", "Semarang", RegionLevel.REGENCY, "33", "Kota"));
        assertThat(kota.displayName()).isEqualTo("Kota Semarang");
        assertThat(registry.byBpsCode("3374")).contains(kota);
        assertThat(registry.byCode("33.22").orElseThrow().displayName()).isEqualTo("Kabupaten Semarang");
        assertThat(registry.byCode("33.01").orElseThrow().displayName()).isEqualTo("Kabupaten Cilacap");
    }

    @Test
    void districtCodesDifferBetweenSystems() {
        Region kedungreja = registry.byCode("33.01.01").orElseThrow();
        assertThat(kedungreja).isEqualTo(
                new Region("33.01.01", "3301080", "Kedungreja", RegionLevel.DISTRICT, "33.01", "Kecamatan"));
        assertThat(kedungreja.displayName()).isEqualTo("Kecamatan Kedungreja");
        assertThat(registry.byBpsCode("3301080")).contains(kedungreja);
        assertThat(registry.byBpsCode("3301010").orElseThrow().name()).isEqualTo("Dayeuhluhur");
        assertThat(registry.byCode("33.19.02").orElseThrow().name()).isEqualTo("Kota Kudus");
    }

    @Test
    void villagesHaveNoBpsCode() {
        Region v = registry.byCode("33.01.01.2001").orElseThrow();
        assertThat(v).isEqualTo(
                new Region("33.01.01.2001", null, "Tambakreja", RegionLevel.VILLAGE, "33.01.01", "Desa"));
        assertThat(v.displayName()).isEqualTo("Desa Tambakreja");
        assertThat(registry.byCode("33.74.01.1001").orElseThrow().displayName()).isEqualTo("Kelurahan Miroto");
        assertThat(registry.byBpsCode("3301012001")).isEmpty();
    }

    @Test
    void unknownAndNullCodesAreEmpty() {
        assertThat(registry.byCode("33.99")).isEmpty();
        assertThat(registry.byCode("3374")).as("byCode takes dotted codes only").isEmpty();
        assertThat(registry.byCode(null)).isEmpty();
        assertThat(registry.byBpsCode("33.74")).isEmpty();
        assertThat(registry.byBpsCode(null)).isEmpty();
    }

    @Test
    void containsFollowsTheHierarchy() {
        assertThat(registry.contains("33.74", "33.74.01.1001")).isTrue();
        assertThat(registry.contains("33.74.01", "33.74.01.1001")).isTrue();
        assertThat(registry.contains("33", "33.01.01.2001")).isTrue();
        assertThat(registry.contains("33.74", "33.74")).isTrue();
        assertThat(registry.contains("33.74", "33.01.01")).isFalse();
        assertThat(registry.contains("33.74.01", "33.74")).as("a child does not contain its parent").isFalse();
        assertThat(registry.contains("33.7", "33.74")).as("prefix must end at a dot").isFalse();
        assertThat(registry.contains("33.74", "33.74.99")).as("unknown code").isFalse();
        assertThat(registry.contains(null, "33.74")).isFalse();
    }

    @Test
    void childrenAreListedInCodeOrder() {
        assertThat(registry.children("33.74")).hasSize(16).allMatch(r -> r.parentCode().equals("33.74"));
        assertThat(registry.children("33.19")).extracting(Region::name).contains("Kota Kudus");
        assertThat(registry.children("33")).hasSize(35);
        assertThat(registry.children("33.74.01.1001")).isEmpty();
    }

    @Test
    void scopeSettingIsNormalisedToKemendagri() {
        assertThat(registry.toKemendagriRegencyOrProvince("33")).contains("33");
        assertThat(registry.toKemendagriRegencyOrProvince("3374")).contains("33.74");
        assertThat(registry.toKemendagriRegencyOrProvince(" 33.74 ")).contains("33.74");
        assertThat(registry.toKemendagriRegencyOrProvince("3399")).isEmpty();
        assertThat(registry.toKemendagriRegencyOrProvince("3201")).isEmpty();
        assertThat(registry.toKemendagriRegencyOrProvince("33.74.01")).isEmpty();
        assertThat(registry.toKemendagriRegencyOrProvince("Semarang")).isEmpty();
        assertThat(registry.toKemendagriRegencyOrProvince(null)).isEmpty();
    }

    @Test
    void malformedLineIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        copyReference(dir);
        Path districts = dir.resolve("districts.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(districts));
        lines.set(3, "33.01.03,330103,3301150,33.01,3301"); // one field short
        Files.write(districts, lines, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> RegionRegistry.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("districts.csv line 4")
                .hasMessageContaining("expected 6 fields but found 5");
    }

    @Test
    void inconsistentCodesAreRejected(@TempDir Path dir) throws IOException {
        copyReference(dir);
        Path villages = dir.resolve("villages.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(villages));
        lines.set(1, "33.01.01.2001,3301012001,33.01.99,33.01,Tambakreja,Desa");
        Files.write(villages, lines, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> RegionRegistry.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("villages.csv line 2");
    }

    @Test
    void quotedFieldsAreRejected(@TempDir Path dir) throws IOException {
        copyReference(dir);
        Path regencies = dir.resolve("regencies.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(regencies));
        lines.set(2, "3302,33.02,\"Banyumas\",Kabupaten");
        Files.write(regencies, lines, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> RegionRegistry.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("regencies.csv line 3: quotes are not supported");
    }

    @Test
    void missingFileIsAnIoException(@TempDir Path dir) throws IOException {
        copyReference(dir);
        Files.delete(dir.resolve("villages.csv"));

        assertThatThrownBy(() -> RegionRegistry.load(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("villages.csv");
    }

    @Test
    void crlfLineEndingsAndBomAreTolerated(@TempDir Path dir) throws IOException {
        copyReference(dir);
        Path regencies = dir.resolve("regencies.csv");
        String crlf = "\uFEFF" + String.join("\r\n", Files.readAllLines(regencies)) + "\r\n";
        Files.writeString(regencies, crlf, StandardCharsets.UTF_8);

        RegionRegistry loaded = RegionRegistry.load(dir);

        assertThat(loaded.count(RegionLevel.REGENCY)).isEqualTo(35);
        assertThat(loaded.byCode("33.76").orElseThrow().name()).isEqualTo("Tegal");
    }

    private static void copyReference(Path dir) throws IOException {
        for (String f : List.of("regencies.csv", "districts.csv", "villages.csv")) {
            Files.copy(TestRegions.DIR.resolve(f), dir.resolve(f));
        }
    }
}
