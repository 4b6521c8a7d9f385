package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * The upload endpoint and who may use what: each regency only its own sources, operators everything,
 * nobody without credentials; bad uploads are refused with a reason and leave nothing behind.
 */
class UploadAndAuthorisationTest extends HubTestSupport {

    static final String SEMARANG_CSV = """
            Kecamatan,Tahun,Laki-laki,Perempuan
            Semarang Tengah,2024,27000,28500
            Tembalang,2024,94000,95500
            """;

    Http anon, operator, semarang, province;

    @BeforeEach
    void clients() {
        anon = new Http(port);
        operator = anon.as("operator", OPERATOR_PASSWORD);
        semarang = anon.as("3374", SEMARANG_PASSWORD);
        province = anon.as("33", PROVINCE_PASSWORD);
    }

    @Test
    void aRegencyUploadsToItsOwnSourceAndTheSameBytesAgainAreADuplicate() throws Exception {
        HttpResponse<String> r = semarang.post("/api/v1/sources/semarang-population/uploads", "text/csv", bytes(SEMARANG_CSV));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).contains("\"status\":\"ACCEPTED\"");
        String batch = r.body().replaceAll(".*\"batch\":\"(\\d+)\".*", "$1");
        Batch b = awaitStatus(Long.parseLong(batch), BatchStatus.LOADED);
        assertThat(b.rowsLoaded()).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT population FROM warehouse.population WHERE region = '33.74.01' AND sex = 'P'",
                Long.class)).isEqualTo(28500);

        HttpResponse<String> again = semarang.post("/api/v1/sources/semarang-population/uploads", "text/csv", bytes(SEMARANG_CSV));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"DUPLICATE\"").contains("\"duplicateOf\":\"" + batch + "\"");

        assertThat(semarang.get("/api/v1/batches/" + batch).body()).contains("\"status\":\"LOADED\"");
    }

    @Test
    void aRealSampleUploadedAsMultipartLoadsItsRows() throws Exception {
        byte[] sample = Files.readAllBytes(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"));
        HttpResponse<String> r = province.post("/api/v1/sources/jateng-births/uploads", "multipart/form-data; boundary=XyZ",
                Http.multipart("XyZ", "../../etc/passwd", "text/csv", sample));
        assertThat(r.statusCode()).isEqualTo(202);
        Batch b = awaitStatus(Long.parseLong(r.body().replaceAll(".*\"batch\":\"(\\d+)\".*", "$1")), BatchStatus.LOADED);
        assertThat(b.rowsLoaded()).isEqualTo(140);
        assertThat(b.fileName()).isEqualTo("passwd");
        assertThat(props.getDataDir().getParent().resolve("etc")).doesNotExist();
    }

    @Test
    void theAuthorisationMatrixHolds() throws Exception {
        String upload = "/api/v1/sources/semarang-population/uploads";
        assertThat(anon.post(upload, "text/csv", bytes(SEMARANG_CSV)).statusCode()).isEqualTo(401);
        assertThat(anon.as("3374", "wrong").post(upload, "text/csv", bytes(SEMARANG_CSV)).statusCode()).isEqualTo(401);
        assertThat(anon.as("3301", "anything").post(upload, "text/csv", bytes(SEMARANG_CSV)).statusCode())
                .as("a regency without configured credentials has no access").isEqualTo(401);
        // Kota Semarang on the province's source: refused without saying whether it exists.
        HttpResponse<String> other = semarang.post("/api/v1/sources/jateng-births/uploads", "text/csv", bytes("Wilayah,Tahun\n"));
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(semarang.post("/api/v1/sources/no-such-source/uploads", "text/csv", bytes("a\n")).body())
                .isEqualTo(other.body().replace("jateng-births", "no-such-source"));
        // Regencies on operator endpoints.
        assertThat(semarang.get("/api/v1/sources").statusCode()).isEqualTo(403);
        assertThat(semarang.get("/api/v1/dead-letters").statusCode()).isEqualTo(403);
        assertThat(semarang.post("/api/v1/dead-letters/replay", null, new byte[0]).statusCode()).isEqualTo(403);
        assertThat(semarang.get("/actuator/prometheus").statusCode()).isEqualTo(403);
        // Operators everywhere.
        assertThat(operator.get("/api/v1/sources").statusCode()).isEqualTo(200);
        assertThat(operator.get("/api/v1/dead-letters").statusCode()).isEqualTo(200);
        assertThat(operator.get("/api/v1/batches").statusCode()).isEqualTo(200);
        assertThat(operator.post(upload, "text/csv", bytes(SEMARANG_CSV)).statusCode()).isEqualTo(202);
        // Anonymous health only, without details. (Right after the shared hub started, on a busy machine, Camel's
        // consumers may still report DOWN for a moment: wait for the hub to be up, which is what is asked here.)
        await().atMost(Duration.ofSeconds(30)).until(() -> anon.get("/actuator/health").statusCode() == 200);
        HttpResponse<String> health = anon.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("components");
        assertThat(anon.get("/api/openapi.json").statusCode()).isEqualTo(401);
        // Errors have a stable JSON shape.
        assertThat(anon.get("/api/v1/batches").body()).contains("\"status\":401").contains("\"error\":").contains("\"message\":")
                .contains("\"path\":\"/api/v1/batches\"");
    }

    @Test
    void aRegencyReadsOnlyItsOwnBatches() throws Exception {
        HttpResponse<String> r = province.post("/api/v1/sources/jateng-births/uploads", "text/csv",
                Files.readAllBytes(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv")));
        String batch = r.body().replaceAll(".*\"batch\":\"(\\d+)\".*", "$1");
        awaitStatus(Long.parseLong(batch), BatchStatus.LOADED);
        assertThat(semarang.get("/api/v1/batches/" + batch).statusCode()).isEqualTo(404);
        assertThat(semarang.get("/api/v1/batches/" + batch + "/rejects").statusCode()).isEqualTo(404);
        HttpResponse<String> own = semarang.get("/api/v1/batches");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("\"items\":[]").doesNotContain("jateng-births");
        assertThat(province.get("/api/v1/batches/" + batch).statusCode()).isEqualTo(200);
        assertThat(operator.get("/api/v1/batches?source=jateng-births").body()).contains("\"batch\":\"" + batch + "\"");
    }

    @Test
    void badUploadsAreRefusedWithAReasonAndLeaveNothing() throws Exception {
        String upload = "/api/v1/sources/semarang-population/uploads";
        byte[] png = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
        HttpResponse<String> r = semarang.post(upload, "text/csv", png);
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("PNG image");
        // a ZIP passes the door of a source that reads files (the Excel reader names it); one that reads JSON refuses it
        r = province.post("/api/v1/sources/it-http-json/uploads", "application/json", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("ZIP");
        assertThat(semarang.post(upload, "image/png", bytes(SEMARANG_CSV)).statusCode()).isEqualTo(415);
        r = semarang.post(upload, "text/csv", new byte[0]);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("empty");
        assertThat(semarang.post(upload, "application/json", bytes("Kecamatan,Tahun\n")).statusCode()).isEqualTo(415);
        byte[] big = ("Kecamatan,Tahun,Laki-laki,Perempuan\n" + "Tugu,2024,1,2\n".repeat(200_000)).getBytes();
        r = semarang.post(upload, "text/csv", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("limit");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.batch", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.population", Long.class)).isZero();
    }

    @Test
    void camelHeadersInARequestChangeNothing() throws Exception {
        HttpResponse<String> r = semarang.post("/api/v1/sources/semarang-population/uploads", "text/csv", bytes(SEMARANG_CSV),
                "CamelFileName", "../../../tmp/evil.csv",
                "camelexeccommandexecutable", "/bin/touch",
                "CamelHttpUri", "http://127.0.0.1:1/steal");
        assertThat(r.statusCode()).isEqualTo(202);
        Batch b = awaitStatus(Long.parseLong(r.body().replaceAll(".*\"batch\":\"(\\d+)\".*", "$1")), BatchStatus.LOADED);
        assertThat(b.rowsLoaded()).isEqualTo(4);
        assertThat(b.fileName()).isNull();
        try (var files = Files.walk(props.getDataDir())) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("evil.csv"))).isEmpty();
        }
    }

    @Test
    void theRejectsCsvNeutralisesFormulas() throws Exception {
        // A formula in each form docs/api.md names (a cell starting with = + - @), each a rejected value.
        Map<String, String> formulas = new LinkedHashMap<>();
        formulas.put("Genuk", "=HYPERLINK(\"http://x\")");
        formulas.put("Mijen", "+cmd|' /C calc'!A0");
        formulas.put("Tugu", "-2+3+cmd|' /C calc'!A0");
        formulas.put("Ngaliyan", "@SUM(1+1)*cmd|' /C calc'!A0");
        StringBuilder csv = new StringBuilder("Kecamatan,Tahun,Laki-laki,Perempuan\n");
        for (String year : List.of("2023", "2024")) { // 32 rows: four rejects stay within max-reject-ratio
            for (String kecamatan : KECAMATAN) {
                String men = year.equals("2024") ? formulas.getOrDefault(kecamatan, "1") : "1";
                csv.append(kecamatan).append(',').append(year).append(',').append(men).append(",2\n");
            }
        }
        HttpResponse<String> r = semarang.post("/api/v1/sources/semarang-population/uploads", "text/csv", bytes(csv.toString()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String batch = r.body().replaceAll(".*\"batch\":\"(\\d+)\".*", "$1");
        awaitStatus(Long.parseLong(batch), BatchStatus.LOADED_WITH_REJECTS);
        HttpResponse<String> rejects = semarang.get("/api/v1/batches/" + batch + "/rejects");
        assertThat(rejects.statusCode()).isEqualTo(200);
        assertThat(rejects.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(rejects.body()).startsWith("row,column,reason,value")
                .contains("\"'=HYPERLINK(\"\"http://x\"\")\"").contains("\"'+cmd|' /C calc'!A0\"")
                .contains("\"'-2+3+cmd|' /C calc'!A0\"").contains("\"'@SUM(1+1)*cmd|' /C calc'!A0\"");
        List<String> lines = rejects.body().lines().skip(1).toList();
        assertThat(lines).as("one line per rejected value").hasSize(formulas.size());
        assertThat(lines).as("no cell starts with what a spreadsheet runs").noneMatch(l -> l.matches("(.*,)?\"?[=+\\-@].*"));
    }

    static final List<String> KECAMATAN = List.of("Semarang Tengah", "Semarang Utara", "Semarang Timur", "Gayamsari", "Genuk",
            "Pedurungan", "Semarang Selatan", "Candisari", "Gajahmungkur", "Tembalang", "Banyumanik", "Gunungpati",
            "Semarang Barat", "Mijen", "Ngaliyan", "Tugu");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
