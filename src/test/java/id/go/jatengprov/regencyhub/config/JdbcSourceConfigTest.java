package id.go.jatengprov.regencyhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/**
 * A database source's {@code jdbc:} section is validated when the configuration loads ({@code check}, start, live
 * reload): no password in the URL, only the driver options that cannot undo the read-only session, one SELECT with
 * {@code :#watermark} exactly when there is a watermark, a password variable with the fixed prefix; each problem
 * with file and line.
 */
class JdbcSourceConfigTest {

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

    /** A jdbc source with its jdbc section (lines 7 on). */
    private void source(String id, String jdbc) throws IOException {
        Files.writeString(config.resolve("sources/" + id + ".yaml"), """
                id: %s
                regency: "33.24"
                dataset: population
                kind: jdbc
                schedule: "0 0 2 * * ?"
                jdbc:
                %s
                mapping:
                  region: { column: kode_kec }
                  period: { column: tahun }
                  sex: { column: jk }
                  population: { column: jumlah }
                """.formatted(id, jdbc.indent(2).stripTrailing()));
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
    void aKendalMariaDbViewWithAWatermarkIsReadWithItsDefaults() throws IOException {
        source("kendal-penduduk", """
                url: "jdbc:mariadb://db.kendalkab.go.id:3306/simduk?sslMode=verify-full"
                user: hub_reader
                password-env: HUB_JDBC_SECRET_KENDAL
                query: "SELECT kode_kec, tahun, jk, jumlah, updated_at FROM v_penduduk WHERE updated_at > :#watermark ORDER BY updated_at;"
                watermark: { column: updated_at, start: "2020-01-01 00:00:00" }""");
        SourceDef s = ConfigLoader.load(config, FieldConverter.CONSTANTS).sources().get("kendal-penduduk");
        assertThat(s.kind()).isEqualTo(SourceDef.Kind.JDBC);
        assertThat(s.format()).isEqualTo("json");
        assertThat(s.decimal()).as("a database's numbers are canonical").isEqualTo("dot");
        assertThat(s.jdbc()).isEqualTo(new SourceDef.JdbcSpec("jdbc:mariadb://db.kendalkab.go.id:3306/simduk?sslMode=verify-full",
                "hub_reader", "HUB_JDBC_SECRET_KENDAL",
                "SELECT kode_kec, tahun, jk, jumlah, updated_at FROM v_penduduk WHERE updated_at > :#watermark ORDER BY updated_at",
                new SourceDef.WatermarkSpec("updated_at", "2020-01-01 00:00:00"), 1000));
    }

    @Test
    void aUrlMayCarryNoPasswordNoUserAndOnlyHarmlessOptions() throws IOException {
        source("a", "url: \"jdbc:postgresql://db.example.go.id/simduk?user=x&password=rahasia\"\nuser: r\nquery: \"SELECT 1\"");
        source("b", "url: \"jdbc:postgresql://r:rahasia@db.example.go.id/simduk\"\nuser: r\nquery: \"SELECT 1\"");
        source("c", "url: \"jdbc:postgresql://db.example.go.id/simduk?sslmode=require&options=-c%20default_transaction_read_only=off\"\n"
                + "user: r\nquery: \"SELECT 1\"");
        source("d", "url: \"jdbc:mysql://db.example.go.id:3306/simduk\"\nuser: r\nquery: \"SELECT 1\"");
        source("e", "url: \"jdbc:oracle:thin:r/rahasia@db:1521:simduk\"\nuser: r\nquery: \"SELECT 1\"");
        source("f", "url: \"jdbc:mariadb://db1,db2/simduk\"\nuser: r\nquery: \"SELECT 1\"");
        source("g", "url: \"jdbc:mariadb://db/simduk?sessionVariables=transaction_read_only=0\"\nuser: r\nquery: \"SELECT 1\"");
        List<String> p = problems();
        assertThat(p).contains(
                "config/sources/a.yaml:7: 'jdbc.url' must not carry the user ('user='): write it as jdbc.user",
                "config/sources/b.yaml:7: 'jdbc.url' must not carry a user or password before the host: use jdbc.user, and put"
                        + " the password in the environment variable named by jdbc.password-env",
                "config/sources/d.yaml:7: use jdbc:mariadb://host:3306/database for a MySQL or MariaDB server: the hub ships"
                        + " the MariaDB driver, which speaks MySQL's protocol",
                "config/sources/e.yaml:7: 'jdbc.url' must be jdbc:postgresql://host[:port]/database or"
                        + " jdbc:mariadb://host[:port]/database (with ?options)",
                "config/sources/f.yaml:7: 'jdbc.url' names several hosts; name one (the regency's read replica, if it has one)");
        assertThat(p).anyMatch(s -> s.startsWith("config/sources/c.yaml:7: 'jdbc.url' option 'options' is not allowed for postgresql sources (allowed: "));
        assertThat(p).anyMatch(s -> s.startsWith("config/sources/g.yaml:7: 'jdbc.url' option 'sessionVariables' is not allowed for mariadb sources"));
        assertThat(String.join("\n", p)).as("no message repeats a password").doesNotContain("rahasia");

        source("a", "url: \"jdbc:postgresql://db.example.go.id/simduk?sslmode=require&PassWord=rahasia\"\nuser: r\nquery: \"SELECT 1\"");
        assertThat(problems()).contains("config/sources/a.yaml:7: 'jdbc.url' must not carry a password ('PassWord='): put it"
                + " in the environment variable named by jdbc.password-env (HUB_JDBC_SECRET_...)");
    }

    @Test
    void theQueryIsOneSelectWithTheWatermarkParameterExactlyWhenThereIsAWatermark() throws IOException {
        String url = "url: \"jdbc:postgresql://db/simduk\"\nuser: r\n";
        source("a", url + "query: \"DELETE FROM penduduk\"");
        source("b", url + "query: \"SELECT * FROM a; DROP TABLE a\"");
        source("c", url + "query: \"SELECT * FROM penduduk\"\nwatermark: { column: id, start: 0 }");
        source("d", url + "query: \"SELECT * FROM penduduk WHERE id > :#watermark\"");
        source("e", url + "query: \"SELECT * FROM penduduk WHERE id > :#watermark AND tahun = :#tahun\"\nwatermark: { column: id, start: 0 }");
        source("f", url + "query: \"SELECT * FROM penduduk WHERE id > :#watermark\"\nwatermark: { column: id }");
        assertThat(problems()).contains(
                "config/sources/a.yaml:9: 'jdbc.query' must be one SELECT (or WITH ... SELECT): a source only reads",
                "config/sources/b.yaml:9: 'jdbc.query' must be a single statement, without ';'",
                "config/sources/c.yaml:9: 'jdbc.query' must compare the watermark column with :#watermark, e.g. WHERE updated_at"
                        + " > :#watermark ORDER BY updated_at; without it every run would read every row",
                "config/sources/d.yaml:9: 'jdbc.query' uses :#watermark but the source has no 'jdbc.watermark' (column and start)",
                "config/sources/e.yaml:9: 'jdbc.query' has the parameter ':#tahun'; the only parameter is :#watermark (the last watermark)",
                "config/sources/f.yaml:10: missing 'start': the value before the first row, e.g. start: \"2020-01-01 00:00:00\" or start: 0");
    }

    @Test
    void theOtherKeysAreCheckedWhereTheyAreWritten() throws IOException {
        source("a", "url: \"jdbc:postgresql://db/simduk\"\nuser: r\npassword-env: KENDAL_DB_PASSWORD\nquery: \"SELECT 1\"\nfetch-size: 0");
        source("b", "url: \"jdbc:postgresql://db/simduk\"\nquery: \"SELECT 1\"\nfetchsize: 10");
        Files.writeString(config.resolve("sources/c.yaml"), Files.readString(config.resolve("sources/b.yaml"))
                .replace("id: b", "id: c").replace("schedule: \"0 0 2 * * ?\"\n", "format: csv\ncsv: { decimal: comma }\n"));
        assertThat(problems()).contains(
                "config/sources/a.yaml:9: 'jdbc.password-env' names the environment variable that holds the password and must"
                        + " start with HUB_JDBC_SECRET_ (capitals, digits, _), e.g. HUB_JDBC_SECRET_KENDAL; not 'KENDAL_DB_PASSWORD'",
                "config/sources/a.yaml:11: 'jdbc.fetch-size' must be a whole number from 1 to 100000 (rows per round trip), not '0'",
                "config/sources/b.yaml:7: missing 'user': the database account the hub reads with, e.g. user: hub_reader",
                "config/sources/b.yaml:9: unknown key 'fetchsize' in jdbc (did you mean 'fetch-size'?)",
                "config/sources/c.yaml:1: missing 'schedule': a Quartz cron expression such as \"0 0 2 * * ?\" (every day at 02:00)",
                "config/sources/c.yaml:5: 'format' is for files; a jdbc source's rows are read as typed records",
                "config/sources/c.yaml:6: 'csv' is for files; a jdbc source's rows come typed from the database");
    }
}
