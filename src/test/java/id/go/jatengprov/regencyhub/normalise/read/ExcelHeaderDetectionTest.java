package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readAll;
import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.merge;
import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.config.ExcelSettings;

/**
 * The header of a workbook sheet is found as in a CSV file (title rows above skipped, footers and blank rows
 * after it skipped), and merged header cells give one name per column.
 */
class ExcelHeaderDetectionTest {

    @TempDir
    Path dir;

    /** The shape of a Dispendukcapil table: two title rows, a header over two rows, a source note at the end. */
    static void populationTable(Sheet s) {
        row(s, 1, "Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin");
        merge(s, "A1:E1");
        row(s, 2, "Kota Semarang, 2024");
        merge(s, "A2:E2");
        row(s, 4, "No", "Kecamatan", "Jumlah Penduduk", null, "Tahun");
        row(s, 5, null, null, "L", "P");
        merge(s, "A4:A5");
        merge(s, "B4:B5");
        merge(s, "C4:D4");
        merge(s, "E4:E5");
        row(s, 6, 1, "Semarang Tengah", 30125, 31240, 2024);
        row(s, 7, 2, "Semarang Utara", 58310, 59022, 2024);
        row(s, 9, "Sumber : Dispendukcapil Kota Semarang");
        merge(s, "A9:E9");
    }

    @Test
    void aHeaderMergedOverTwoRowsGivesOneNamePerColumnBelowTheTitleRows() {
        Path f = Workbooks.write(dir, "penduduk.xlsx", wb -> populationTable(wb.createSheet("Tabel 1")));
        List<String> wanted = List.of("Kecamatan", "Jumlah Penduduk L", "Jumlah Penduduk P", "Tahun");
        try (ExcelRecordReader r = ExcelRecordReader.open(f, ExcelSettings.defaults(), wanted)) {
            assertThat(r.header()).containsExactly("No", "Kecamatan", "Jumlah Penduduk L", "Jumlah Penduduk P", "Tahun");
            assertThat(r.headerRow()).isEqualTo(5);
            assertThat(r.describe()).isEqualTo("Excel workbook, sheet 'Tabel 1', header on rows 4-5");
            assertThat(r.canonicalNumbers()).isTrue();
            assertThat(readAll(r)).containsExactly(
                    new SourceRecord(6, new String[] {"Semarang Tengah", "30125", "31240", "2024"}, "1\tSemarang Tengah\t30125\t31240\t2024"),
                    new SourceRecord(7, new String[] {"Semarang Utara", "58310", "59022", "2024"}, "2\tSemarang Utara\t58310\t59022\t2024"));
            // the blank row 8 is not in the file at all (Excel leaves it out); the source note is skipped
            assertThat(r.skippedRows()).isEqualTo(1);
        }
    }

    @Test
    void aTwoRowHeaderIsUsedWhollyEvenWhenTheUpperRowAloneHoldsTheWantedColumns() {
        Path f = Workbooks.write(dir, "penduduk.xlsx", wb -> populationTable(wb.createSheet("Tabel 1")));
        try (ExcelRecordReader r = ExcelRecordReader.open(f, null, List.of("Kecamatan", "Tahun"))) {
            assertThat(r.headerRow()).isEqualTo(5); // row 5 ("L", "P") is header, not a record
            assertThat(readAll(r)).extracting(SourceRecord::row).containsExactly(6L, 7L);
        }
    }

    @Test
    void aCellMergedAcrossColumnsNamesEveryColumnItSpans() {
        Path f = Workbooks.write(dir, "wide.xlsx", wb -> {
            Sheet s = wb.createSheet("Data");
            row(s, 1, "Wilayah", "Indikator", null, "Tahun");
            merge(s, "B1:C1");
            row(s, 2, "Kabupaten Demak", "IPM", "72.1", 2023);
        });
        try (ExcelRecordReader r = ExcelRecordReader.open(f, null, List.of("Wilayah", "Tahun"))) {
            assertThat(r.header()).containsExactly("Wilayah", "Indikator", "Indikator", "Tahun");
            assertThat(r.headerRow()).isEqualTo(1);
        }
    }

    @Test
    void headerNamesAreMatchedIgnoringCaseSpacesAndLineBreaksInsideACell() {
        Path f = Workbooks.write(dir, "breaks.xlsx", wb -> {
            Sheet s = wb.createSheet("Data");
            row(s, 1, " kecamatan\u00A0", "Jumlah\nPenduduk");
            row(s, 2, "Tugu", 33000);
        });
        try (ExcelRecordReader r = ExcelRecordReader.open(f, null, List.of("Jumlah Penduduk", "KECAMATAN"))) {
            assertThat(r.header()).containsExactly("kecamatan", "Jumlah Penduduk");
            assertThat(r.next().cells()).containsExactly("33000", "Tugu");
        }
    }

    @Test
    void noHeaderNamesTheSheetTheExpectedColumnsAndTheClosestRowAsItReads() {
        Path f = Workbooks.write(dir, "penduduk.xlsx", wb -> populationTable(wb.createSheet("Tabel 1")));
        assertThatThrownBy(() -> ExcelRecordReader.open(f, null, List.of("Kecamatan", "Laki-laki")))
                .isInstanceOf(BadFileException.class)
                .hasMessage("sheet 'Tabel 1': no header row found in the first 50 rows: expected columns Kecamatan, Laki-laki;"
                        + " the first row was: Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin; row 4 comes closest but"
                        + " lacks Laki-laki (it reads as: No, Kecamatan, Jumlah Penduduk, Jumlah Penduduk, Tahun); check the"
                        + " column names (a header over two rows reads as one name per column, upper and lower joined:"
                        + " \"Jumlah Penduduk L\")");
    }

    @Test
    void aRepeatedColumnIsRefusedWithItsLetters() {
        Path f = Workbooks.write(dir, "twice.xlsx", wb -> {
            Sheet s = wb.createSheet("Data");
            row(s, 1, "Wilayah", "Jumlah", "Wilayah");
            row(s, 2, "Kudus", 1, "Pati");
        });
        assertThatThrownBy(() -> ExcelRecordReader.open(f, null, List.of("Wilayah", "Jumlah")))
                .isInstanceOf(BadFileException.class)
                .hasMessage("sheet 'Data', row 1: the header repeats column 'Wilayah' (columns A and C); rename or remove one of them");
    }

    @Test
    void anEmptySheetIsRefusedAsEmpty() {
        Path f = Workbooks.write(dir, "empty.xlsx", wb -> wb.createSheet("Kosong"));
        assertThatThrownBy(() -> ExcelRecordReader.open(f, new ExcelSettings("Kosong", 0, false), List.of("Wilayah")))
                .isInstanceOf(BadFileException.class)
                .hasMessage("sheet 'Kosong' of the workbook is empty (no non-blank rows): expected a header row with columns Wilayah");
    }
}
