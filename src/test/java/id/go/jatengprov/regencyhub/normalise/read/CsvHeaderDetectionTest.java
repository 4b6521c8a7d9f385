package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readAll;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.config.CsvSettings;

class CsvHeaderDetectionTest {

    @TempDir
    Path dir;

    @Test
    void titleRowsAndBlankLinesAboveTheHeaderAreSkipped() {
        String text = "Jumlah Penduduk Menurut Kabupaten/Kota,,\n"
                + "Provinsi Jawa Tengah 2023,,\n"
                + ",,\n"
                + "\n"
                + " wilayah \u00A0, TAHUN ,Jumlah\n"
                + "Kota Semarang,2023,1694740\n";
        try (CsvRecordReader r = CsvRecordReader.open(write(dir, "t.csv", text), CsvSettings.auto(), List.of("Wilayah", "Tahun"))) {
            assertThat(r.headerRow()).isEqualTo(5);
            assertThat(r.header()).containsExactly("wilayah", "TAHUN", "Jumlah");
            List<SourceRecord> recs = readAll(r);
            assertThat(recs).containsExactly(new SourceRecord(6, new String[] {"Kota Semarang", "2023"}, "Kota Semarang,2023,1694740"));
            // rows above the header are not data, so they are not counted as skipped
            assertThat(r.skippedRows()).isZero();
        }
    }

    @Test
    void wantedColumnsAreReturnedInTheWantedOrderNotTheFileOrder() {
        String text = "Tahun;Jumlah;Wilayah\n2021;10;Kabupaten Pati\n";
        try (CsvRecordReader r = CsvRecordReader.open(write(dir, "o.csv", text), CsvSettings.auto(), List.of("wilayah", "JUMLAH", "tahun"))) {
            assertThat(r.next().cells()).containsExactly("Kabupaten Pati", "10", "2021");
        }
    }

    @Test
    void headerNotFoundNamesTheExpectedColumnsAndTheFirstRow() {
        String text = "Laporan Bulanan\nNama,Kab,Tahun\nBudi,Kudus,2020\n";
        Path f = write(dir, "nohdr.csv", text);
        assertThatThrownBy(() -> CsvRecordReader.open(f, CsvSettings.auto(), List.of("Wilayah", "Tahun")))
                .isInstanceOf(BadFileException.class)
                .hasMessage("no header row found in the first 50 rows: expected columns Wilayah, Tahun;"
                        + " the first row was: Laporan Bulanan; line 2 comes closest but lacks Wilayah;"
                        + " check the column names (and the delimiter ',')");
    }

    @Test
    void headerFurtherDownThan50NonBlankRowsIsNotFound() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            sb.append("catatan ").append(i).append('\n');
        }
        sb.append("Wilayah,Tahun\nKota Tegal,2020\n");
        Path f = write(dir, "deep.csv", sb.toString());
        assertThatThrownBy(() -> CsvRecordReader.open(f, CsvSettings.auto(), List.of("Wilayah", "Tahun")))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("no header row found in the first 50 rows: expected columns Wilayah, Tahun; the first row was: catatan 1");
    }

    @Test
    void repeatedWantedColumnIsRejectedWithBothPositions() {
        String text = "Wilayah,Tahun,Jumlah,Satuan,TAHUN \nKota Tegal,2020,5,jiwa,2021\n";
        Path f = write(dir, "rep.csv", text);
        assertThatThrownBy(() -> CsvRecordReader.open(f, CsvSettings.auto(), List.of("Wilayah", "Tahun")))
                .isInstanceOf(BadFileException.class)
                .hasMessage("line 1: header repeats column 'Tahun' (columns 2 and 5); rename or remove one of them");
    }

    @Test
    void emptyFileSaysSo() {
        Path f = write(dir, "empty.csv", "\n\n,,\n");
        assertThatThrownBy(() -> CsvRecordReader.open(f, CsvSettings.auto(), List.of("Wilayah")))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the file is empty (no non-blank rows): expected a header row with columns Wilayah");
    }

    @Test
    void bomInsideTheHeaderCellIsIgnored() {
        // a BOM that survived a copy-paste into the middle of the file
        String text = "\uFEFFWilayah,\uFEFFTahun\nKota Tegal,2020\n";
        try (CsvRecordReader r = CsvRecordReader.open(write(dir, "bom.csv", text), CsvSettings.auto(), List.of("Wilayah", "Tahun"))) {
            assertThat(r.header()).containsExactly("Wilayah", "Tahun");
            assertThat(r.sniffed().bom()).isTrue();
            assertThat(r.next().cells()).containsExactly("Kota Tegal", "2020");
        }
    }
}
