package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.intake.upload.UploadController;

/**
 * The OpenAPI description is a contract: title and the build's version, HTTP Basic applied to every operation, every
 * status each operation can answer with the one error shape, the upload's bodies (raw CSV, JSON, .xlsx, and a
 * multipart form with a {@code file} part, so that the browsable UI can upload); and it documents exactly the
 * operations the controllers map, no more and no fewer.
 */
class OpenApiContractTest extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> COMMON = Set.of("401", "429", "500", "503");
    /** What each operation answers besides {@link #COMMON}. */
    static final Map<String, Set<String>> ANSWERS = Map.ofEntries(
            Map.entry("POST /api/v1/sources/{id}/uploads", Set.of("200", "202", "400", "404", "413", "415")),
            Map.entry("GET /api/v1/batches/{id}", Set.of("200", "404")),
            Map.entry("GET /api/v1/batches", Set.of("200", "400")),
            Map.entry("GET /api/v1/batches/{id}/rejects", Set.of("200", "404")),
            Map.entry("GET /api/v1/sources", Set.of("200", "403")),
            Map.entry("POST /api/v1/sources/{id}/run", Set.of("202", "403", "404", "409")),
            Map.entry("GET /api/v1/dead-letters", Set.of("200", "403")),
            Map.entry("POST /api/v1/dead-letters/replay", Set.of("200", "400", "403")),
            Map.entry("POST /api/v1/config/reload", Set.of("200", "403", "422")),
            Map.entry("GET /api/v1/audit", Set.of("200", "400", "403")),
            Map.entry("GET /api/v1/completeness", Set.of("200", "400")),
            Map.entry("GET /api/v1/datasets", Set.of("200")),
            Map.entry("GET /api/v1/datasets/{id}", Set.of("200", "404")),
            Map.entry("GET /api/v1/datasets/{id}/rows", Set.of("200", "400", "403", "404")),
            Map.entry("GET /api/v1/catalog.jsonld", Set.of("200")),
            Map.entry("POST /api/v1/datasets/{id}/publish", Set.of("202", "403", "404", "409")));

    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
    @Autowired BuildProperties build;
    Http operator;
    JsonNode api;

    @BeforeEach
    void description() throws Exception {
        operator = new Http(port).as("operator", OPERATOR_PASSWORD);
        HttpResponse<String> r = operator.get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        api = JSON.readTree(r.body());
    }

    @Test
    void itNamesTheHubItsVersionAndBasicAuthAppliedToEveryOperationWithEveryAnswer() throws Exception {
        Matcher pom = Pattern.compile("<artifactId>regency-hub</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(pom.find()).isTrue();
        assertThat(api.path("info").path("title").asText()).isEqualTo("regency-hub API");
        assertThat(api.path("info").path("version").asText()).isEqualTo(build.getVersion()).isEqualTo(pom.group(1));
        JsonNode basic = api.path("components").path("securitySchemes").path("basicAuth");
        assertThat(basic.path("type").asText()).isEqualTo("http");
        assertThat(basic.path("scheme").asText()).isEqualTo("basic");

        for (String op : operations()) {
            JsonNode o = operation(op);
            assertThat(o.path("security").toString()).as(op).isEqualTo("[{\"basicAuth\":[]}]");
            Set<String> codes = new TreeSet<>();
            o.path("responses").fieldNames().forEachRemaining(codes::add);
            Set<String> expected = new TreeSet<>(COMMON);
            expected.addAll(ANSWERS.getOrDefault(op, Set.of()));
            assertThat(codes).as("answers of %s", op).isEqualTo(expected);
            for (String code : codes) {
                JsonNode response = o.path("responses").path(code);
                assertThat(response.path("description").asText()).as("%s %s described", op, code).isNotBlank();
                if (code.startsWith("4") || code.startsWith("5")) {
                    assertThat(response.path("content").path("application/json").path("schema").path("$ref").asText())
                            .as("%s %s: the error shape", op, code).isEqualTo("#/components/schemas/Error");
                }
            }
            assertThat(o.path("responses").path("503").path("headers").has("Retry-After")).as(op).isTrue();
        }
        assertThat(api.path("components").path("schemas").path("Error").path("properties").fieldNames())
                .toIterable().containsExactly("status", "error", "message", "path");
    }

    @Test
    void theUploadTakesTheFileRawOrAsTheFilePartOfAForm() {
        JsonNode body = operation("POST /api/v1/sources/{id}/uploads").path("requestBody");
        assertThat(body.path("required").asBoolean()).isTrue();
        Set<String> types = new TreeSet<>();
        body.path("content").fieldNames().forEachRemaining(types::add);
        assertThat(types).containsExactlyInAnyOrder("text/csv", "application/json", UploadController.XLSX, "multipart/form-data");
        JsonNode form = body.path("content").path("multipart/form-data").path("schema");
        assertThat(form.path("properties").path("file").path("format").asText()).isEqualTo("binary");
        assertThat(form.path("required").toString()).isEqualTo("[\"file\"]");
        assertThat(body.path("content").path("text/csv").path("schema").path("format").asText()).isEqualTo("binary");
    }

    @Test
    void theDescribedOperationsAreExactlyTheControllersMappings() {
        Set<String> mapped = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, org.springframework.web.method.HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (!e.getValue().getBeanType().getName().startsWith("id.go.jatengprov.regencyhub.")) continue;
            for (String path : e.getKey().getPatternValues()) {
                if (!path.startsWith("/api/")) continue; // the console's pages are for browsers, not in the API's description
                e.getKey().getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + path));
            }
        }
        assertThat(mapped).hasSizeGreaterThanOrEqualTo(10);
        assertThat(new TreeSet<>(operations())).isEqualTo(mapped);
        assertThat(ANSWERS.keySet()).as("this test knows every operation").containsExactlyInAnyOrderElementsOf(mapped);
    }

    @Test
    void aWorkbookUploadedAsTheBrowsableUiSendsItLoads() throws Exception {
        byte[] xlsx = workbook();
        String boundary = "----ui" + System.nanoTime();
        HttpResponse<String> form = operator.post("/api/v1/sources/jateng-births/uploads", "multipart/form-data; boundary=" + boundary,
                Http.multipart(boundary, "bayi.xlsx", UploadController.XLSX, xlsx));
        assertThat(form.statusCode()).as(form.body()).isEqualTo(202);
        Batch b = awaitStatus(Long.parseLong(JSON.readTree(form.body()).path("batch").asText()), BatchStatus.LOADED);
        assertThat(b.rowsLoaded()).isEqualTo(2);
        assertThat(b.detected()).contains("Excel workbook");

        jdbc.execute("TRUNCATE warehouse.births");
        HttpResponse<String> raw = operator.post("/api/v1/sources/jateng-births/uploads", UploadController.XLSX,
                workbookWith("Kabupaten Demak"));
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(202);
        awaitStatus(Long.parseLong(JSON.readTree(raw.body()).path("batch").asText()), BatchStatus.LOADED);

        // A body declared as a workbook that is not one is read for what it is (browsers call a .csv
        // application/vnd.ms-excel): this one is half a CSV header, and its batch says so.
        HttpResponse<String> notAWorkbook = operator.post("/api/v1/sources/jateng-births/uploads", UploadController.XLSX,
                "Wilayah,Tahun\n".getBytes());
        assertThat(notAWorkbook.statusCode()).as(notAWorkbook.body()).isEqualTo(202);
        Batch failed = awaitStatus(Long.parseLong(JSON.readTree(notAWorkbook.body()).path("batch").asText()), BatchStatus.FAILED);
        assertThat(failed.message()).contains("no header row found");
    }

    private List<String> operations() {
        List<String> out = new java.util.ArrayList<>();
        for (Iterator<String> p = api.path("paths").fieldNames(); p.hasNext(); ) {
            String path = p.next();
            api.path("paths").path(path).fieldNames().forEachRemaining(m -> {
                if (Set.of("get", "post", "put", "delete", "patch").contains(m)) out.add(m.toUpperCase() + " " + path);
            });
        }
        return out;
    }

    private JsonNode operation(String op) {
        String[] mp = op.split(" ", 2);
        return api.path("paths").path(mp[1]).path(mp[0].toLowerCase());
    }

    private static byte[] workbook() throws Exception {
        return workbookWith("Kabupaten Cilacap");
    }

    private static byte[] workbookWith(String second) throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("Tabel 1");
            String[][] rows = {{"Wilayah", "Tahun", "Jumlah Bayi Lahir", "Jumlah Bayi BBLR", "Jumlah Kurang Gizi"},
                    {"Kabupaten Banyumas", "2020", "26473", "1724", "3773"}, {second, "2020", "28303", "1052", "5878"}};
            for (int i = 0; i < rows.length; i++) {
                Row r = s.createRow(i);
                for (int j = 0; j < rows[i].length; j++) {
                    if (i > 0 && j > 0) r.createCell(j).setCellValue(Double.parseDouble(rows[i][j]));
                    else r.createCell(j).setCellValue(rows[i][j]);
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    static Set<String> set(String... s) {
        return new HashSet<>(List.of(s));
    }
}
