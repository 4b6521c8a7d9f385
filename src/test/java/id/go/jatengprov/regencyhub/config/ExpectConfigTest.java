package id.go.jatengprov.regencyhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.Period;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.reference.RegionLevel;

/** A dataset's {@code expect:}: read with its defaults, and every contradiction refused with file and line. */
class ExpectConfigTest {

    @TempDir Path dir;

    static final String MONTHLY = """
            id: prices
            fields:
              - { name: region, type: region, level: district }
              - { name: period, type: period, grain: month }
              - { name: price, type: decimal }
            key: [region, period]
            """;

    @Test
    void theShippedDatasetsExpectEveryRegencyEveryYear() {
        HubConfig c = ConfigLoader.load(Path.of("config"), (f, r, v, res, reg, cs) -> null);
        Expectation e = c.datasets().get("population").expect();
        assertThat(e.every()).isEqualTo(Grain.YEAR);
        assertThat(e.due()).isEqualTo(Period.ofMonths(3));
        assertThat(e.regencies()).hasSize(35).contains("33.01", "33.74", "33.76");
        assertThat(e.regionLevel()).isEqualTo(RegionLevel.DISTRICT);
    }

    @Test
    void everyMayBeCoarserThanTheGrainAndDefaultsToIt() throws IOException {
        Expectation e = load(MONTHLY + "expect: { every: quarter, due: P45D, regencies: [\"3374\", \"33.01\"], from: 2024-Q2 }\n")
                .datasets().get("prices").expect();
        assertThat(e.every()).isEqualTo(Grain.QUARTER);
        assertThat(e.regencies()).containsExactly("33.01", "33.74");
        assertThat(e.from()).isEqualTo(LocalDate.of(2024, 4, 1));
        assertThat(e.subPeriods(LocalDate.of(2024, 4, 1))).isEqualTo(3);
        assertThat(load(MONTHLY + "expect: { due: P0D }\n").datasets().get("prices").expect().every()).isEqualTo(Grain.MONTH);
    }

    @Test
    void contradictionsAreRefusedWithFileAndLine() throws IOException {
        assertProblem(MONTHLY.replace("grain: month", "grain: year") + "expect: { every: month, due: P3M }\n",
                "config/datasets/prices.yaml:7: expect.every 'month' is finer than the grain 'year' of field 'period'");
        assertProblem(MONTHLY + "expect:\n  every: year\n  due: three months\n",
                "config/datasets/prices.yaml:9: expect.due 'three months' is not an ISO-8601 period");
        assertProblem(MONTHLY + "expect:\n  due: P-1M\n", "config/datasets/prices.yaml:8: expect.due 'P-1M' is negative");
        assertProblem(MONTHLY + "expect:\n  every: year\n", "missing 'due'");
        assertProblem(MONTHLY + "expect:\n  due: P1M\n  regencies: [\"3374\", \"9999\", \"33\"]\n",
                "config/datasets/prices.yaml:9: expect.regencies: '9999' is not a Jawa Tengah regency code",
                "expect.regencies: '33' is not a Jawa Tengah regency code");
        assertProblem(MONTHLY + "expect:\n  due: P1M\n  evry: year\n", "config/datasets/prices.yaml:9: unknown key 'evry' in expect (did you mean 'every'?)");
        assertProblem(MONTHLY + "expect:\n  due: P1M\n  from: last year\n", "expect.from: 'last year' is not a period");
        assertProblem(MONTHLY.replace("level: district", "level: province") + "expect: { due: P1M }\n",
                "'expect' is about regencies, but field 'region' holds the province");
        assertProblem(MONTHLY.replace("type: period, grain: month", "type: text") + "expect: { due: P1M }\n",
                "'expect' needs exactly one field of type period in the key");
    }

    private void assertProblem(String yaml, String... messages) throws IOException {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).satisfies(e -> {
            for (String m : messages) assertThat(e.getMessage()).contains(m);
        });
    }

    private HubConfig load(String dataset) throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("datasets"));
        copyTree(Path.of("config/reference"), config.resolve("reference"));
        Files.writeString(config.resolve("datasets/prices.yaml"), dataset);
        return ConfigLoader.load(config, (f, r, v, res, reg, cs) -> null);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
