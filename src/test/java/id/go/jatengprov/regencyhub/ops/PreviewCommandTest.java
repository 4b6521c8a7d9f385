package id.go.jatengprov.regencyhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code preview} shows what each shared sample would load as, with region names, and writes nothing. */
class PreviewCommandTest {

    static final Path SAMPLES = Path.of("src/test/resources/samples");

    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    static Run preview(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = PreviewCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ipmSampleShowsDetectionRowsAndRegionNames() {
        Run r = preview("--source", "jateng-ipm", SAMPLES.resolve("ipm_jateng_2024_datajatengprov_semicolon.csv").toString(), "--rows", "5");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("detected encoding UTF-8, delimiter ';'", "header on row 1", "numbers {value=1.234,5}")
                .contains("175 read, 0 with rejected values, 175 warehouse rows would load")
                .contains("33.01 Kabupaten Cilacap | 2024-01-01 | uhh")
                .contains("74.57")
                .contains("… 170 more rows")
                .contains("no rejects");
    }

    @Test
    void faskesSampleIsUnpivotedInThePreview() {
        Run r = preview("--source", "jateng-faskes", SAMPLES.resolve("faskes_jateng_bps_2021_2023.csv").toString(), "--format", "json", "--rows", "6");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"rowsRead\" : 105", "\"warehouseRows\" : 630", "\"facility_type\" : \"puskesmas_rawat_inap\"",
                "\"count\" : \"38\"", "\"rejects\" : [ ]");
    }

    @Test
    void birthsSampleSkipsExcelsEmptyRowsAndPrintsCsvForMachines() {
        Run r = preview("--source", "jateng-births", SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv").toString(), "--format", "csv", "--rows", "200");
        assertThat(r.code()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(141);
        assertThat(lines[0]).isEqualTo("region,period,live_births,low_birth_weight,malnourished,_row");
        assertThat(r.out()).contains("33.02,2020-01-01,26473,1724,3773,3");
        assertThat(r.err()).isEqualTo("row,column,value,reason\n");
    }

    @Test
    void rejectsArePrintedWithRowColumnValueAndReason() throws Exception {
        Path f = tmp.resolve("mixed.csv");
        Files.writeString(f, "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n"
                + "Kabupaten Cilacap,2020,1000,10,5\nSemarang,2020,1000,10,5\nKabupaten Demak,31/02/2024,5,1,1\n");
        Run r = preview("--source", "jateng-births", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("2 rejects:")
                .contains("row 3, column 'Wilayah', value 'Semarang': ambiguous")
                .contains("row 4, column 'Tahun', value '31/02/2024'");
    }

    @Test
    void anUnreadableFileOrUnknownSourceExitsOne() throws Exception {
        Path png = tmp.resolve("x.csv");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        Run r = preview("--source", "jateng-births", png.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("PNG");
        assertThat(preview("--source", "nope", png.toString()).err()).contains("unknown source 'nope'");
    }

    /**
     * "Writes nothing anywhere": not next to the file (no .done, nothing moved), not in the configuration, not in a
     * data folder, whatever the format and also when the file cannot be loaded.
     */
    @Test
    void aPreviewWritesNothingAnywhere() throws Exception {
        Path config = tmp.resolve("config");
        copyTree(Path.of("config"), config);
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Path csv = Files.copy(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), in.resolve("bayi.csv"));
        Path png = Files.write(in.resolve("x.csv"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        Map<String, String> before = snapshot(tmp);
        Map<String, String> dataBefore = snapshot(Path.of("data"));

        for (String format : List.of("table", "csv", "json")) {
            Run r = preview("--source", "jateng-births", csv.toString(), "--format", format, "--hub.config-dir=" + config);
            assertThat(r.code()).as("%s: exit code (%s)", format, r.err()).isZero();
        }
        assertThat(preview("--source", "jateng-births", png.toString(), "--hub.config-dir=" + config).code())
                .as("an unreadable file").isNotZero();

        assertThat(snapshot(tmp)).as("the file's folder and the configuration, after the previews").isEqualTo(before);
        assertThat(snapshot(Path.of("data"))).as("./data after the previews").isEqualTo(dataBefore);
    }

    /** Every file and folder under {@code root} with its size and modification time (empty if there is no root). */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) return out;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + " bytes, " + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
