package id.go.jatengprov.regencyhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} passes the shipped configuration and names every mistake of a broken one with file and line. */
class CheckCommandTest {

    @TempDir Path dir;

    @Test
    void theShippedConfigurationIsClean() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckCommand.run(new String[] {"--hub.config-dir=config", "--hub.routes-dir=routes"}, new PrintStream(out));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK: 5 datasets, 6 sources");
        assertThat(code).isZero();
    }

    @Test
    void theDropFolderLeaseWithoutClusterModeIsAWarningNotAProblem() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckCommand.run(new String[] {"--hub.config-dir=config", "--hub.routes-dir=routes",
                "--hub.data-dir=" + dir, "--hub.cluster.shared-drop-folders=true"}, new PrintStream(out));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).as(report).contains("warning: hub.cluster.shared-drop-folders=true does nothing without"
                + " hub.cluster.enabled=true").contains("OK: 5 datasets");
        assertThat(code).isZero();
    }

    @Test
    void theShippedExampleRoutesParse() {
        assertThat(RouteFiles.check(Path.of("docs/examples/routes"))).isEmpty();
    }

    /** An empty configuration folder with the shipped reference data; returns the config folder. */
    private Path emptyConfig() throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("datasets"));
        Files.createDirectories(config.resolve("sources"));
        Files.createDirectories(dir.resolve("routes"));
        Path regions = config.resolve("reference/regions");
        Files.createDirectories(regions);
        for (String f : List.of("regencies.csv", "districts.csv", "villages.csv")) {
            Files.copy(Path.of("config/reference/regions").resolve(f), regions.resolve(f));
        }
        return config;
    }

    private String check(Path config, int expectedCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckCommand.run(new String[] {"--hub.config-dir=" + config, "--hub.routes-dir=" + dir.resolve("routes")},
                new PrintStream(out));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report).isEqualTo(expectedCode);
        return report;
    }

    @Test
    void aWrongTypeGetsDidYouMeanAndComesBeforeTheProblemsItCauses() throws IOException {
        Path config = emptyConfig();
        Files.writeString(config.resolve("datasets/births.yaml"), """
                id: births
                key: [region, period, live_births]
                fields:
                  - { name: region, type: region, level: regency }
                  - { name: period, type: period, grain: year }
                  - { name: live_births, type: int, min: 0 }
                """);
        // the key (line 2) comes before the field it names (line 6): by line alone its follow-on would come first
        Files.writeString(config.resolve("sources/aaa.yaml"), """
                id: aaa
                regency: "33"
                dataset: births
                kind: drop
                mapping:
                  region: { column: Wilayah }
                  period: { column: Tahun }
                  live_births: { column: Lahir }
                """);
        List<String> lines = check(config, 1).lines().toList();
        assertThat(lines).containsExactly(
                "config/datasets/births.yaml:6: unknown type 'int' (did you mean 'integer'?)",
                "config/datasets/births.yaml:2: key field 'live_births' is not usable until its definition on line 6 is fixed (see there)",
                "config/sources/aaa.yaml:8: mapping of 'live_births' is not checked until field 'live_births' at"
                        + " config/datasets/births.yaml:6 is fixed (see there)",
                "3 problems found");
    }

    @Test
    void aDatasetFileThatIsNotYamlComesBeforeTheSourcesThatUseIt() throws IOException {
        Path config = emptyConfig();
        Files.writeString(config.resolve("datasets/zz_stunting.yaml"), "id: zz_stunting\ntitle \"Stunting\"\nfields: []\n");
        Files.writeString(config.resolve("sources/a.yaml"), "id: a\nregency: \"33\"\ndataset: zz_stunting\nkind: drop\n");
        assertThat(check(config, 1).lines().toList()).containsExactly(
                "config/datasets/zz_stunting.yaml:2: not valid YAML: a key without ':' (write key: value) (could not find expected ':')",
                "config/sources/a.yaml:3: dataset 'zz_stunting' is not usable until config/datasets/zz_stunting.yaml is fixed (see there)",
                "2 problems found");
    }

    @Test
    void aYamlMistakeIsReportedOnTheLineWhereItIs() throws IOException {
        Path config = emptyConfig();
        String good = """
                id: births
                title: Kelahiran
                fields:
                  - { name: region, type: region, level: regency }
                  - { name: period, type: period, grain: year }
                key: [region, period]
                """;
        Path file = config.resolve("datasets/births.yaml");

        Files.writeString(file, good.replace("title: Kelahiran", "title Kelahiran"));
        assertThat(check(config, 1)).startsWith("config/datasets/births.yaml:2: not valid YAML: a key without ':'");

        Files.writeString(file, good.replace("  - { name: period", "   - { name: period"));
        assertThat(check(config, 1)).startsWith("config/datasets/births.yaml:5: not valid YAML: this line is indented"
                + " differently from the lines it belongs with");

        Files.writeString(file, good.replace("title: Kelahiran", "title: \"Kelahiran"));
        assertThat(check(config, 1)).startsWith("config/datasets/births.yaml:2: not valid YAML: a quote opened here is never closed");

        Files.writeString(file, good.replace("grain: year }", "grain: year"));
        assertThat(check(config, 1)).startsWith("config/datasets/births.yaml:5: not valid YAML: a '{' opened here is not closed");

        Files.writeString(file, good);
        assertThat(check(config, 0)).contains("OK: 1 datasets, 0 sources"); // after the metadata warnings
    }

    @Test
    void aBrokenConfigurationIsReportedWithFileAndLineAndExitsOne() throws IOException {
        Path config = emptyConfig();
        Path routes = dir.resolve("routes");
        Files.writeString(config.resolve("datasets/stunting.yaml"), """
                id: stunting
                fields:
                  - { name: region, type: region, level: kecamatan }
                  - { name: period, type: period, grain: year }
                  - { name: rate, type: decimal, min: 10, max: 5 }
                  - { name: children, type: integer, requird: true }
                key: [region, periode]
                """);
        Files.writeString(config.resolve("sources/a.yaml"), """
                id: a
                regency: "33.74"
                dataset: stuntng
                kind: drop
                """);
        Files.writeString(config.resolve("sources/b.yaml"), """
                id: b
                regency: "33.74"
                dataset: stunting
                kind: http
                schedule: "0 0 25 * * ?"
                mapping:
                  region: { column: Kecamatan }
                  period: { value: "2024" }
                  rate: { columns: [A] }
                """);
        Files.writeString(config.resolve("sources/c.yaml"), """
                id: wrong-name
                regency: "33.99"
                dataset: stunting
                kind: drop
                mapping:
                  region: { value: "33.01.01" }
                  period: { column: Tahun }
                  rate: { column: Persen }
                  kids: { column: Anak }
                """);
        Files.writeString(config.resolve("sources/d.yaml"), "id: d\nregency: [33\n");
        Files.writeString(routes.resolve("broken.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: "timer:x"
                      steps:
                        - frobnicate:
                            message: hi
                """);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckCommand.run(new String[] {"--hub.config-dir=" + config, "--hub.routes-dir", routes.toString()},
                new PrintStream(out));
        String report = out.toString(StandardCharsets.UTF_8);

        assertThat(code).isEqualTo(1);
        assertThat(report).contains(
                "config/datasets/stunting.yaml:3: invalid region level 'kecamatan'",
                "config/datasets/stunting.yaml:5: max 5 is below min 10",
                "config/datasets/stunting.yaml:6: unknown key 'requird' in a field (did you mean 'required'?)",
                "config/datasets/stunting.yaml:7: key field 'periode' is not a field of this dataset (did you mean 'period'?)",
                "config/sources/a.yaml:3: unknown dataset 'stuntng' (known: stunting)",
                "config/sources/b.yaml:1: an http source needs an 'http' section",
                "config/sources/b.yaml:5: bad cron expression '0 0 25 * * ?'",
                "config/sources/b.yaml:9: 'columns' joins two or more columns",
                "config/sources/c.yaml:1: id 'wrong-name' does not match the file name",
                "config/sources/c.yaml:2: unknown regency '33.99'",
                "config/sources/c.yaml:9: mapping names field 'kids', which dataset 'stunting' does not have",
                "config/sources/d.yaml:2: not valid YAML: a '[' opened here is not closed with ']'",
                "routes/broken.yaml");
        assertThat(report).containsPattern("\\d+ problems found");
    }

    /**
     * What a source file must not do: send a hub setting or any non-HUB_POLL_SECRET_ variable as a header, a secret
     * over plain http, pass endpoint options through drop.include, or list something that is not a host.
     */
    @Test
    void securityMistakesInASourceAreRefusedWithFileAndLine() throws IOException {
        Path config = dir.resolve("config");
        for (String sub : List.of("datasets", "reference/regions")) {
            Path from = Path.of("config").resolve(sub);
            Files.createDirectories(config.resolve(sub));
            try (var files = Files.list(from)) {
                for (Path f : files.toList()) Files.copy(f, config.resolve(sub).resolve(f.getFileName().toString()));
            }
        }
        Files.createDirectories(config.resolve("sources"));
        Files.writeString(config.resolve("sources/leak.yaml"), """
                id: leak
                regency: "33"
                dataset: births
                kind: http
                schedule: "0 0 2 * * ?"
                http:
                  url: "https://data.example.go.id/births.csv"
                  headers:
                    Authorization: "Bearer ${hub.security.operator.password}"
                    X-Path: "${env:PATH}"
                    X-Token: "${SEMARANG_TOKEN}"
                    X-Ok: "${env:HUB_POLL_SECRET_SEMARANG_TOKEN}"
                  allowed-hosts: [files.example.go.id, "https://evil.example.com/x"]
                mapping:
                  region: { column: Wilayah }
                  period: { column: Tahun }
                  live_births: { column: Jumlah Bayi Lahir }
                """);
        Files.writeString(config.resolve("sources/plain.yaml"), """
                id: plain
                regency: "33"
                dataset: births
                kind: http
                schedule: "0 0 2 * * ?"
                http:
                  url: "http://data.example.go.id/births.csv"
                  headers: { Authorization: "Bearer ${env:HUB_POLL_SECRET_TOKEN}" }
                mapping:
                  region: { column: Wilayah }
                  period: { column: Tahun }
                  live_births: { column: Jumlah Bayi Lahir }
                """);
        Files.writeString(config.resolve("sources/options.yaml"), """
                id: options
                regency: "33"
                dataset: births
                kind: drop
                drop: { include: "*.csv&delete=true" }
                mapping:
                  region: { column: Wilayah }
                  period: { column: Tahun }
                  live_births: { column: Jumlah Bayi Lahir }
                """);
        Files.createDirectories(dir.resolve("routes"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckCommand.run(new String[] {"--hub.config-dir=" + config, "--hub.routes-dir=" + dir.resolve("routes")},
                new PrintStream(out));
        String report = out.toString(StandardCharsets.UTF_8);

        assertThat(code).isEqualTo(1);
        assertThat(report).contains(
                "config/sources/leak.yaml:9: header 'Authorization' uses ${hub.security.operator.password}: a header may"
                        + " name only an environment variable whose name starts with HUB_POLL_SECRET_",
                "config/sources/leak.yaml:10: header 'X-Path' uses ${env:PATH}",
                "config/sources/leak.yaml:11: header 'X-Token' uses ${SEMARANG_TOKEN}",
                "config/sources/leak.yaml:13: 'http.allowed-hosts' takes host names such as files.example.go.id",
                "config/sources/plain.yaml:8: the headers carry a secret (${env:...}) and 'http.url' is plain http://",
                "config/sources/options.yaml:5: 'drop.include' must be file name patterns such as \"*.csv\"");
        assertThat(report).doesNotContain("leak.yaml:12");
    }

    @Test
    void missingMetadataIsListedAsWarningsAndFailsOnlyWhenStrict() throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("datasets"));
        Files.createDirectories(config.resolve("sources"));
        Path regions = config.resolve("reference/regions");
        Files.createDirectories(regions);
        for (String f : List.of("regencies.csv", "districts.csv", "villages.csv")) {
            Files.copy(Path.of("config/reference/regions").resolve(f), regions.resolve(f));
        }
        Files.writeString(config.resolve("datasets/stunting.yaml"), """
                id: stunting
                description: Prevalensi balita stunting.
                fields:
                  - { name: region, type: region, level: regency }
                  - { name: rate, type: decimal, unit: persen }
                key: [region]
                """);
        String[] args = {"--hub.config-dir=" + config, "--hub.routes-dir=" + dir.resolve("routes")};

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(CheckCommand.run(args, new PrintStream(out))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "warning: config/datasets/stunting.yaml:1: dataset 'stunting' has no 'producer'",
                "warning: config/datasets/stunting.yaml:1: dataset 'stunting' has no 'periodicity'",
                "OK: 1 datasets, 0 sources, 0 route files in " + config + " and " + dir.resolve("routes")
                        + "; 2 warnings about metadata (hub.metadata.strict=true makes them problems)");

        out.reset();
        String[] strict = {args[0], args[1], "--hub.metadata.strict=true", "--hub.metadata.required=producer"};
        assertThat(CheckCommand.run(strict, new PrintStream(out))).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("config/datasets/stunting.yaml:1: dataset 'stunting' has"
                + " no 'producer'", "1 problem found").doesNotContain("periodicity");
    }
}
