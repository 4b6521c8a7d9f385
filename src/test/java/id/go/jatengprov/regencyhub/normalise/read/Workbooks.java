package id.go.jatengprov.regencyhub.normalise.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Test workbooks, built with POI's usermodel as Excel would save them, and raw ZIPs for the hostile ones.
 * {@link #row} takes values by type: String, Number, Boolean, LocalDate (formatted dd/mm/yyyy), {@link Formula},
 * {@link Error}; null leaves the cell out. Public: the whole-hub tests ({@code it/Excel*Test}) build their workbooks here too.
 */
public final class Workbooks {

    /** A formula cell; its cached value is stored when the workbook is written with {@code calculate}. */
    public record Formula(String text) {}

    /** An Excel error value such as #N/A. */
    public record Error(FormulaError error) {}

    private Workbooks() {
    }

    /** Writes a workbook built by {@code build}; with {@code calculate}, formula results are cached as Excel does. */
    public static Path write(Path dir, String name, boolean calculate, Consumer<XSSFWorkbook> build) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            build.accept(wb);
            if (calculate) {
                wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            }
            Path f = dir.resolve(name);
            try (OutputStream out = Files.newOutputStream(f)) {
                wb.write(out);
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path dir, String name, Consumer<XSSFWorkbook> build) {
        return write(dir, name, true, build);
    }

    /** Sets row {@code number} (1-based, as Excel shows it) from column A on. */
    public static Row row(Sheet sheet, int number, Object... values) {
        Row r = sheet.getRow(number - 1) == null ? sheet.createRow(number - 1) : sheet.getRow(number - 1);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) continue;
            Cell c = r.createCell(i);
            if (v instanceof String s) c.setCellValue(s);
            else if (v instanceof Number n) c.setCellValue(n.doubleValue());
            else if (v instanceof Boolean b) c.setCellValue(b);
            else if (v instanceof LocalDate d) {
                c.setCellValue(d);
                c.setCellStyle(style(sheet, "dd/mm/yyyy"));
            } else if (v instanceof Formula f) c.setCellFormula(f.text());
            else if (v instanceof Error e) c.setCellErrorValue(e.error().getCode());
            else throw new IllegalArgumentException("unsupported test value " + v);
        }
        return r;
    }

    /** Merges an Excel range such as "C4:D4". */
    public static void merge(Sheet sheet, String range) {
        sheet.addMergedRegion(CellRangeAddress.valueOf(range));
    }

    public static CellStyle style(Sheet sheet, String format) {
        XSSFWorkbook wb = (XSSFWorkbook) sheet.getWorkbook();
        CellStyle s = wb.createCellStyle();
        s.setDataFormat(wb.createDataFormat().getFormat(format));
        return s;
    }

    /** A ZIP with the given entries (name to content), each deflated. */
    public static Path zip(Path dir, String name, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestFiles.writeBytes(dir, name, bytes.toByteArray());
    }

    /** The parts of a minimal one-sheet workbook; a test replaces one of them to make it hostile. */
    public static Map<String, byte[]> minimalParts(String sheetXml) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("[Content_Types].xml", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                </Types>"""));
        m.put("_rels/.rels", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>"""));
        m.put("xl/workbook.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="Tabel 1" sheetId="1" r:id="rId1"/></sheets></workbook>"""));
        m.put("xl/_rels/workbook.xml.rels", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
                </Relationships>"""));
        m.put("xl/sharedStrings.xml", utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>Wilayah</t></si><si><t>Kota Semarang</t></si></sst>"""));
        m.put("xl/worksheets/sheet1.xml", utf8(sheetXml));
        return m;
    }

    /** A sheet of {@code Wilayah / Kota Semarang} (shared strings 0 and 1), with {@code extra} before sheetData. */
    public static String sheetXml(String prolog, String rows) {
        return prolog + """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""
                + rows + "</sheetData></worksheet>";
    }

    public static final String SIMPLE_ROWS = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>";

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
