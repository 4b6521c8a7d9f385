package id.go.jatengprov.regencyhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/** The shipped configuration is valid; a broken one is refused with every problem, each at its file and line. */
class ConfigLoaderTest {

    @TempDir Path dir;

    @Test
    void shippedConfigurationIsValid() {
        HubConfig c = ConfigLoader.load(Path.of("config"), FieldConverter.CONSTANTS);
        assertThat(c.datasets()).containsKeys("ipm", "health_facilities", "births");
        assertThat(c.sources()).containsKeys("jateng-ipm", "jateng-faskes", "jateng-births");
        assertThat(c.sources().get("jateng-faskes").unpivot().columns()).hasSize(6);
        assertThat(c.regions()).isNotNull();
        // revisions only where a dataset asks for them: they cost a quarter more CPU on a reload (docs/performance.md)
        assertThat(c.datasets().get("births").revisions()).as("births says revisions: true").isTrue();
        assertThat(c.datasets().get("ipm").revisions()).as("ipm says nothing: off").isFalse();
    }

    @Test
    void everyProblemIsListedWithFileAndLine() throws IOException {
        Path config = brokenConfig();
        assertThatThrownBy(() -> ConfigLoader.load(config, FieldConverter.CONSTANTS))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
                    assertThat(lines).contains(
                            "config/sources/x.yaml:3: unknown dataset 'populaton' (known: population)",
                            "config/sources/y.yaml:2: unknown key 'regncy' (did you mean 'regency'?)",
                            "config/datasets/population.yaml:6: unknown type 'integr' (did you mean 'integer'?)");
                    assertThat(lines).anyMatch(l -> l.startsWith("config/sources/y.yaml:4: bad cron expression"));
                    assertThat(lines).anyMatch(l -> l.startsWith("config/sources/y.yaml:1: missing 'regency'"));
                    assertThat(lines).anyMatch(l -> l.startsWith("config/sources/z.yaml:") && l.contains("'sex'") && l.contains("not one of"));
                    assertThat(lines).anyMatch(l -> l.startsWith("config/sources/v.yaml:5:") && l.contains("field 'total'") && l.contains("nothing maps it"));
                    assertThat(lines).anyMatch(l -> l.startsWith("config/sources/w.yaml:") && l.contains("unknown regency '3399'"));
                    assertThat(e.getMessage()).startsWith("Invalid configuration (");
                });
    }

    @Test
    void includePatternsAndHostEntriesAcceptWhatTheyShouldAndNothingMore() {
        for (String ok : new String[] {"*.csv", "*.csv,*.xlsx", "penduduk-????.csv", "data_2024.CSV"}) {
            assertThat(ConfigLoader.DROP_INCLUDE.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String bad : new String[] {"*.csv&delete=true", "*.csv?move=x", "*.csv, *.xlsx", "${header.x}", "*.csv#", ""}) {
            assertThat(ConfigLoader.DROP_INCLUDE.matcher(bad).matches()).as(bad).isFalse();
        }
        for (String ok : new String[] {"files.example.go.id", "files.example.go.id:8443", "10.1.2.3", "[fd00::1]:8080", "localhost"}) {
            assertThat(ConfigLoader.HOST_ENTRY.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String bad : new String[] {"https://files.example.go.id", "files.example.go.id/x", "user@files.example.go.id",
                "*.example.go.id", "files.example.go.id:"}) {
            assertThat(ConfigLoader.HOST_ENTRY.matcher(bad).matches()).as(bad).isFalse();
        }
    }

    private Path brokenConfig() throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("datasets"));
        Files.createDirectories(config.resolve("sources"));
        Path regions = config.resolve("reference/regions");
        Files.createDirectories(regions);
        for (String f : List.of("regencies.csv", "districts.csv", "villages.csv")) {
            Files.copy(Path.of("config/reference/regions").resolve(f), regions.resolve(f));
        }
        Files.writeString(config.resolve("datasets/population.yaml"), """
                id: population
                fields:
                  - { name: region, type: region, level: district }
                  - { name: period, type: period, grain: year }
                  - { name: sex, type: code, values: [L, P] }
                  - { name: population, type: integr }
                  - { name: total, type: integer, min: 0, required: true }
                key: [region, period, sex]
                """);
        Files.writeString(config.resolve("sources/x.yaml"), """
                id: x
                regency: "33.74"
                dataset: populaton
                kind: drop
                """);
        Files.writeString(config.resolve("sources/y.yaml"), """
                id: y
                regncy: "33.74"
                dataset: population
                schedule: "every day"
                kind: http
                http: { url: "https://example.org/x.csv" }
                mapping:
                  region: { column: Kecamatan }
                  period: { value: "2024" }
                  sex: { value: L }
                  total: { column: Jumlah }
                """);
        Files.writeString(config.resolve("sources/z.yaml"), """
                id: z
                regency: "3374"
                dataset: population
                kind: drop
                mapping:
                  region: { column: Kecamatan }
                  period: { value: "2024" }
                unpivot:
                  into: total
                  columns:
                    "Laki-laki": { sex: X }
                """);
        Files.writeString(config.resolve("sources/w.yaml"), """
                id: w
                regency: "3399"
                dataset: population
                kind: drop
                mapping:
                  region: { column: Kecamatan }
                  period: { value: "2024" }
                  sex: { value: L }
                  total: { column: Jumlah }
                """);
        Files.writeString(config.resolve("sources/v.yaml"), """
                id: v
                regency: "33.74"
                dataset: population
                kind: drop
                mapping:
                  region: { column: Kecamatan }
                  period: { value: "2024" }
                  sex: { value: P }
                """);
        return config;
    }
}
