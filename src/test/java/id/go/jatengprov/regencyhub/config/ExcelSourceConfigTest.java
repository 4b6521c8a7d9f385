package id.go.jatengprov.regencyhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/** A source's {@code format} and {@code excel:} block are read and validated like the rest, each problem at its line. */
class ExcelSourceConfigTest {

    @TempDir Path dir;

    private Path config;

    @BeforeEach
    void setUp() throws IOException {
        config = dir.resolve("config");
        Files.createDirectories(config.resolve("datasets"));
        Files.createDirectories(config.resolve("sources"));
        Path regions = Files.createDirectories(config.resolve("reference/regions"));
        for (String f : List.of("regencies.csv", "districts.csv", "villages.csv")) {
            Files.copy(Path.of("config/reference/regions").resolve(f), regions.resolve(f));
        }
        Files.copy(Path.of("config/datasets/population.yaml"), config.resolve("datasets/population.yaml"));
    }

    private void source(String id, String extra) throws IOException {
        Files.writeString(config.resolve("sources/" + id + ".yaml"), """
                id: %s
                regency: "33.74"
                dataset: population
                kind: drop
                %s
                mapping:
                  region: { column: Kecamatan }
                  period: { value: "2024" }
                  sex: { value: L }
                  population: { column: Jumlah }
                """.formatted(id, extra));
    }

    private List<String> problems() {
        try {
            ConfigLoader.load(config, FieldConverter.CONSTANTS);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("the configuration was accepted");
    }

    @Test
    void aSheetIsNamedQuotedOrCountedAsANumberAndHiddenIsABoolean() throws IOException {
        source("by-name", "format: xlsx\nexcel: { sheet: \"2024\", include-hidden: true }");
        source("by-index", "excel: { sheet: 2 }");
        source("plain", "");
        HubConfig c = ConfigLoader.load(config, FieldConverter.CONSTANTS);
        assertThat(c.sources().get("by-name").excel()).isEqualTo(new ExcelSettings("2024", 0, true));
        assertThat(c.sources().get("by-name").format()).isEqualTo("xlsx");
        assertThat(c.sources().get("by-index").excel()).isEqualTo(new ExcelSettings(null, 2, false));
        assertThat(c.sources().get("by-index").format()).isEqualTo("csv");
        assertThat(c.sources().get("plain").excel()).isEqualTo(ExcelSettings.defaults());
    }

    @Test
    void badExcelSettingsAreListedWithFileLineAndWhatToWrite() throws IOException {
        source("a", "excel:\n  sheet: 0\n  include-hiden: true");
        source("b", "excel: { sheet: \"\", include-hidden: kadang }");
        source("c", "format: xls");
        assertThat(problems()).contains(
                "config/sources/a.yaml:6: 'excel.sheet' as a number is the sheet's position, from 1 (the first sheet), not 0;"
                        + " to name a sheet quote it: sheet: \"0\"",
                "config/sources/a.yaml:7: unknown key 'include-hiden' in excel (did you mean 'include-hidden'?)",
                "config/sources/b.yaml:5: 'excel.sheet' must be a sheet name of 1 to 31 characters (as on the sheet's tab)"
                        + " or its position (1, 2, ...), not ''",
                "config/sources/b.yaml:5: 'include-hidden' must be true or false, not 'kadang'",
                "config/sources/c.yaml:5: 'format' must be one of [\"csv\", \"xlsx\"], not 'xls'");
    }

    @Test
    void anHttpSourceSetsTheWorkbookFormatUnderHttp() throws IOException {
        Files.writeString(config.resolve("sources/h.yaml"), """
                id: h
                regency: "33.74"
                dataset: population
                kind: http
                schedule: "0 0 2 * * ?"
                format: xlsx
                http: { url: "https://data.example.go.id/penduduk.xlsx" }
                mapping:
                  region: { column: Kecamatan }
                  period: { value: "2024" }
                  sex: { value: L }
                  population: { column: Jumlah }
                """);
        assertThat(problems()).contains("config/sources/h.yaml:6: for an http source the format goes under 'http': http: { format: xlsx }");
        Files.writeString(config.resolve("sources/h.yaml"), Files.readString(config.resolve("sources/h.yaml"))
                .replace("format: xlsx\n", "").replace("penduduk.xlsx\" }", "penduduk.xlsx\", format: xlsx }"));
        assertThat(ConfigLoader.load(config, FieldConverter.CONSTANTS).sources().get("h").format()).isEqualTo("xlsx");
    }
}
