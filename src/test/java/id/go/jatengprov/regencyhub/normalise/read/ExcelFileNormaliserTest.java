package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.merge;
import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.normalise.FileNormaliser;
import id.go.jatengprov.regencyhub.normalise.Notation;
import id.go.jatengprov.regencyhub.normalise.Reject;
import id.go.jatengprov.regencyhub.normalise.RowNormaliser;
import id.go.jatengprov.regencyhub.ops.PreviewCommand;
import id.go.jatengprov.regencyhub.reference.RegionResolver;
import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/**
 * A Dispendukcapil-style workbook through the shipped {@code population} dataset: the rows a load would write,
 * and a reject that names the cell as Excel does, {@code 'Tabel 1'!C7}; {@code preview} shows the same.
 */
class ExcelFileNormaliserTest {

    static final String SOURCE = """
            id: semarang-population-xlsx
            regency: "33.74"
            dataset: population
            kind: drop
            format: xlsx
            excel: { sheet: "Tabel 1" }
            mapping:
              region: { column: Kecamatan }
              period: { column: Tahun }
            unpivot:
              into: population
              columns:
                "Jumlah Penduduk L": { sex: L }
                "Jumlah Penduduk P": { sex: P }
            """;

    @TempDir
    Path dir;

    private Path config;
    private Path workbook;

    @BeforeEach
    void setUp() throws IOException {
        config = dir.resolve("config");
        copyTree(Path.of("config"), config);
        Files.writeString(config.resolve("sources/semarang-population-xlsx.yaml"), SOURCE);
        workbook = Workbooks.write(dir, "penduduk_2024.xlsx", wb -> {
            Sheet cover = wb.createSheet("Keterangan");
            row(cover, 1, "Data kependudukan semester II 2024");
            Sheet s = wb.createSheet("Tabel 1");
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
            row(s, 6, 1, "Semarang Tengah", 30125, 31240, 2024).getCell(2).setCellStyle(Workbooks.style(s, "#,##0"));
            row(s, 7, 2, "Semarang Utara", "58.3l0", 59022, 2024);
            row(s, 8, 3, "Gayamsari", 35000, new Workbooks.Formula("C8+100"), new Workbooks.Formula("E6"));
            row(s, 10, "Sumber : Dispendukcapil Kota Semarang");
        });
    }

    @Test
    void theWorkbookNormalisesToExactlyTheseRowsAndARejectAtItsCell() throws IOException {
        HubConfig c = ConfigLoader.load(config, FieldConverter.CONSTANTS);
        SourceDef source = c.sources().get("semarang-population-xlsx");
        List<String> rows = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        FileNormaliser.Stats stats = FileNormaliser.run(workbook, source, c.datasetOf(source), new RegionResolver(c.regions()), null,
                new RowNormaliser.Sink() {
                    @Override public void row(long sourceRow, String[] values) { rows.add(String.join("\t", values) + "\t" + sourceRow); }
                    @Override public void reject(Reject r) { rejects.add(r); }
                });
        assertThat(rows).containsExactly(
                "33.74.01\t2024-01-01\tL\t30125\t6",
                "33.74.01\t2024-01-01\tP\t31240\t6",
                "33.74.02\t2024-01-01\tP\t59022\t7",
                "33.74.04\t2024-01-01\tL\t35000\t8",
                "33.74.04\t2024-01-01\tP\t35100\t8");
        assertThat(rejects).hasSize(1);
        Reject r = rejects.get(0);
        assertThat(r.cell()).isEqualTo("'Tabel 1'!C7");
        assertThat(r.row()).isEqualTo(7);
        assertThat(r.column()).isEqualTo("Jumlah Penduduk L");
        assertThat(r.value()).isEqualTo("58.3l0");
        assertThat(r.raw()).isEqualTo("2\tSemarang Utara\t58.3l0\t59022\t2024");
        assertThat(r.toString()).startsWith("cell 'Tabel 1'!C7, column 'Jumlah Penduduk L', value '58.3l0': ");
        assertThat(stats.rowsRead()).isEqualTo(3);
        assertThat(stats.recordsRejected()).isEqualTo(1);
        assertThat(stats.notations()).containsEntry("population", Notation.DOT_DECIMAL);
        assertThat(stats.detected()).isEqualTo("Excel workbook, sheet 'Tabel 1', header on rows 4-5");
    }

    @Test
    void aDefaultCsvSourceRecognisesAWorkbookByItsBytes() throws IOException {
        Files.writeString(config.resolve("sources/semarang-population-xlsx.yaml"), SOURCE
                .replace("format: xlsx\n", "").replace("excel: { sheet: \"Tabel 1\" }\n", "excel: { sheet: 2 }\n"));
        HubConfig c = ConfigLoader.load(config, FieldConverter.CONSTANTS);
        SourceDef source = c.sources().get("semarang-population-xlsx");
        assertThat(source.format()).isEqualTo("csv");
        List<String> rows = new ArrayList<>();
        FileNormaliser.run(workbook, source, c.datasetOf(source), new RegionResolver(c.regions()), null, new RowNormaliser.Sink() {
            @Override public void row(long sourceRow, String[] values) { rows.add(String.join("\t", values) + "\t" + sourceRow); }
            @Override public void reject(Reject r) { }
        });
        assertThat(rows).hasSize(5);
    }

    @Test
    void previewShowsTheWorkbookRowsAndTheRejectsCell() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = PreviewCommand.run(new String[] {"--source", "semarang-population-xlsx", workbook.toString(),
                        "--hub.config-dir=" + config},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        // 1 of 3 records rejected is over the source's max-reject-ratio (0.2): the hub would fail it, and preview says so
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(PreviewCommand.WOULD_FAIL);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("detected Excel workbook, sheet 'Tabel 1', header on rows 4-5\n")
                .contains("3 read, 1 with rejected values, 5 warehouse rows\n")
                .contains("verdict  would FAIL: 1 of 3 rows rejected (33.3%)")
                .contains("33.74.01 Kecamatan Semarang Tengah | 2024-01-01 | L   | 30125")
                .contains("cell 'Tabel 1'!C7, column 'Jumlah Penduduk L', value '58.3l0'");
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
