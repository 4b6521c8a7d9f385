package id.go.jatengprov.regencyhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The upload door: a workbook container goes on to the Excel reader of a source that reads files (it names the
 * container better than its first bytes can), a source that reads JSON refuses it; other binaries and HTML pages are
 * refused as what they are.
 */
class ContentCheckTest {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final byte[] ZIP = {'P', 'K', 3, 4, 20, 0, 0, 0};
    static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

    private static String check(byte[] b, String type, String format) {
        return ContentCheck.check(b, b.length, type, format);
    }

    @Test
    void workbookContainersPassToSourcesThatReadFilesWhateverTheDeclaredType() {
        for (String type : new String[] {XLSX, "application/vnd.ms-excel", "text/csv", "application/octet-stream"}) {
            assertThat(check(ZIP, type, "csv")).as(type).isNull();
            assertThat(check(ZIP, type, "xlsx")).as(type).isNull();
            assertThat(check(OLE2, type, "xlsx")).as(type).isNull();
        }
    }

    @Test
    void aSourceThatReadsJsonRefusesWorkbooks() {
        assertThat(check(ZIP, "application/json", "json")).isEqualTo("the body is a ZIP or Office file (perhaps an Excel"
                + " workbook), but this source reads JSON; send JSON");
        assertThat(check("[{}]".getBytes(StandardCharsets.UTF_8), XLSX, "json")).startsWith("the body is declared as an Excel workbook");
    }

    @Test
    void aCsvFileABrowserCallsApplicationVndMsExcelIsTaken() {
        assertThat(check("Wilayah,Tahun\nKota Semarang,2024\n".getBytes(StandardCharsets.UTF_8), "application/vnd.ms-excel", "csv")).isNull();
    }

    @Test
    void otherBinariesAndHtmlPagesAreRefusedAsWhatTheyAre() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        assertThat(check(png, XLSX, "xlsx")).isEqualTo("the body is a PNG image, not an Excel .xlsx workbook");
        assertThat(check(png, "text/csv", "csv")).isEqualTo("the body is a PNG image, not CSV");
        assertThat(check("<!DOCTYPE html><html>".getBytes(StandardCharsets.UTF_8), XLSX, "xlsx"))
                .isEqualTo("the body is an HTML page, not an Excel .xlsx workbook");
        assertThat(check(new byte[0], "text/csv", "csv")).isEqualTo("the body is empty; send the file's bytes");
    }
}
