package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.row;
import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workbooks that are hostile, disguised or unreadable are refused with a reason that names the problem. */
class ExcelHostileWorkbookTest {

    @TempDir
    Path dir;

    private static final List<String> WANTED = List.of("Wilayah");

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(Path f) {
        return assertThatThrownBy(() -> RecordReaders.open(f, "xlsx", null, null, WANTED).close())
                .isInstanceOf(BadFileException.class);
    }

    @Test
    void theMinimalWorkbookTheHostileOnesAreMadeFromIsReadable() {
        Path f = Workbooks.zip(dir, "ok.xlsx", Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS)));
        try (RecordReader r = RecordReaders.open(f, "xlsx", null, null, WANTED)) {
            assertThat(r.next().cells()).containsExactly("Kota Semarang");
        }
    }

    @Test
    void aZipBombSheetIsRefusedForItsExpansionRatio() throws IOException {
        // 20 MB of spaces in an XML comment deflates about a thousandfold
        String padding = "<!--" + " ".repeat(20 * 1024 * 1024) + "-->";
        Path f = Workbooks.zip(dir, "bomb.xlsx", Workbooks.minimalParts(Workbooks.sheetXml(padding, Workbooks.SIMPLE_ROWS)));
        assertThat(Files.size(f)).isLessThan(100_000);
        refused(f).hasMessageMatching("the workbook's part 'xl/worksheets/sheet1.xml' expands \\d+ times its compressed size,"
                + " more than the 100 times a real sheet does \\(a zip bomb\\); refused");
    }

    @Test
    void aPartPoiWouldParseIntoMemoryIsRefusedBeyondItsBound() {
        Map<String, byte[]> parts = Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS));
        parts.put("docProps/core.xml", randomText(33 * 1024 * 1024));
        Path f = Workbooks.zip(dir, "bigprops.xlsx", parts);
        refused(f).hasMessage("the workbook's part 'docProps/core.xml' expands to 33 MiB, more than the 32 MiB allowed"
                + " (a zip bomb, or far more data than a table holds); refused");
    }

    @Test
    void externalEntitiesInASheetAreRefusedNotResolved() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "rahasia");
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>";
        Path f = Workbooks.zip(dir, "xxe.xlsx", Workbooks.minimalParts(Workbooks.sheetXml(doctype,
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>")));
        refused(f).hasMessage("sheet 'Tabel 1' of the workbook declares a DOCTYPE or entities, which no spreadsheet program"
                + " writes (it is how XML attacks work); refused");
    }

    @Test
    void entityExpansionInTheSharedStringsIsRefused() {
        Map<String, byte[]> parts = Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS));
        parts.put("xl/sharedStrings.xml", utf8("""
                <?xml version="1.0"?>
                <!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Wilayah</t></si><si><t>&c;</t></si></sst>"""));
        refused(Workbooks.zip(dir, "laughs.xlsx", parts))
                .hasMessageStartingWith("the shared strings table of the workbook declares a DOCTYPE or entities");
    }

    @Test
    void aDoctypeInAPartPoiParsesIsRefusedToo() {
        Map<String, byte[]> parts = Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS));
        String rels = new String(parts.get("_rels/.rels"), StandardCharsets.UTF_8);
        parts.put("_rels/.rels", utf8(rels.replace("standalone=\"yes\"?>", "standalone=\"yes\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>")));
        refused(Workbooks.zip(dir, "relsxxe.xlsx", parts)).hasMessage("the workbook's part '_rels/.rels' declares a DOCTYPE,"
                + " which no spreadsheet program writes (it is how XML attacks work); refused");
    }

    @Test
    void aHugeSharedStringsTableIsRefusedBeforeItFillsMemory() {
        Map<String, byte[]> parts = Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS));
        StringBuilder sst = new StringBuilder("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>Wilayah</t></si>");
        String text = new String(randomText(33 * 1024 * 1024), StandardCharsets.US_ASCII);
        for (int i = 0; i < text.length(); i += 30_000) {
            sst.append("<si><t>").append(text, i, Math.min(text.length(), i + 30_000)).append("</t></si>");
        }
        parts.put("xl/sharedStrings.xml", utf8(sst.append("</sst>").toString()));
        refused(Workbooks.zip(dir, "sst.xlsx", parts)).hasMessage("the workbook's shared strings table holds more than 32 MiB"
                + " of text; split the workbook or save the sheet as CSV");
    }

    @Test
    void aCsvOrHtmlFileNamedXlsxIsRefusedAsWhatItIs() {
        Path csv = TestFiles.write(dir, "data.xlsx", "Wilayah;Tahun\nKota Semarang;2024\n");
        refused(csv).hasMessage("the file is text, not an Excel .xlsx workbook (perhaps a CSV file renamed to .xlsx; it starts"
                + " with \"Wilayah;Tahun\"); send the workbook itself, or set the source's format to csv");
        Path html = TestFiles.write(dir, "page.xlsx", "<!DOCTYPE html><html><head><title>Sesi berakhir</title></head></html>");
        refused(html).hasMessage("the file is an HTML page, not an Excel .xlsx workbook: \"Sesi berakhir\"; download the data"
                + " itself (perhaps the link pointed to an error or login page)");
    }

    @Test
    void aPasswordProtectedWorkbookIsRefusedWithHowToRemoveThePassword() throws Exception {
        Path plain = Workbooks.zip(dir, "plain.xlsx", Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS)));
        Path f = dir.resolve("locked.xlsx");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor enc = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            enc.confirmPassword("rahasia");
            try (OPCPackage opc = OPCPackage.open(plain.toFile(), PackageAccess.READ_WRITE); OutputStream os = enc.getDataStream(fs)) {
                opc.save(os);
            }
            try (OutputStream out = Files.newOutputStream(f)) {
                fs.writeFilesystem(out);
            }
        }
        refused(f).hasMessage("the workbook is password-protected (encrypted), so it cannot be read; open it in Excel, remove"
                + " the password (File > Info > Protect Workbook > Encrypt with Password, empty) and send it again");
        // a default (csv) source recognises the container by its bytes and gives the same reason
        assertThatThrownBy(() -> RecordReaders.open(f, "csv", null, null, WANTED)).hasMessageStartingWith("the workbook is password-protected");
    }

    @Test
    void anOldXlsWorkbookIsRefusedWithWhatToSaveItAs() throws IOException {
        Path f = dir.resolve("lama.xls");
        try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(f)) {
            row(wb.createSheet("Tabel 1"), 1, "Wilayah");
            wb.write(out);
        }
        refused(f).hasMessage("the file is an old Excel 97-2003 workbook (.xls), which the hub does not read; open it in Excel"
                + " or LibreOffice and save it as .xlsx (Excel Workbook) or CSV");
    }

    @Test
    void aDamagedZipIsRefusedAsDamaged() throws IOException {
        Path good = Workbooks.write(dir, "good.xlsx", wb -> row(wb.createSheet("Data"), 1, "Wilayah"));
        byte[] b = Files.readAllBytes(good);
        Path f = TestFiles.writeBytes(dir, "cut.xlsx", Arrays.copyOf(b, b.length / 2));
        refused(f).hasMessageStartingWith("the workbook is damaged: it is not a readable ZIP archive (")
                .hasMessageEndingWith("); open it in Excel or LibreOffice and save it again as .xlsx");
    }

    @Test
    void otherZipsAreNamedForWhatTheyAre() {
        Map<String, byte[]> ods = new LinkedHashMap<>();
        ods.put("mimetype", utf8("application/vnd.oasis.opendocument.spreadsheet"));
        ods.put("content.xml", utf8("<office:document-content/>"));
        refused(Workbooks.zip(dir, "calc.ods", ods)).hasMessage("the file is an OpenDocument file (LibreOffice .ods), not an"
                + " Excel .xlsx workbook; in LibreOffice use File > Save As > Excel 2007-365 (.xlsx), or save it as CSV");

        refused(Workbooks.zip(dir, "plain.zip", Map.of("data.csv", utf8("Wilayah\n")))).hasMessage("the file is a ZIP archive,"
                + " not an Excel .xlsx workbook (it has no [Content_Types].xml); unpack it and send the workbook or CSV file inside");

        Map<String, byte[]> docx = Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS));
        docx.put("[Content_Types].xml", utf8(new String(docx.get("[Content_Types].xml"), StandardCharsets.UTF_8).replace(
                "spreadsheetml.sheet.main+xml", "wordprocessingml.document.main+xml")));
        refused(Workbooks.zip(dir, "surat.docx", docx)).hasMessage("the file is a Word document, not an Excel .xlsx workbook;"
                + " save the table as .xlsx or CSV");
    }

    private static byte[] randomText(int length) {
        byte[] b = new byte[length];
        Random r = new Random(42);
        for (int i = 0; i < length; i++) b[i] = (byte) ('a' + r.nextInt(26));
        return b;
    }
}
