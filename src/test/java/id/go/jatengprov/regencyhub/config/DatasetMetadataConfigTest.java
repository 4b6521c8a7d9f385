package id.go.jatengprov.regencyhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/**
 * A dataset file carries its metadata (description, units, code labels, producer, steward, periodicity, ...); the
 * required minimum is a warning by default and a problem when strict, each at its file and line.
 */
class DatasetMetadataConfigTest {

    @TempDir Path dir;

    @Test
    void theShippedDatasetsCarryTheRequiredMetadataAndTheirCodeLabels() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(Path.of("config"), FieldConverter.CONSTANTS,
                MetadataRules.parse("description,unit,producer,periodicity,steward,licence,tags,references,source-notes,"
                        + "field-description,code-labels", true));
        assertThat(loaded.warnings()).isEmpty();
        DatasetDef ipm = loaded.config().datasets().get("ipm");
        assertThat(ipm.info().producer()).isEqualTo("BPS Provinsi Jawa Tengah");
        assertThat(ipm.info().periodicity()).isEqualTo(Periodicity.ANNUAL);
        assertThat(ipm.info().description()).startsWith("Indeks Pembangunan Manusia (IPM) mengukur");
        FieldDef indicator = ipm.field("indicator").orElseThrow();
        assertThat(indicator.values()).containsExactly("uhh", "hls", "rls", "pengeluaran", "ipm");
        assertThat(indicator.label("uhh")).isEqualTo("Umur Harapan Hidup saat Lahir (tahun)");
        assertThat(loaded.config().datasets().get("population").field("sex").orElseThrow().labels())
                .containsExactly(Map.entry("L", "Laki-laki"), Map.entry("P", "Perempuan"));
        assertThat(loaded.config().sources().get("semarang-population").title())
                .isEqualTo("Penduduk Kota Semarang per kecamatan (Dispendukcapil)");
    }

    @Test
    void missingMetadataIsAWarningByDefaultAndAProblemWhenStrict() throws IOException {
        Path config = config("""
                id: stunting
                title: Prevalensi stunting
                fields:
                  - { name: region, type: region, level: regency }
                  - { name: period, type: period, grain: year }
                  - { name: rate, type: decimal }
                  - { name: children, type: integer, unit: jiwa }
                key: [region, period]
                """);
        ConfigLoader.Loaded loaded = ConfigLoader.load(config, FieldConverter.CONSTANTS, MetadataRules.DEFAULT);
        List<String> warnings = loaded.warnings().stream().map(ConfigProblem::toString).toList();
        assertThat(warnings).containsExactly(
                "config/datasets/stunting.yaml:1: dataset 'stunting' has no 'description': say what it measures and how"
                        + " (konsep/definisi), e.g. description: \"Jumlah penduduk menurut ... hasil registrasi ...\""
                        + " (hub.metadata.required)",
                "config/datasets/stunting.yaml:1: dataset 'stunting' has no 'producer': the office that produces the data"
                        + " (produsen data), e.g. producer: \"BPS Provinsi Jawa Tengah\" (hub.metadata.required)",
                "config/datasets/stunting.yaml:1: dataset 'stunting' has no 'periodicity': how often new data comes, one of"
                        + " [annual, semiannual, quarterly, monthly, weekly, daily, irregular] (hub.metadata.required)",
                "config/datasets/stunting.yaml:6: field 'rate' (decimal) has no 'unit' (satuan), e.g. unit: jiwa, unit:"
                        + " persen, unit: tahun (hub.metadata.required)");
        assertThat(loaded.config().datasets()).containsKey("stunting");

        assertThatThrownBy(() -> ConfigLoader.load(config, FieldConverter.CONSTANTS, MetadataRules.parse("producer", true)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
                        .containsExactly("config/datasets/stunting.yaml:1: dataset 'stunting' has no 'producer': the office"
                                + " that produces the data (produsen data), e.g. producer: \"BPS Provinsi Jawa Tengah\""
                                + " (hub.metadata.required)"));
        assertThat(ConfigLoader.load(config, FieldConverter.CONSTANTS, MetadataRules.parse("", true)).warnings()).isEmpty();
        assertThatThrownBy(() -> MetadataRules.parse("description,units", false))
                .hasMessageContaining("unknown item 'units'").hasMessageContaining("field-description");
    }

    @Test
    void everyMetadataKeyIsReadAndCodeValuesMayCarryLabels() throws IOException {
        Path config = config("""
                id: stunting
                title: Prevalensi stunting
                description: Persentase balita pendek dan sangat pendek.
                producer: Dinas Kesehatan Provinsi Jawa Tengah
                steward: Diskominfo Provinsi Jawa Tengah
                periodicity: tahunan
                licence: cc-by
                references: ["Kode wilayah Kemendagri"]
                tags: [kesehatan, stunting, kesehatan]
                source-notes: Survei Status Gizi Indonesia
                publish:
                  ckan: { url: "https://data.example.go.id/", organization: dinkes-jateng, package: stunting-jateng,
                          api-key-env: HUB_CKAN_SECRET_JATENG }
                fields:
                  - { name: region, type: region, level: regency, description: Kabupaten/kota }
                  - { name: period, type: period, grain: year }
                  - { name: category, type: code, values: { pendek: Pendek, sangat_pendek: "Sangat pendek" } }
                  - { name: sex, type: code, values: [L, P] }
                  - { name: rate, type: decimal, unit: persen, description: Prevalensi }
                key: [region, period, category, sex]
                """);
        ConfigLoader.Loaded loaded = ConfigLoader.load(config, FieldConverter.CONSTANTS, MetadataRules.parse("code-labels", false));
        DatasetDef d = loaded.config().datasets().get("stunting");
        DatasetInfo info = d.info();
        assertThat(info.description()).isEqualTo("Persentase balita pendek dan sangat pendek.");
        assertThat(info.periodicity()).isEqualTo(Periodicity.ANNUAL);
        assertThat(info.steward()).isEqualTo("Diskominfo Provinsi Jawa Tengah");
        assertThat(info.licence()).isEqualTo("cc-by");
        assertThat(info.tags()).containsExactly("kesehatan", "stunting");
        assertThat(info.references()).containsExactly("Kode wilayah Kemendagri");
        assertThat(info.sourceNotes()).isEqualTo("Survei Status Gizi Indonesia");
        assertThat(info.publish()).isEqualTo(new CkanPublishSpec("https://data.example.go.id", "dinkes-jateng", "stunting-jateng",
                "HUB_CKAN_SECRET_JATENG", 11));
        assertThat(d.field("region").orElseThrow().description()).isEqualTo("Kabupaten/kota");
        assertThat(d.field("category").orElseThrow().values()).containsExactly("pendek", "sangat_pendek");
        assertThat(d.field("category").orElseThrow().label("sangat_pendek")).isEqualTo("Sangat pendek");
        assertThat(d.field("sex").orElseThrow().labels()).isEmpty();
        assertThat(loaded.warnings()).extracting(ConfigProblem::toString).containsExactly(
                "config/datasets/stunting.yaml:18: code field 'sex' lists its values without labels: write them as values:"
                        + " { L: \"what L means\", ... } (hub.metadata.required)");
    }

    @Test
    void aWrongPublishSectionOrMetadataValueIsAProblemAtItsLine() throws IOException {
        Path config = config("""
                id: batch
                periodicity: yearly
                licence: "CC BY 4.0"
                publish:
                  ckan:
                    url: "https://user:pw@data.example.go.id"
                    organization: Dinkes Jateng
                    package: stunting-jateng
                    api-key-env: HUB_SECURITY_OPERATOR_PASSWORD
                fields:
                  - { name: region, type: region, level: regency }
                key: [region]
                """);
        assertThatThrownBy(() -> ConfigLoader.load(config, FieldConverter.CONSTANTS))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
                    assertThat(lines).contains(
                            "config/datasets/batch.yaml:2: unknown periodicity 'yearly'; use one of [annual, semiannual,"
                                    + " quarterly, monthly, weekly, daily, irregular] (or in Indonesian: [tahunan, semesteran,"
                                    + " triwulanan, bulanan, mingguan, harian, tidak-tetap])",
                            "config/datasets/batch.yaml:7: 'publish.ckan.organization' 'Dinkes Jateng': CKAN names are 2 to 100"
                                    + " characters of lowercase letters (a-z), digits, - and _ (did you mean 'dinkes-jateng'?)");
                    assertThat(lines).anyMatch(l -> l.startsWith("config/datasets/batch.yaml:1: dataset id 'batch' is taken by the warehouse"));
                    assertThat(lines).anyMatch(l -> l.startsWith("config/datasets/batch.yaml:3: 'licence' is a licence id"));
                    assertThat(lines).anyMatch(l -> l.startsWith("config/datasets/batch.yaml:6: 'publish.ckan.url' must be"));
                    assertThat(lines).anyMatch(l -> l.startsWith("config/datasets/batch.yaml:9: 'publish.ckan.api-key-env'"
                            + " 'HUB_SECURITY_OPERATOR_PASSWORD' must name an environment variable starting with HUB_CKAN_SECRET_"));
                });
    }

    private Path config(String dataset) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("datasets"));
        Files.createDirectories(config.resolve("sources"));
        Path regions = config.resolve("reference/regions");
        Files.createDirectories(regions);
        for (String f : List.of("regencies.csv", "districts.csv", "villages.csv")) {
            Files.copy(Path.of("config/reference/regions").resolve(f), regions.resolve(f));
        }
        String id = dataset.lines().findFirst().orElseThrow().substring(4).strip();
        Files.writeString(config.resolve("datasets/" + id + ".yaml"), dataset);
        return config;
    }
}
