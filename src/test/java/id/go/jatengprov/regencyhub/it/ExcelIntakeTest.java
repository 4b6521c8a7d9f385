package id.go.jatengprov.regencyhub.it;

import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.merge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.normalise.read.Workbooks;

/**
 * A workbook as Kota Semarang's Dispendukcapil really sends it (a cover sheet, title rows, a header merged over
 * two rows, formulas, a date, a hidden working row, a footer), through the running hub: dropped into the folder,
 * uploaded as the body and as a form's file part. The warehouse gets exactly its values; the one bad value is a
 * reject whose cell the rejects CSV names as Excel does.
 */
class ExcelIntakeTest extends HubTestSupport {

    static final String SOURCE = "it-xlsx-population";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** region | period | sex | population: every row the workbook must load, and nothing else. */
    static final List<String> EXPECTED = List.of(
            "33.74.01|2024-01-01|L|30125", "33.74.01|2024-01-01|P|31240",
            "33.74.02|2024-01-01|P|59022",
            "33.74.04|2024-01-01|L|35000", "33.74.04|2024-01-01|P|35100",
            "33.74.16|2024-01-01|L|15000", "33.74.16|2024-01-01|P|14800");

    @TempDir
    Path dir;

    Http semarang, province;

    @BeforeEach
    void clients() {
        semarang = new Http(port).as("3374", SEMARANG_PASSWORD);
        province = new Http(port).as("33", PROVINCE_PASSWORD);
    }

    /** Sheets "Keterangan" (a cover note) and "Tabel 1"; C7 holds a typo, row 9 is hidden, E10 is a date. */
    static Path penduduk(Path dir) {
        return Workbooks.write(dir, "penduduk_2024.xlsx", wb -> {
            Workbooks.row(wb.createSheet("Keterangan"), 1, "Data kependudukan semester II 2024, Dispendukcapil Kota Semarang");
            Sheet s = wb.createSheet("Tabel 1");
            Workbooks.row(s, 1, "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin");
            merge(s, "A1:E1");
            Workbooks.row(s, 2, "Kota Semarang, 2024");
            merge(s, "A2:E2");
            Workbooks.row(s, 4, "No", "Kecamatan", "Jumlah Penduduk", null, "Tahun");
            Workbooks.row(s, 5, null, null, "L", "P");
            merge(s, "A4:A5");
            merge(s, "B4:B5");
            merge(s, "C4:D4");
            merge(s, "E4:E5");
            Workbooks.row(s, 6, 1, "Semarang Tengah", 30125, 31240, 2024).getCell(2).setCellStyle(Workbooks.style(s, "#,##0"));
            Workbooks.row(s, 7, 2, "Semarang Utara", "58.3l0", 59022, 2024);
            Workbooks.row(s, 8, 3, "Gayamsari", 35000, new Workbooks.Formula("C8+100"), new Workbooks.Formula("E6"));
            Workbooks.row(s, 9, 4, "Candisari", 99999, 99999, 2024).setZeroHeight(true);
            Workbooks.row(s, 10, 5, "Tugu", 15000.0, 14800, LocalDate.of(2024, 6, 30));
            Workbooks.row(s, 12, "Sumber : Dispendukcapil Kota Semarang");
        });
    }

    @Test
    void droppedTheWorkbookLoadsExactlyItsValuesAndTheRejectsCsvNamesTheCell() throws Exception {
        drop(SOURCE, penduduk(dir), "penduduk_2024.xlsx");
        Batch b = awaitFinal(SOURCE);
        assertLoaded(b);
        assertThat(b.fileName()).isEqualTo("penduduk_2024.xlsx");
        assertThat(b.detected()).isEqualTo("Excel workbook, sheet 'Tabel 1', header on rows 4-5");
        Path done = props.dropDir().resolve(SOURCE).resolve(".done").resolve("penduduk_2024.xlsx");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(done));
    }

    @Test
    void uploadedAsTheBodyTheWorkbookLoadsTheSame() throws Exception {
        HttpResponse<String> r = semarang.post("/api/v1/sources/" + SOURCE + "/uploads", XLSX, Files.readAllBytes(penduduk(dir)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertLoaded(awaitStatus(batchOf(r), BatchStatus.LOADED_WITH_REJECTS));
    }

    @Test
    void uploadedAsAFormsFilePartTheWorkbookLoadsTheSame() throws Exception {
        HttpResponse<String> r = semarang.post("/api/v1/sources/" + SOURCE + "/uploads", "multipart/form-data; boundary=XlSx",
                Http.multipart("XlSx", "penduduk_2024.xlsx", XLSX, Files.readAllBytes(penduduk(dir))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Batch b = awaitStatus(batchOf(r), BatchStatus.LOADED_WITH_REJECTS);
        assertLoaded(b);
        assertThat(b.fileName()).isEqualTo("penduduk_2024.xlsx");
    }

    @Test
    void aCsvSourceTakesAWorkbookDroppedBesideItsCsvFilesByItsBytes() throws Exception {
        Path bayi = Workbooks.write(dir, "bayi.xlsx", wb -> {
            Sheet s = wb.createSheet("BPS");
            Workbooks.row(s, 1, "Jumlah Bayi Lahir, BBLR dan Kurang Gizi, 2023");
            Workbooks.row(s, 3, "Wilayah", "Tahun", "Jumlah Bayi Lahir", "Jumlah Bayi BBLR", "Jumlah Kurang Gizi");
            Workbooks.row(s, 4, "Kabupaten Cilacap", 2023, 25011, 503, 31);
            Workbooks.row(s, 5, "Kota Semarang", 2023, 21007, new Workbooks.Formula("ROUND(C5*0.02,0)"), 12);
        });
        drop("jateng-births", bayi, "bayi_2023.xlsx");
        Batch b = awaitFinal("jateng-births");
        assertThat(b.status()).as(b.message()).isEqualTo(BatchStatus.LOADED);
        assertThat(jdbc.queryForList("SELECT region || '|' || period || '|' || live_births || '|' || low_birth_weight || '|' "
                + "|| malnourished FROM warehouse.births ORDER BY region", String.class))
                .containsExactly("33.01|2023-01-01|25011|503|31", "33.74|2023-01-01|21007|420|12");
    }

    private void assertLoaded(Batch b) throws Exception {
        assertThat(b.status()).as(b.message()).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);
        assertThat(b.rowsRead()).isEqualTo(4);
        assertThat(b.rowsRejected()).isEqualTo(1);
        assertThat(b.rowsLoaded()).isEqualTo(EXPECTED.size());
        assertThat(jdbc.queryForList("SELECT region || '|' || period || '|' || sex || '|' || population FROM warehouse.population"
                + " WHERE _source = ? ORDER BY region, sex", String.class, SOURCE)).containsExactlyElementsOf(EXPECTED);
        HttpResponse<String> csv = semarang.get("/api/v1/batches/" + b.id() + "/rejects");
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("row,column,reason,value,cell");
        assertThat(lines.get(1)).startsWith("7,\"Jumlah Penduduk L\",").contains(",\"58.3l0\",").endsWith(",\"'Tabel 1'!C7\"");
    }

    private static long batchOf(HttpResponse<String> r) {
        return Long.parseLong(r.body().replaceAll(".*\"batch\":\"(\\d+)\".*", "$1"));
    }
}
