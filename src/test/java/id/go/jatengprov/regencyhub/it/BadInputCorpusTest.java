package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.intake.upload.UploadProperties;

/**
 * The bad-input corpus ({@code src/test/resources/bad-inputs/}, expectations in its {@code manifest.csv}):
 * every file through the drop folder and through the upload endpoint. The hub must stay up, answer with
 * the problem (row and column for a row's problem), load nothing of a failed batch, and still load a
 * good file afterwards. The big files (a 20 MB line, 100,000 columns, a 100 MB JSON string, JSON nested
 * 100,000 deep) are made at test time in a temporary folder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest extends HubTestSupport {

    static final Path CORPUS = Path.of("src/test/resources/bad-inputs");
    static final Path GENERATED;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired UploadProperties uploadLimits;
    private DataSize sharedLimit;

    /** The shared test hub refuses uploads over 2 MB; the big files here must reach the readers. */
    @BeforeEach
    void raiseTheUploadLimit() {
        sharedLimit = uploadLimits.getMaxSize();
        uploadLimits.setMaxSize(DataSize.ofMegabytes(200));
    }

    @AfterEach
    void restoreTheUploadLimit() {
        uploadLimits.setMaxSize(sharedLimit);
    }

    static {
        try {
            GENERATED = Files.createTempDirectory("regency-hub-bad-inputs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of the manifest. */
    record Case(String file, String source, String paths, String expected, String reason, Long row, String column,
                long rows, Integer doorStatus, String doorReason) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Case> manifest() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder()
                .commentStrategy(de.siegmar.fastcsv.reader.CommentStrategy.SKIP).ofCsvRecord(CORPUS.resolve("manifest.csv"))) {
            boolean header = true;
            for (CsvRecord r : csv) {
                if (header) {
                    header = false;
                    continue;
                }
                String door = r.getField(8);
                cases.add(new Case(r.getField(0), r.getField(1), r.getField(2), r.getField(3), r.getField(4),
                        r.getField(5).isEmpty() ? null : Long.valueOf(r.getField(5)), r.getField(6),
                        Long.parseLong(r.getField(7)), door.isEmpty() ? null : Integer.valueOf(door.split("\\|", 2)[0]),
                        door.isEmpty() ? null : door.split("\\|", 2)[1]));
            }
        }
        return cases;
    }

    static Stream<Arguments> drops() throws IOException {
        return manifest().stream().filter(c -> c.paths().equals("both")).map(Arguments::of);
    }

    static Stream<Arguments> uploads() throws IOException {
        return manifest().stream().map(Arguments::of);
    }

    /** The files made at test time, by name (see {@link #file}). */
    static final List<String> GENERATED_FILES = List.of("20mb-single-line.csv", "100000-columns.csv",
            "100mb-json-string.json", "json-nested-100000-deep.json");

    @Test
    @Order(0)
    void theManifestListsExactlyTheCorpusEachFileOnce() throws IOException {
        List<Case> cases = manifest();
        List<String> names = cases.stream().map(Case::file).toList();
        assertThat(names).as("each file once in the manifest").doesNotHaveDuplicates();
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<String> committed = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("manifest.csv") && !n.equals("make-corpus.py")).toList();
            assertThat(names.stream().filter(n -> !n.startsWith("gen:")))
                    .as("the manifest's committed files: exactly the files of the corpus folder").containsExactlyInAnyOrderElementsOf(committed);
        }
        assertThat(names.stream().filter(n -> n.startsWith("gen:")).map(n -> n.substring(4)))
                .as("the manifest's generated files: exactly those the test makes").containsExactlyInAnyOrderElementsOf(GENERATED_FILES);
        assertThat(cases).as("every case is sent one way or both and expects a final status").allSatisfy(c -> {
            assertThat(c.paths()).as(c.file()).isIn("both", "upload");
            assertThat(c.expected()).as(c.file()).isIn("LOADED", "LOADED_WITH_REJECTS", "FAILED");
        });
    }

    @ParameterizedTest(name = "drop {0}")
    @MethodSource("drops")
    @Order(1)
    void throughTheDropFolder(Case c) throws Exception {
        Path file = file(c);
        drop(c.source(), file, file.getFileName().toString());
        Batch b = awaitFinal(c.source());
        assertAnswer(c, b);
        Path dir = props.dropDir().resolve(c.source());
        String name = file.getFileName().toString();
        if (c.expected().equals("FAILED")) {
            Path error = dir.resolve(".failed").resolve(name + ".error.txt");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(error));
            assertThat(Files.readString(error)).contains(c.reason());
        } else {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve(".done").resolve(name)));
        }
        assertHubUp();
    }

    @ParameterizedTest(name = "upload {0}")
    @MethodSource("uploads")
    @Order(2)
    void throughTheUploadEndpoint(Case c) throws Exception {
        Path file = file(c);
        String type = file.toString().endsWith(".json") ? "application/json" : "text/csv";
        HttpResponse<String> r;
        boolean big = Files.size(file) > 5_000_000;
        if (big) {
            r = post(c.source(), type, HttpRequest.BodyPublishers.ofFile(file));
        } else {
            // small files as a multipart form whose file name tries to climb out of the landing folder
            String boundary = "----corpus" + System.nanoTime();
            r = post(c.source(), "multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(
                    Http.multipart(boundary, "../../../" + file.getFileName(), type, Files.readAllBytes(file))));
        }
        if (c.doorStatus() != null) {
            assertThat(r.statusCode()).as("refused at the door: %s", r.body()).isEqualTo(c.doorStatus());
            assertThat(r.body().toLowerCase(Locale.ROOT)).contains(c.doorReason().toLowerCase(Locale.ROOT));
            assertThat(batches.list(c.source(), null, null, 10, 0)).as("nothing registered").isEmpty();
        } else {
            assertThat(r.statusCode()).as("accepted: %s", r.body()).isEqualTo(202);
            Matcher m = Pattern.compile("\"batch\"\\s*:\\s*\"(\\d+)\"").matcher(r.body());
            assertThat(m.find()).isTrue();
            long id = Long.parseLong(m.group(1));
            await().atMost(Duration.ofSeconds(60)).until(() -> batches.find(id).orElseThrow().status().isFinal());
            Batch b = batches.find(id).orElseThrow();
            assertAnswer(c, b);
            if (!big) {
                assertThat(b.fileName()).as("a client's file name is a label, never a path").isEqualTo(file.getFileName().toString());
            }
        }
        assertHubUp();
    }

    @Test
    @Order(3)
    void aGoodSourceStillLoadsAfterwards() throws Exception {
        drop("jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), "bayi.csv");
        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.births", Long.class)).isEqualTo(140);
        assertHubUp();
    }

    @AfterAll
    static void removeGenerated() throws IOException {
        deleteTree(GENERATED);
        Files.deleteIfExists(GENERATED);
    }

    // ------------------------------------------------------------------ checks

    private void assertAnswer(Case c, Batch b) {
        assertThat(b.status().name()).as("%s: status (message %s)", c.file(), b.message()).isEqualTo(c.expected());
        String table = "warehouse." + datasetOf(c.source());
        long inWarehouse = jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE _batch = ?", Long.class, b.id());
        assertThat(inWarehouse).as("%s: rows in %s", c.file(), table).isEqualTo(c.rows());
        assertThat(b.rowsLoaded()).as("%s: rows loaded", c.file()).isEqualTo(c.rows());
        switch (c.expected()) {
            case "FAILED" -> assertThat(b.message()).as(c.file()).contains(c.reason());
            // a total row is no reject: the batch LOADED and says which row it left out and why
            case "LOADED" -> assertThat(b.detected() + b.findings().skipped().stream().map(s -> "\n" + s.reason())
                    .collect(java.util.stream.Collectors.joining())).as(c.file()).contains(c.reason());
            default -> {
                List<BatchStore.Reject> rejects = batches.rejects(b.id());
                assertThat(rejects).as("%s: rejects", c.file()).isNotEmpty();
                BatchStore.Reject first = rejects.get(0);
                assertThat(first.row()).as("%s: row", c.file()).isEqualTo(c.row());
                assertThat(first.reason()).as("%s: reason", c.file()).contains(c.reason());
                if (c.column().isEmpty()) {
                    assertThat(first.column()).as("%s: a problem of the whole row", c.file()).isNull();
                } else {
                    assertThat(first.column()).as("%s: column", c.file()).isEqualTo(c.column());
                }
                assertRejectsCsvIsSafe(b);
            }
        }
    }

    /** The rejects CSV defuses cells a spreadsheet would run as a formula. */
    private void assertRejectsCsvIsSafe(Batch b) {
        try {
            HttpResponse<String> r = HTTP.send(request("/api/v1/batches/" + b.id() + "/rejects").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            for (String line : r.body().split("\r\n")) {
                for (String cell : line.split(",")) {
                    String v = cell.startsWith("\"") ? cell.substring(1) : cell;
                    assertThat(v).as("rejects CSV cell").doesNotStartWith("=").doesNotStartWith("@");
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void assertHubUp() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("UP");
    }

    private static String datasetOf(String source) {
        return switch (source) {
            case "jateng-births" -> "births";
            case "it-http-json" -> "poor_population";
            default -> throw new IllegalArgumentException(source);
        };
    }

    private HttpResponse<String> post(String source, String type, HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(request("/api/v1/sources/" + source + "/uploads").header("Content-Type", type).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("operator:" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ the generated files

    static Path file(Case c) throws IOException {
        if (!c.file().startsWith("gen:")) {
            return CORPUS.resolve(c.file());
        }
        String name = c.file().substring(4);
        Path f = GENERATED.resolve(name);
        if (Files.exists(f)) return f;
        String header = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            switch (name) {
                case "20mb-single-line.csv" -> { // a header, then one 20 MB line
                    w.write(header);
                    w.write("Kabupaten Cilacap,2020,");
                    repeat(w, '7', 20 * 1024 * 1024);
                    w.write(",10,5\n");
                }
                case "100000-columns.csv" -> {
                    w.write("Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi");
                    for (int i = 6; i <= 100_000; i++) w.write(",k" + i);
                    w.write("\nKabupaten Cilacap,2020,1000,10,5\n");
                }
                case "100mb-json-string.json" -> {
                    w.write("{\"data\": [{\"kode_kabupaten_kota\": \"");
                    repeat(w, 'a', 100_000_000);
                    w.write("\", \"tahun\": 2023, \"jumlah_penduduk_miskin\": 1}]}");
                }
                case "json-nested-100000-deep.json" -> {
                    w.write("{\"data\": [{\"kode_kabupaten_kota\": \"3301\", \"tahun\": 2023, \"jumlah_penduduk_miskin\": 1, \"x\": ");
                    repeat(w, '[', 100_000);
                    repeat(w, ']', 100_000);
                    w.write("}]}");
                }
                default -> throw new IllegalArgumentException("no generator for " + name);
            }
        }
        return f;
    }

    private static void repeat(BufferedWriter w, char ch, int n) throws IOException {
        char[] block = new char[8192];
        java.util.Arrays.fill(block, ch);
        for (int left = n; left > 0; left -= block.length) w.write(block, 0, Math.min(left, block.length));
    }
}
