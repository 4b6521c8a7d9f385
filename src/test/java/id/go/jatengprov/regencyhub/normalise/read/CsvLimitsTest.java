package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readCsv;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLimitsTest {

    @TempDir
    Path dir;

    @Test
    void fieldOfTwoMillionCharactersIsRejectedWithItsLine() throws IOException {
        Path f = dir.resolve("bigfield.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("Wilayah,Catatan\nKota Tegal,ok\nKota Pati,");
            for (int i = 0; i < 2_000; i++) {
                w.write("y".repeat(1000));
            }
            w.write("\nKota Kudus,ok\n");
        }
        assertThatThrownBy(() -> readCsv(f, "Wilayah", "Catatan"))
                .isInstanceOf(BadFileException.class)
                .hasMessage("line 3: a field is longer than 1,000,000 characters; split or shorten it");
    }

    @Test
    void quoteThatNeverClosesInAFewMegabytesIsReportedAsUnbalanced() throws IOException {
        Path f = dir.resolve("openquote.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("Wilayah,Catatan\nKota Tegal,ok\nKota Pati,\"tidak ditutup\n");
            for (int i = 0; i < 100_000; i++) {
                w.write("Kota Kudus,baris biasa nomor " + i + "\n");
            }
        }
        assertThat(Files.size(f)).isGreaterThan(CsvRecordReader.MAX_FIELD_CHARS);
        assertThatThrownBy(() -> readCsv(f, "Wilayah", "Catatan"))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("line 3: unbalanced quote: a quoted field starting on line 3 never ends");
    }

    @Test
    void quoteThatNeverClosesBeyondTheRecordBufferHintsAtTheQuote() throws IOException {
        // past FastCSV's record buffer the parser gives up before end of file; the guard still knows the quote is open
        Path f = dir.resolve("openquote-huge.csv");
        String line = "Kota Kudus,baris biasa yang cukup panjang untuk mengisi berkas\n";
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("Wilayah,Catatan\nKota Tegal,ok\n\nKota Pati,\"tidak ditutup\n");
            for (long written = 0; written < CsvRecordReader.MAX_RECORD_CHARS + 1_000_000L; written += line.length()) {
                w.write(line);
            }
        }
        assertThatThrownBy(() -> readCsv(f, "Wilayah", "Catatan"))
                .isInstanceOf(BadFileException.class)
                .hasMessage("line 4: the record is longer than 16,777,216 characters (a quoted field starting on line 4"
                        + " is still open: perhaps its closing quote is missing; check the quoting)");
    }

    @Test
    void fieldJustUnderTheLimitIsRead() throws IOException {
        String big = "z".repeat(CsvRecordReader.MAX_FIELD_CHARS);
        Path f = write(dir, "ok.csv", "Wilayah,Catatan\nKota Tegal," + big + "\n");
        List<SourceRecord> recs = readCsv(f, "Wilayah", "Catatan");
        assertThat(recs).hasSize(1);
        assertThat(recs.get(0).cell(1)).hasSize(CsvRecordReader.MAX_FIELD_CHARS);
    }

    @Test
    void recordOfTwentyThousandColumnsIsRejectedWithItsLine() {
        StringBuilder sb = new StringBuilder("Wilayah,Tahun\nKota Tegal,2020\nKota Pati,2021");
        sb.append(",1".repeat(20_000)).append('\n');
        Path f = write(dir, "wide.csv", sb.toString());
        assertThatThrownBy(() -> readCsv(f, "Wilayah", "Tahun"))
                .isInstanceOf(BadFileException.class)
                .hasMessage("line 3: the record has more than 10,000 fields; this is not a table we can read (check the delimiter)");
    }

    @Test
    void headerOfTwentyThousandColumnsIsRejectedToo() {
        Path f = write(dir, "wideheader.csv", "Wilayah" + ",c".repeat(20_000) + "\n");
        assertThatThrownBy(() -> readCsv(f, "Wilayah"))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("line 1: the record has more than 10,000 fields");
    }

    @Test
    void nulByteBeyondTheSniffedSampleIsRejectedWithItsLine() throws IOException {
        Path f = dir.resolve("latenul.csv");
        int lines = 10_000; // header + 9,999 rows: about 160 KB, well past the 64 KiB sample
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("Wilayah,Tahun\n");
            for (int i = 1; i < lines; i++) {
                w.write("Kota Tegal,2020\n");
            }
            w.write("Kota \0Pati,2021\n");
        }
        assertThat(Files.size(f)).isGreaterThan(FormatSniffer.SAMPLE_BYTES);
        int nulLine = lines + 1;
        assertThatThrownBy(() -> readCsv(f, "Wilayah", "Tahun"))
                .isInstanceOf(BadFileException.class)
                .hasMessage("line " + nulLine + ": the file contains a NUL character: it is binary or not in the"
                        + " detected encoding; save it as UTF-8 text");
    }

    @Test
    void nulByteInTheSampleIsRejectedWithItsByteOffset() {
        Path f = write(dir, "nul.csv", "Wilayah,Tahun\nKota\0,2020\n");
        assertThatThrownBy(() -> readCsv(f, "Wilayah", "Tahun"))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("the file contains NUL bytes at byte 18:");
    }
}
