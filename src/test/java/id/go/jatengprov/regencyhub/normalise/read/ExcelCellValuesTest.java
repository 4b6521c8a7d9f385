package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readAll;
import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.normalise.read.Workbooks.Error;
import id.go.jatengprov.regencyhub.normalise.read.Workbooks.Formula;

/**
 * A workbook cell comes out as the text the normaliser reads: cached formula results (never recalculated),
 * canonical numbers, ISO dates, TRUE/FALSE, shared and inline strings; an Excel error is a problem naming the cell.
 */
class ExcelCellValuesTest {

    @TempDir
    Path dir;

    private List<SourceRecord> read(Path f, String... wanted) {
        try (ExcelRecordReader r = ExcelRecordReader.open(f, null, List.of(wanted))) {
            return readAll(r);
        }
    }

    @Test
    void numbersAreCanonicalWhateverTheirFormat() {
        Path f = Workbooks.write(dir, "angka.xlsx", wb -> {
            Sheet s = wb.createSheet("Data");
            row(s, 1, "Teks", "Angka");
            row(s, 2, "bulat", 1694740).getCell(1).setCellStyle(Workbooks.style(s, "#,##0"));
            row(s, 3, "desimal", 1234.5).getCell(1).setCellStyle(Workbooks.style(s, "#,##0.00"));
            row(s, 4, "float", 0.1 + 0.2);
            row(s, 5, "kecil", 0.0000123);
            row(s, 6, "negatif", -3.0);
            row(s, 7, "persen", 0.125).getCell(1).setCellStyle(Workbooks.style(s, "0.0%"));
            row(s, 8, "besar", 12345678901234.0);
        });
        assertThat(read(f, "Teks", "Angka")).extracting(r -> r.cell(1))
                .containsExactly("1694740", "1234.5", "0.3", "0.0000123", "-3", "12.5", "12345678901234");
    }

    @Test
    void formulasGiveTheirCachedResultAndAreNeverRecalculated() {
        Path f = Workbooks.write(dir, "rumus.xlsx", wb -> {
            Sheet s = wb.createSheet("Data");
            row(s, 1, "Teks", "Angka", "Rumus");
            row(s, 2, "a", 10, new Formula("B2*2"));
            row(s, 3, "b", 5, new Formula("CONCATENATE(A3,\"-\",B3)"));
        });
        assertThat(read(f, "Angka", "Rumus")).extracting(r -> List.of(r.cell(0), r.cell(1)))
                .containsExactly(List.of("10", "20"), List.of("5", "b-5"));
    }

    @Test
    void datesComeOutIsoWhetherFormattedOrBuiltIn() {
        Path f = Workbooks.write(dir, "tanggal.xlsx", wb -> {
            Sheet s = wb.createSheet("Data");
            row(s, 1, "Teks", "Tanggal");
            row(s, 2, "dd/mm/yyyy", LocalDate.of(2024, 8, 17));
            // a bare serial with Excel's built-in date format 14 (m/d/yy): 45292 is 2024-01-01
            row(s, 3, "serial", 45292).getCell(1).setCellStyle(Workbooks.style(s, "m/d/yy"));
            row(s, 4, "with time", 45292.4375).getCell(1).setCellStyle(Workbooks.style(s, "yyyy-mm-dd hh:mm"));
            row(s, 5, "text", "17 Agustus 2024");
        });
        assertThat(read(f, "Tanggal")).extracting(r -> r.cell(0))
                .containsExactly("2024-08-17", "2024-01-01", "2024-01-01T10:30:00", "17 Agustus 2024");
    }

    @Test
    void booleansAreTrueOrFalseAndInlineStringsAreRead() {
        Map<String, byte[]> parts = Workbooks.minimalParts(Workbooks.sheetXml("", """
                <row r="1"><c r="A1" t="inlineStr"><is><t>Teks</t></is></c><c r="B1" t="inlineStr"><is><r><t>Y</t></r><r><t>a</t></r><rPh><t>x</t></rPh></is></c></row>
                <row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">  Kota_x000D_Semarang </t></is></c><c r="B2" t="b"><v>1</v></c></row>
                <row r="3"><c r="A3" t="str"><f>A2</f><v>hasil</v></c><c r="B3" t="b"><v>0</v></c></row>"""));
        Path f = Workbooks.zip(dir, "inline.xlsx", parts);
        assertThat(read(f, "Teks", "Ya")).extracting(r -> List.of(r.cell(0), r.cell(1)))
                .containsExactly(List.of("Kota\rSemarang", "TRUE"), List.of("hasil", "FALSE"));
    }

    @Test
    void anExcelErrorInAWantedColumnIsAProblemNamingTheCell() {
        Path f = Workbooks.write(dir, "error.xlsx", wb -> {
            Sheet s = wb.createSheet("Tabel 1");
            row(s, 1, "Teks", "Angka");
            row(s, 2, "ok", 1);
            row(s, 3, "lookup", new Error(FormulaError.NA));
            row(s, 4, "div", new Formula("1/0"));
        });
        List<SourceRecord> recs = read(f, "Teks", "Angka");
        assertThat(recs).extracting(SourceRecord::problem).containsExactly(null,
                "column 'Angka' holds the Excel error #N/A (a formula that could not be calculated); correct it in the workbook",
                "column 'Angka' holds the Excel error #DIV/0! (a formula that could not be calculated); correct it in the workbook");
        assertThat(recs.get(1).problemRef()).isEqualTo("'Tabel 1'!B3");
        assertThat(recs.get(1).cell(1)).isEqualTo("#N/A");
        assertThat(recs.get(0).cellRef(0)).isEqualTo("'Tabel 1'!A2");
        assertThat(recs.get(0).problemRef()).isEqualTo("'Tabel 1'!2:2");
    }

    @Test
    void aFormulaSavedWithoutItsResultIsAProblemNotABlank() {
        Path f = Workbooks.write(dir, "uncalculated.xlsx", false, wb -> {
            Sheet s = wb.createSheet("Data");
            row(s, 1, "Teks", "Angka");
            row(s, 2, "a", new Formula("1+1"));
        });
        SourceRecord r = read(f, "Teks", "Angka").get(0);
        assertThat(r.problem()).startsWith("column 'Angka' holds a formula whose result was never saved");
        assertThat(r.problemRef()).isEqualTo("'Data'!B2");
    }

    @Test
    void cellsAreTrimmedAndAMissingCellInsideTheHeaderIsEmpty() {
        Path f = Workbooks.write(dir, "trim.xlsx", wb -> {
            Sheet s = wb.createSheet("Data");
            row(s, 1, "Teks", "Angka", "Ya");
            row(s, 2, " \u00A0Kudus ", null, true);
        });
        SourceRecord r = read(f, "Teks", "Angka", "Ya").get(0);
        assertThat(r.cells()).containsExactly("Kudus", "", "TRUE");
        assertThat(r.raw()).isEqualTo(" \u00A0Kudus \t\tTRUE");
    }
}
