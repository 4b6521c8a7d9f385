package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readAll;
import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.config.ExcelSettings;

/**
 * The sheet is chosen by name or position, else the first visible sheet with data; hidden sheets and hidden rows
 * are left out unless include-hidden.
 */
class ExcelSheetsAndHiddenTest {

    @TempDir
    Path dir;

    private Path workbook;

    /** Sheets: "Catatan" (empty), "Rahasia" (hidden), "Tabel 1", "Tabel 2"; row 3 of Tabel 1 is hidden. */
    @BeforeEach
    void write() {
        workbook = Workbooks.write(dir, "dua.xlsx", (XSSFWorkbook wb) -> {
            wb.createSheet("Catatan");
            Sheet secret = wb.createSheet("Rahasia");
            row(secret, 1, "Wilayah", "Nilai");
            row(secret, 2, "Kota Tegal", 0);
            Sheet t1 = wb.createSheet("Tabel 1");
            row(t1, 1, "Wilayah", "Nilai");
            row(t1, 2, "Kabupaten Kudus", 1);
            row(t1, 3, "baris kerja", 99).setZeroHeight(true);
            row(t1, 4, "Kabupaten Pati", 2);
            Sheet t2 = wb.createSheet("Tabel 2");
            row(t2, 1, "Wilayah", "Nilai");
            row(t2, 2, "Kota Salatiga", 3);
            wb.setSheetHidden(1, true);
        });
    }

    private List<String> values(ExcelSettings settings) {
        try (ExcelRecordReader r = ExcelRecordReader.open(workbook, settings, List.of("Wilayah", "Nilai"))) {
            return readAll(r).stream().map(s -> s.cell(0) + "=" + s.cell(1)).toList();
        }
    }

    @Test
    void byDefaultTheFirstVisibleSheetWithDataIsReadAndHiddenRowsAreSkipped() {
        assertThat(values(ExcelSettings.defaults())).containsExactly("Kabupaten Kudus=1", "Kabupaten Pati=2");
        try (ExcelRecordReader r = ExcelRecordReader.open(workbook, null, List.of("Wilayah"))) {
            readAll(r);
            assertThat(r.skippedRows()).isEqualTo(1);
            assertThat(r.describe()).contains("sheet 'Tabel 1'");
        }
    }

    @Test
    void aSheetIsChosenByNameIgnoringCaseOrByPositionAmongTheVisibleOnes() {
        assertThat(values(new ExcelSettings(" tabel 2 ", 0, false))).containsExactly("Kota Salatiga=3");
        // visible sheets: Catatan, Tabel 1, Tabel 2
        assertThat(values(new ExcelSettings(null, 3, false))).containsExactly("Kota Salatiga=3");
        assertThat(values(new ExcelSettings(null, 2, false))).containsExactly("Kabupaten Kudus=1", "Kabupaten Pati=2");
    }

    @Test
    void includeHiddenReadsHiddenRowsAndCountsHiddenSheets() {
        assertThat(values(new ExcelSettings("Tabel 1", 0, true)))
                .containsExactly("Kabupaten Kudus=1", "baris kerja=99", "Kabupaten Pati=2");
        assertThat(values(new ExcelSettings(null, 2, true))).containsExactly("Kota Tegal=0");
        assertThat(values(new ExcelSettings("Rahasia", 0, true))).containsExactly("Kota Tegal=0");
    }

    @Test
    void aHiddenSheetAskedForByNameIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> values(new ExcelSettings("Rahasia", 0, false)))
                .isInstanceOf(BadFileException.class)
                .hasMessage("sheet 'Rahasia' of the workbook is hidden; unhide it in Excel, or set excel.include-hidden: true on the source");
    }

    @Test
    void aMissingSheetIsRefusedWithTheSheetsThereAndTheNearestName() {
        assertThatThrownBy(() -> values(new ExcelSettings("Tabel l", 0, false)))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the workbook has no sheet 'Tabel l' (its sheets: 'Catatan', 'Rahasia' (hidden), 'Tabel 1', 'Tabel 2');"
                        + " did you mean 'Tabel 1'? Rename the sheet, or change excel.sheet on the source");
        assertThatThrownBy(() -> values(new ExcelSettings(null, 4, false)))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the workbook has 3 visible sheets ('Catatan', 'Tabel 1', 'Tabel 2'), so there is no sheet number 4;"
                        + " change excel.sheet on the source");
    }

    @Test
    void aWorkbookWithDataOnlyOnAHiddenSheetSaysSo() {
        Path f = Workbooks.write(dir, "hidden.xlsx", wb -> {
            wb.createSheet("Kosong");
            row(wb.createSheet("Data"), 1, "Wilayah");
            wb.setSheetHidden(1, true);
        });
        assertThatThrownBy(() -> ExcelRecordReader.open(f, null, List.of("Wilayah")))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the workbook has no visible sheet with data (its sheets: 'Kosong', 'Data' (hidden)); if the data"
                        + " is on a hidden sheet, unhide it or set excel.include-hidden: true");
    }
}
