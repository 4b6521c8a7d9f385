package id.go.jatengprov.regencyhub.normalise.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated workbook of 250,000 rows, every village name a distinct shared string, read end to end by a JVM of
 * its own limited to 256 MB of heap: a reader that kept rows, or POI's usermodel (about a kilobyte per cell),
 * would run out of memory; the streaming reader finishes and reports how much heap it used.
 */
class ExcelStreamingMemoryTest {

    private static final int ROWS = 250_000;

    @TempDir
    Path dir;

    @Test
    void aQuarterMillionRowWorkbookStreamsInA256MegabyteHeap() throws Exception {
        Path xlsx = dir.resolve("desa.xlsx");
        long started = System.nanoTime();
        write(xlsx);
        long written = System.nanoTime();
        assertThat(Files.size(xlsx)).isGreaterThan(5_000_000L);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ExcelReadMain.class.getName(), xlsx.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the reading JVM finished in time").isTrue();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        System.out.printf("written %,d bytes in %d ms; read in %d ms: %s%n", Files.size(xlsx),
                (written - started) / 1_000_000, (System.nanoTime() - written) / 1_000_000, out.strip());
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("rows=(\\d+) lastRow=(\\d+) valueChars=(\\d+) heapAfterMb=(\\d+) peakHeapMb=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(ROWS);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(ROWS + 3); // two header rows and a title row above
        assertThat(Long.parseLong(m.group(3))).isGreaterThan(ROWS * 20L);
        // what stays after the read, with the reader open, is the shared strings table (~10 MB here) and the JVM itself
        assertThat(Long.parseLong(m.group(4))).as(out).isLessThan(100);
    }

    /**
     * Written part by part as Excel lays a workbook out (shared strings table, merged two-row header after the rows),
     * streaming: POI's SXSSF takes half a minute for a table of 250,000 distinct strings.
     */
    private static void write(Path f) throws IOException {
        Map<String, byte[]> parts = Workbooks.minimalParts("");
        parts.remove("xl/worksheets/sheet1.xml");
        parts.remove("xl/sharedStrings.xml");
        try (ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(f), 1 << 16))) {
            for (Map.Entry<String, byte[]> e : parts.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
            }
            Writer w = new OutputStreamWriter(z, StandardCharsets.UTF_8);
            z.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            String[] fixed = {"Jumlah Penduduk per Desa, Jawa Tengah 2024", "Kode Wilayah", "Nama Desa", "Kecamatan",
                    "Jumlah Penduduk", "Keterangan", "L", "P", "baru", "pemekaran"};
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"" + MAIN + "\">");
            for (String t : fixed) w.write("<si><t>" + t + "</t></si>");
            for (int i = 0; i < 500; i++) w.write("<si><t>Kecamatan " + i + "</t></si>");
            for (int i = 0; i < ROWS; i++) w.write("<si><t>Desa Nomor " + i + "</t></si>");
            w.write("</sst>");
            w.flush();
            int village = fixed.length + 500;
            z.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + MAIN + "\"><sheetData>");
            w.write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>");
            w.write("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c><c r=\"C2\" t=\"s\"><v>3</v></c>"
                    + "<c r=\"D2\" t=\"s\"><v>4</v></c><c r=\"F2\" t=\"s\"><v>5</v></c></row>");
            w.write("<row r=\"3\"><c r=\"D3\" t=\"s\"><v>6</v></c><c r=\"E3\" t=\"s\"><v>7</v></c></row>");
            for (int i = 0; i < ROWS; i++) {
                int r = i + 4;
                w.write("<row r=\"" + r + "\"><c r=\"A" + r + "\" t=\"inlineStr\"><is><t>"
                        + String.format("33.%02d.%02d.%04d", i % 35 + 1, i % 20 + 1, i % 10_000) + "</t></is></c>"
                        + "<c r=\"B" + r + "\" t=\"s\"><v>" + (village + i) + "</v></c>"
                        + "<c r=\"C" + r + "\" t=\"s\"><v>" + (fixed.length + i % 500) + "</v></c>"
                        + "<c r=\"D" + r + "\"><v>" + (1000 + i % 7000) + "</v></c>"
                        + "<c r=\"E" + r + "\"><v>" + (1100.5 + i % 6000) + "</v></c>"
                        + (i % 3 == 0 ? "" : "<c r=\"F" + r + "\" t=\"s\"><v>" + (7 + i % 3) + "</v></c>") + "</row>");
            }
            w.write("</sheetData><mergeCells count=\"5\"><mergeCell ref=\"A2:A3\"/><mergeCell ref=\"B2:B3\"/>"
                    + "<mergeCell ref=\"C2:C3\"/><mergeCell ref=\"F2:F3\"/><mergeCell ref=\"D2:E2\"/></mergeCells></worksheet>");
            w.flush();
        }
    }

    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
}
