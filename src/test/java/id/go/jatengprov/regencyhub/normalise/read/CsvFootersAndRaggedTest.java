package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readAll;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.config.CsvSettings;

class CsvFootersAndRaggedTest {

    @TempDir
    Path dir;

    private CsvRecordReader open(String text, String... wanted) {
        return CsvRecordReader.open(write(dir, "f.csv", text), CsvSettings.auto(), List.of(wanted));
    }

    @Test
    void footerNotesAndBlankRowsAreSkippedAndCounted() {
        String text = "Wilayah,Tahun,Jumlah\n"
                + "Kota Tegal,2020,5\n"
                + ",,\n"
                + " , \u00A0 ,\t\n"
                + "\n"
                + "Sumber: BPS Provinsi Jawa Tengah,,\n"
                + ",Catatan: angka sementara,\n"
                + "KETERANGAN,,\n"
                + "Note: provisional,,\n"
                + "Source: BPS,,\n"
                + "Ket. data 2020 revisi,,\n"
                + "*) angka perbaikan,,\n";
        try (CsvRecordReader r = open(text, "Wilayah", "Jumlah")) {
            List<SourceRecord> recs = readAll(r);
            assertThat(recs).containsExactly(new SourceRecord(2, new String[] {"Kota Tegal", "5"}, "Kota Tegal,2020,5"));
            assertThat(r.skippedRows()).isEqualTo(10);
        }
    }

    @Test
    void noteLikeTextWithOtherCellsFilledIsData() {
        // "Sumberrejo" starts with "Sumber" but the row has values: it is a data row, not a footer
        String text = "Wilayah,Jumlah\nSumberlawang,12\nKota Tegal,5\n";
        try (CsvRecordReader r = open(text, "Wilayah", "Jumlah")) {
            assertThat(readAll(r)).extracting(x -> x.cell(0)).containsExactly("Sumberlawang", "Kota Tegal");
            assertThat(r.skippedRows()).isZero();
        }
    }

    @Test
    void shortRowGivesNullForMissingCellsWithoutAProblem() {
        String text = "Wilayah,Tahun,Jumlah,Satuan\nKota Tegal,2020\nKota Pati,2021,7,jiwa\n";
        try (CsvRecordReader r = open(text, "Wilayah", "Jumlah", "Tahun")) {
            List<SourceRecord> recs = readAll(r);
            assertThat(recs.get(0).cells()).containsExactly("Kota Tegal", null, "2020");
            assertThat(recs.get(0).problem()).isNull();
            assertThat(recs.get(1).cells()).containsExactly("Kota Pati", "7", "2021");
        }
    }

    @Test
    void longRowWithBlankExtraCellsIsFine() {
        String text = "Wilayah,Jumlah\nKota Tegal,5,,  ,\n";
        try (CsvRecordReader r = open(text, "Wilayah", "Jumlah")) {
            SourceRecord rec = r.next();
            assertThat(rec.problem()).isNull();
            assertThat(rec.cells()).containsExactly("Kota Tegal", "5");
        }
    }

    @Test
    void longRowWithValuesInExtraCellsIsReturnedWithAProblemAndRawIntact() {
        // typical cause: an unquoted thousands separator "1,694,740"
        String text = "Wilayah,Tahun,Jumlah,Satuan,Sumber\n"
                + "Kota Semarang,2023,1,694,740,jiwa,BPS\n"
                + "Kota Tegal,2023,5,jiwa,BPS\n";
        try (CsvRecordReader r = open(text, "Wilayah", "Jumlah")) {
            List<SourceRecord> recs = readAll(r);
            assertThat(recs.get(0).problem()).isEqualTo("row has 7 cells but the header has 5");
            assertThat(recs.get(0).raw()).isEqualTo("Kota Semarang,2023,1,694,740,jiwa,BPS");
            assertThat(recs.get(0).row()).isEqualTo(2);
            assertThat(recs.get(1).ok()).isTrue();
            assertThat(recs.get(1).row()).isEqualTo(3);
        }
    }

    @Test
    void cellsAreTrimmedOfSpacesTabsAndNonBreakingSpaces() {
        String text = "Wilayah;Nilai\n\u00A0 Kota Tegal\u202F\t; 7,5\u00A0\n";
        try (CsvRecordReader r = open(text, "Wilayah", "Nilai")) {
            assertThat(r.next().cells()).containsExactly("Kota Tegal", "7,5");
        }
    }

    @Test
    void invalidBytesAfterTheSniffedSampleBecomeAProblemOnTheirRecord() {
        // the first 64 KiB are clean UTF-8, then a windows-1252 byte appears
        StringBuilder sb = new StringBuilder("Wilayah,Catatan\n");
        int n = 0;
        while (sb.length() < FormatSniffer.SAMPLE_BYTES + 100) {
            sb.append("Kota Tegal,baris ").append(n++).append('\n');
        }
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = {'K', 'o', 't', 'a', ' ', 'P', 'a', 't', 'i', ',', '5', (byte) 0xB2, '\n'};
        Path f = TestFiles.writeBytes(dir, "late.csv", TestFiles.concat(head, tail));
        try (CsvRecordReader r = CsvRecordReader.open(f, CsvSettings.auto(), List.of("Wilayah", "Catatan"))) {
            List<SourceRecord> recs = readAll(r);
            assertThat(recs).hasSize(n + 1);
            assertThat(recs.subList(0, n)).allMatch(SourceRecord::ok);
            SourceRecord last = recs.get(n);
            assertThat(last.row()).isEqualTo(n + 2);
            assertThat(last.cells()).containsExactly("Kota Pati", "5\uFFFD");
            assertThat(last.problem()).isEqualTo("column 'Catatan' contains bytes that are not valid UTF-8 (shown as \uFFFD); save the file as UTF-8");
        }
    }

    @Test
    void rawIsCappedAt1000Characters() {
        String text = "Wilayah,Catatan\nKota Tegal," + "x".repeat(5000) + "\n";
        try (CsvRecordReader r = open(text, "Wilayah", "Catatan")) {
            SourceRecord rec = r.next();
            assertThat(rec.cell(1)).hasSize(5000);
            assertThat(rec.raw()).hasSize(SourceRecord.MAX_RAW).startsWith("Kota Tegal,xxx").endsWith("x...");
        }
    }
}
