package id.go.jatengprov.regencyhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.RegencyHubApplication;

/**
 * {@code preview} predicts what the hub will do: it shows what each shared sample would load as, with region names,
 * applies the source's max-reject-ratio with the hub's own message, warns when a number column reads two ways,
 * says so in its exit code (0 would load, 3 would fail, 1 error, 2 usage), and writes nothing.
 */
class PreviewCommandTest {

    static final Path SAMPLES = Path.of("src/test/resources/samples");
    static final String BIRTHS_HEADER = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";

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
        assertThat(r.code()).isEqualTo(PreviewCommand.WOULD_LOAD);
        assertThat(r.out()).contains("detected encoding UTF-8, delimiter ';'", "header on row 1", "numbers {value=1.234,5}")
                .contains("rows     175 read, 0 with rejected values, 175 warehouse rows\n")
                .contains("periods  2024-01-01 to 2024-01-01\n")
                .contains("verdict  would load 175 warehouse rows (LOADED)\n")
                .contains("33.01 Kabupaten Cilacap | 2024-01-01 | uhh")
                .contains("74.57")
                .contains("… 170 more rows")
                .contains("no rejects")
                .doesNotContain("warning");
    }

    @Test
    void faskesSampleIsUnpivotedInThePreview() {
        Run r = preview("--source", "jateng-faskes", SAMPLES.resolve("faskes_jateng_bps_2021_2023.csv").toString(), "--format", "json", "--rows", "6");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"rowsRead\" : 105", "\"warehouseRows\" : 630", "\"facility_type\" : \"puskesmas_rawat_inap\"",
                "\"count\" : \"38\"", "\"rejects\" : [ ]", "\"loads\" : true", "\"status\" : \"LOADED\"", "\"from\" : \"2021-01-01\"",
                "\"to\" : \"2023-01-01\"");
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
    void rejectsWithinTheRatioArePrintedWithRowColumnValueAndReasonAndTheFileWouldLoad() throws Exception {
        StringBuilder csv = new StringBuilder(BIRTHS_HEADER);
        for (String r : List.of("Kabupaten Cilacap", "Kabupaten Banyumas", "Kota Tegal", "Kabupaten Kudus", "Kabupaten Pati",
                "Kabupaten Blora", "Kota Magelang", "Kabupaten Demak")) {
            csv.append(r).append(",2020,1000,10,5\n");
        }
        csv.append("Semarang,2020,1000,10,5\nKabupaten Demak,31/02/2024,5,1,1\n");
        Path f = Files.writeString(tmp.resolve("mixed.csv"), csv);
        Run r = preview("--source", "jateng-births", f.toString());
        assertThat(r.code()).isEqualTo(PreviewCommand.WOULD_LOAD);
        assertThat(r.out()).contains("verdict  would load 8 warehouse rows (LOADED_WITH_REJECTS: 2 of 10 rows rejected, within"
                        + " the source's max-reject-ratio)")
                .contains("2 rejects:")
                .contains("row 10, column 'Wilayah', value 'Semarang': ambiguous")
                .contains("row 11, column 'Tahun', value '31/02/2024'");
    }

    @Test
    void aFileOverTheRejectRatioWouldFailWithTheHubsMessageAndExitsThree() throws Exception {
        StringBuilder csv = new StringBuilder(BIRTHS_HEADER);
        for (int i = 0; i < 15; i++) csv.append("Kabupaten Atlantis,").append(2000 + i).append(",1000,10,5\n");
        Path f = Files.writeString(tmp.resolve("atlantis.csv"), csv);

        Run r = preview("--source", "jateng-births", f.toString());
        assertThat(r.code()).isEqualTo(PreviewCommand.WOULD_FAIL);
        assertThat(r.out()).contains("rows     15 read, 15 with rejected values, 0 warehouse rows\n")
                .contains("verdict  would FAIL: 15 of 15 rows rejected (100.0%), more than the source's max-reject-ratio 0.20"
                        + " allows; nothing loaded. First: [row 2, column 'Wilayah', value 'Kabupaten Atlantis': unknown regency"
                        + " 'Kabupaten Atlantis'")
                .doesNotContain("would load");
        Run json = preview("--source", "jateng-births", f.toString(), "--format", "json");
        assertThat(json.code()).isEqualTo(PreviewCommand.WOULD_FAIL);
        assertThat(json.out()).contains("\"loads\" : false", "\"status\" : \"FAILED\"", "\"message\" : \"15 of 15 rows rejected");
        Run csvOut = preview("--source", "jateng-births", f.toString(), "--format", "csv");
        assertThat(csvOut.code()).isEqualTo(PreviewCommand.WOULD_FAIL);
        assertThat(csvOut.err()).contains("# would FAIL: 15 of 15 rows rejected");
    }

    @Test
    void totalRowsAreSkippedNotRejected() throws Exception {
        Path f = Files.writeString(tmp.resolve("with-total.csv"), BIRTHS_HEADER
                + "Kabupaten Cilacap,2020,1000,10,5\nKabupaten Banyumas,2020,1200,12,6\nJUMLAH,2020,2200,22,11\n");
        Run r = preview("--source", "jateng-births", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("rows     3 read, 0 with rejected values, 1 total rows skipped, 2 warehouse rows\n",
                "verdict  would load 2 warehouse rows (LOADED)\n", "skipped  row 4: total row ('JUMLAH')\n", "no rejects");
    }

    @Test
    void aNumberColumnThatReadsTwoWaysIsNamedWithBothReadings() throws Exception {
        Path f = Files.writeString(tmp.resolve("ipm-dots.csv"), "tahun_data;kod_wil;kab_kota;indikator;indeks\n"
                + "2024;3301;Kabupaten Cilacap;Indeks Pembangunan Manusia;72.220\n"
                + "2024;3302;Kabupaten Banyumas;Indeks Pembangunan Manusia;74.520\n"
                + "2024;3303;Kabupaten Purbalingga;Indeks Pembangunan Manusia;71.050\n");
        Run r = preview("--source", "jateng-ipm", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("warning  column 'indeks' (field value): its numbers read two ways ('72.220' is 72220"
                + " with decimal commas, 72.22 with decimal points); read with decimal commas (1.234,5) because the file is"
                + " ';'-separated. If that is wrong, set csv: { decimal: dot } in the source\n");
        assertThat(r.out()).contains("| ipm       | 72220");
    }

    @Test
    void exitCodesSayWhatHappened() throws Exception {
        Path png = tmp.resolve("x.csv");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        Run unreadable = preview("--source", "jateng-births", png.toString());
        assertThat(unreadable.code()).as("the hub would take it and fail it").isEqualTo(PreviewCommand.WOULD_FAIL);
        assertThat(unreadable.err()).startsWith("would FAIL: ").contains("PNG");

        Run unknown = preview("--source", "nope", png.toString());
        assertThat(unknown.code()).isEqualTo(PreviewCommand.ERROR);
        assertThat(unknown.err()).contains("unknown source 'nope'");
        assertThat(preview("--source", "jateng-births", tmp.resolve("missing.csv").toString()).code()).isEqualTo(PreviewCommand.ERROR);

        assertThat(preview("--source", "jateng-births").code()).as("no file").isEqualTo(PreviewCommand.USAGE);
        assertThat(preview(png.toString()).code()).as("no source").isEqualTo(PreviewCommand.USAGE);
        Run badRows = preview("--source", "jateng-births", png.toString(), "--rows", "many");
        assertThat(badRows.code()).isEqualTo(PreviewCommand.USAGE);
        assertThat(badRows.err()).contains("usage:", "exit codes: 0 would load, 3 would fail, 1 error, 2 usage");
    }

    /**
     * The command as a shell runs it, in a folder of its own: the exit code reaches the shell, and nothing appears
     * in the folder (no data folder, so no database and no broker either).
     */
    @Test
    void asAProcessItExitsWithTheVerdictAndWritesNothing() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path good = Files.copy(SAMPLES.resolve("bayi_bblr_gizi_jateng_bps.csv"), work.resolve("bayi.csv"));
        StringBuilder csv = new StringBuilder(BIRTHS_HEADER);
        for (int i = 0; i < 5; i++) csv.append("Kabupaten Atlantis,").append(2000 + i).append(",1000,10,5\n");
        Path bad = Files.writeString(work.resolve("atlantis.csv"), csv);
        List<String> before = tree(work);

        assertThat(jar(work, "preview", "--source", "jateng-births", good.toString())).isEqualTo(PreviewCommand.WOULD_LOAD);
        assertThat(jar(work, "preview", "--source", "jateng-births", bad.toString())).isEqualTo(PreviewCommand.WOULD_FAIL);
        assertThat(jar(work, "preview", "--source", "jateng-births")).isEqualTo(PreviewCommand.USAGE);

        assertThat(tree(work)).as("the working folder after three previews").isEqualTo(before);
        assertThat(work.resolve("data")).doesNotExist();
    }

    /** {@code java -cp <test class path> RegencyHubApplication ARGS} in {@code dir}, with the shipped configuration. */
    private static int jar(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RegencyHubApplication.class.getName()));
        cmd.addAll(List.of(args));
        cmd.add("--hub.config-dir=" + Path.of("config").toAbsolutePath());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling("preview-" + System.nanoTime() + ".out").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p) + ":" + p.toFile().length() + ":" + p.toFile().lastModified()).sorted().toList();
        }
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
