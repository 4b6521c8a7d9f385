package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * Reading without SQL: the catalogue with its metadata, a dataset's rows as CSV or JSON (a regency sees only its own
 * regions' rows; an analyst and an operator see all), and the catalogue as DCAT-AP JSON-LD.
 */
class DatasetsApiTest extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    Http analyst;
    Http semarang;
    Http operator;

    @BeforeEach
    void populationOfKotaAndKabupatenSemarang() throws Exception {
        analyst = new Http(port).as("analyst", ANALYST_API_PASSWORD);
        semarang = new Http(port).as("3374", SEMARANG_PASSWORD);
        operator = new Http(port).as("operator", OPERATOR_PASSWORD);
        drop("semarang-population", "Kecamatan,Tahun,Laki-laki,Perempuan\nSemarang Tengah,2023,29000,30000\n"
                + "Semarang Tengah,2024,30000,31000\nSemarang Utara,2024,60000,62000\n", "penduduk.csv");
        assertThat(awaitFinal("semarang-population").status()).isEqualTo(BatchStatus.LOADED);
        jdbc.update("""
                INSERT INTO warehouse.population (region, period, sex, population, _source, _batch, _row)
                VALUES ('33.22.01', DATE '2024-01-01', 'L', 1000, '=HYPERLINK("http://x")', 0, 1),
                       ('33.22.02', DATE '2024-01-01', 'L', 2000, 'kab-semarang', 0, 2)""");
    }

    @Test
    void theCatalogueShowsEveryDatasetWithItsMetadata() throws Exception {
        HttpResponse<String> r = analyst.get("/api/v1/datasets");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode items = JSON.readTree(r.body()).path("items");
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("id").asText()));
        assertThat(ids).containsExactly("births", "health_facilities", "ipm", "poor_population", "population");

        JsonNode ipm = JSON.readTree(semarang.get("/api/v1/datasets/ipm").body());
        assertThat(ipm.path("producer").asText()).isEqualTo("BPS Provinsi Jawa Tengah");
        assertThat(ipm.path("periodicity").asText()).isEqualTo("annual");
        assertThat(ipm.path("view").asText()).isEqualTo("warehouse.ipm_v");
        assertThat(ipm.path("links").path("csv").asText()).isEqualTo("/api/v1/datasets/ipm/rows?format=csv");
        JsonNode indicator = ipm.path("fields").get(2);
        assertThat(indicator.path("name").asText()).isEqualTo("indicator");
        assertThat(indicator.path("codes").get(0).path("code").asText()).isEqualTo("uhh");
        assertThat(indicator.path("codes").get(0).path("label").asText()).isEqualTo("Umur Harapan Hidup saat Lahir (tahun)");
        assertThat(ipm.path("publish").isNull()).isTrue();
        JsonNode population = JSON.readTree(analyst.get("/api/v1/datasets/population").body());
        assertThat(population.path("lastLoadedAt").isNull()).as("a batch loaded it").isFalse();
        assertThat(analyst.get("/api/v1/datasets/populasi").statusCode()).isEqualTo(404);
    }

    @Test
    void anAnalystReadsEveryRowWithNamesAndLabelsAndARegencyOnlyItsOwn() throws Exception {
        HttpResponse<String> all = analyst.get("/api/v1/datasets/population/rows?format=csv");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = all.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\"region\",\"region_name\",\"region_level\",\"region_code_bps\",\"regency\","
                + "\"regency_name\",\"regency_code_bps\",\"period\",\"period_label\",\"period_start\",\"period_end\",\"sex\","
                + "\"sex_label\",\"population\",\"_source\",\"_batch\",\"_row\",\"_loaded_at\"");
        assertThat(lines).hasSize(1 + 2 + 6);
        assertThat(lines.get(1)).startsWith("\"33.22.01\",\"Kecamatan Getasan\",\"district\",\"3322010\",\"33.22\","
                + "\"Kabupaten Semarang\",\"3322\",2024-01-01,\"2024\",2024-01-01,2024-12-31,\"L\",\"Laki-laki\",1000,"
                + "\"'=HYPERLINK(\"\"http://x\"\")\",0,1,");
        assertThat(lines).anyMatch(l -> l.startsWith("\"33.74.01\",\"Kecamatan Semarang Tengah\",\"district\",\"3374130\","
                + "\"33.74\",\"Kota Semarang\",\"3374\",2023-01-01,\"2023\""));

        HttpResponse<String> own = semarang.get("/api/v1/datasets/population/rows");
        assertThat(own.statusCode()).isEqualTo(200);
        List<String> ownLines = own.body().lines().skip(1).toList();
        assertThat(ownLines).hasSize(6).allMatch(l -> l.startsWith("\"33.74."));
        assertThat(semarang.get("/api/v1/datasets/population/rows?region=33.74.02").body().lines().skip(1).toList())
                .hasSize(2).allMatch(l -> l.startsWith("\"33.74.02\""));
        assertThat(semarang.get("/api/v1/datasets/population/rows?region=33").body().lines().skip(1).toList())
                .as("asking for the province reads its own rows").hasSize(6);
        HttpResponse<String> other = semarang.get("/api/v1/datasets/population/rows?region=3322");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("your account reads the rows of region 33.74 and the regions under it, not 33.22"
                + " (Kabupaten Semarang)");

        assertThat(analyst.get("/api/v1/datasets/population/rows?region=3374&from=2024&to=2024").body().lines().skip(1).toList())
                .hasSize(4).allMatch(l -> l.contains(",2024-01-01,\"2024\","));
        assertThat(analyst.get("/api/v1/datasets/population/rows?from=2024-Q5").statusCode()).isEqualTo(400);
        assertThat(analyst.get("/api/v1/datasets/population/rows?region=99.99").statusCode()).isEqualTo(400);
        assertThat(analyst.get("/api/v1/datasets/population/rows?format=xml").statusCode()).isEqualTo(400);
    }

    @Test
    void rowsComeAsJsonWithTypedValues() throws Exception {
        HttpResponse<String> r = operator.get("/api/v1/datasets/population/rows?format=json&region=33.74.01&from=2024");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.path("dataset").asText()).isEqualTo("population");
        JsonNode rows = doc.path("rows");
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(first.path("regency_name").asText()).isEqualTo("Kota Semarang");
        assertThat(first.path("sex").asText()).isEqualTo("L");
        assertThat(first.path("population").isNumber()).isTrue();
        assertThat(first.path("population").asLong()).isEqualTo(30000);
        assertThat(first.path("period_end").asText()).isEqualTo("2024-12-31");
    }

    @Test
    void theCatalogueIsDcatApJsonLd() throws Exception {
        HttpResponse<String> r = analyst.get("/api/v1/catalog.jsonld");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/ld+json");
        JsonNode doc = JSON.readTree(r.body());
        JsonNode ctx = doc.path("@context");
        assertThat(ctx.path("dcat").asText()).isEqualTo("http://www.w3.org/ns/dcat#");
        assertThat(ctx.path("dct").asText()).isEqualTo("http://purl.org/dc/terms/");
        assertThat(ctx.path("foaf").asText()).isEqualTo("http://xmlns.com/foaf/0.1/");
        assertThat(ctx.path("vcard").asText()).isEqualTo("http://www.w3.org/2006/vcard/ns#");
        assertThat(doc.path("@type").asText()).isEqualTo("dcat:Catalog");
        assertThat(doc.path("@id").asText()).isEqualTo("http://127.0.0.1:" + port + "/api/v1/catalog.jsonld");
        JsonNode datasets = doc.path("dcat:dataset");
        assertThat(datasets).hasSize(5);
        for (JsonNode d : datasets) {
            assertThat(d.path("@type").asText()).isEqualTo("dcat:Dataset");
            for (String p : List.of("@id", "dct:identifier", "dct:title", "dct:description", "dct:publisher", "dcat:contactPoint",
                    "dct:license", "dcat:keyword", "dct:accrualPeriodicity", "dct:conformsTo", "dcat:distribution")) {
                assertThat(d.has(p)).as(d.path("dct:identifier").asText() + " has " + p).isTrue();
            }
        }
        JsonNode ipm = datasets.get(2);
        assertThat(ipm.path("dct:identifier").asText()).isEqualTo("ipm");
        assertThat(ipm.path("dct:publisher").path("foaf:name").asText()).isEqualTo("BPS Provinsi Jawa Tengah");
        assertThat(ipm.path("dcat:contactPoint").path("vcard:fn").asText())
                .isEqualTo("Dinas Komunikasi dan Informatika Provinsi Jawa Tengah (walidata)");
        assertThat(ipm.path("dct:accrualPeriodicity").path("@id").asText())
                .isEqualTo("http://publications.europa.eu/resource/authority/frequency/ANNUAL");
        assertThat(ipm.path("dcat:keyword").get(0).asText()).isEqualTo("ipm");
        JsonNode csv = ipm.path("dcat:distribution").get(0);
        assertThat(csv.path("@type").asText()).isEqualTo("dcat:Distribution");
        assertThat(csv.path("dcat:downloadURL").path("@id").asText())
                .isEqualTo("http://127.0.0.1:" + port + "/api/v1/datasets/ipm/rows?format=csv");
        assertThat(csv.path("dcat:accessURL").path("@id").asText()).isEqualTo(csv.path("dcat:downloadURL").path("@id").asText());
        assertThat(csv.path("dcat:mediaType").path("@id").asText()).isEqualTo("http://www.iana.org/assignments/media-types/text/csv");
        assertThat(ipm.path("dcat:distribution").get(1).path("dcat:mediaType").path("@id").asText())
                .endsWith("/application/json");
    }

    @Test
    void theAnalystReadsAndChangesNothing() throws Exception {
        assertThat(analyst.get("/api/v1/batches").statusCode()).isEqualTo(403);
        assertThat(analyst.get("/api/v1/sources").statusCode()).isEqualTo(403);
        assertThat(analyst.post("/api/v1/sources/semarang-population/uploads", "text/csv", "a,b\n".getBytes()).statusCode())
                .isEqualTo(403);
        assertThat(analyst.post("/api/v1/datasets/population/publish", null, new byte[0]).statusCode()).isEqualTo(403);
        assertThat(new Http(port).get("/api/v1/datasets").statusCode()).isEqualTo(401);
        assertThat(new Http(port).as("analyst", ANALYST_PASSWORD).get("/api/v1/datasets").statusCode())
                .as("the database role's password is not the API's").isEqualTo(401);
        HttpResponse<String> none = operator.post("/api/v1/datasets/population/publish", null, new byte[0]);
        assertThat(none.statusCode()).isEqualTo(409);
        assertThat(none.body()).contains("dataset 'population' has no publish: section");
    }
}
