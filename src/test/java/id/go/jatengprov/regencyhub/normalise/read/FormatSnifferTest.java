package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.concat;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.sample;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.write;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.writeBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.config.CsvSettings;

class FormatSnifferTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    @TempDir
    Path dir;

    @Test
    void ipmSampleIsSemicolonUtf8WithLfAndNoBom() {
        Sniffed s = FormatSniffer.sniff(sample("ipm_jateng_2024_datajatengprov_semicolon.csv"), CsvSettings.auto());
        assertThat(s).isEqualTo(new Sniffed(StandardCharsets.UTF_8, false, ';', "LF"));
    }

    @Test
    void faskesSampleIsCommaUtf8WithBomAndCrlf() {
        Sniffed s = FormatSniffer.sniff(sample("faskes_jateng_bps_2021_2023.csv"), CsvSettings.auto());
        assertThat(s).isEqualTo(new Sniffed(StandardCharsets.UTF_8, true, ',', "CRLF"));
        assertThat(s.bomLength()).isEqualTo(3);
    }

    @Test
    void bayiSampleIsCommaUtf8WithBomAndCrlf() {
        Sniffed s = FormatSniffer.sniff(sample("bayi_bblr_gizi_jateng_bps.csv"), CsvSettings.auto());
        assertThat(s).isEqualTo(new Sniffed(StandardCharsets.UTF_8, true, ',', "CRLF"));
    }

    @Test
    void windows1252FileWithSuperscriptAndEnDashIsDetected() {
        String text = "Wilayah;Luas (km²);Periode\r\nKota Semarang;373,70;2020–2023\r\nKabupaten Demak;897,43;2020–2023\r\n";
        Path f = write(dir, "cp1252.csv", text, CP1252);
        Sniffed s = FormatSniffer.sniff(f, CsvSettings.auto());
        assertThat(s.charset()).isEqualTo(CP1252);
        assertThat(s.bom()).isFalse();
        assertThat(s.delimiter()).isEqualTo(';');
        assertThat(s.lineEnding()).isEqualTo("CRLF");
        try (CsvRecordReader r = CsvRecordReader.open(f, CsvSettings.auto(), java.util.List.of("Luas (km²)", "Periode"))) {
            assertThat(r.next().cells()).containsExactly("373,70", "2020–2023");
        }
    }

    @Test
    void utf8CharacterSplitByThe64KiBCutIsNotMistakenForWindows1252() {
        // "²" is 2 bytes in UTF-8; put its first byte as the last byte of the 64 KiB sample
        StringBuilder sb = new StringBuilder("a,b\n");
        while (sb.length() < FormatSniffer.SAMPLE_BYTES - 1) {
            sb.append('x');
        }
        sb.setLength(FormatSniffer.SAMPLE_BYTES - 1);
        sb.append("²,y\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes[FormatSniffer.SAMPLE_BYTES - 1] & 0xFF).isEqualTo(0xC2);
        Sniffed s = FormatSniffer.sniff(writeBytes(dir, "cut.csv", bytes), CsvSettings.auto());
        assertThat(s.charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void utf16LittleEndianWithBom() {
        byte[] bytes = concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "Wilayah\tTahun\r\nKota Surakarta\t2023\r\n".getBytes(StandardCharsets.UTF_16LE));
        Sniffed s = FormatSniffer.sniff(writeBytes(dir, "u16.csv", bytes), CsvSettings.auto());
        assertThat(s).isEqualTo(new Sniffed(StandardCharsets.UTF_16LE, true, '\t', "CRLF"));
        assertThat(s.bomLength()).isEqualTo(2);
    }

    @Test
    void utf16BigEndianWithBomIsReadByTheCsvReader() {
        byte[] bytes = concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                "Wilayah|Tahun\nKota Magelang|2022\n".getBytes(StandardCharsets.UTF_16BE));
        Path f = writeBytes(dir, "u16be.csv", bytes);
        try (CsvRecordReader r = CsvRecordReader.open(f, CsvSettings.auto(), java.util.List.of("Wilayah", "Tahun"))) {
            assertThat(r.sniffed().charset()).isEqualTo(StandardCharsets.UTF_16BE);
            assertThat(r.sniffed().delimiter()).isEqualTo('|');
            SourceRecord rec = r.next();
            assertThat(rec.row()).isEqualTo(2);
            assertThat(rec.cells()).containsExactly("Kota Magelang", "2022");
        }
    }

    @Test
    void utf16WithoutBomNeedsTheEncodingSetting() {
        Path f = write(dir, "u16nobom.csv", "Wilayah,Tahun\nKota Salatiga,2021\n", StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> FormatSniffer.sniff(f, CsvSettings.auto()))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the file contains NUL bytes at byte 1: it is binary or UTF-16 without a byte-order mark;"
                        + " save it as UTF-8 (or set the encoding to UTF-16)");
        Sniffed s = FormatSniffer.sniff(f, new CsvSettings("auto", "UTF-16"));
        assertThat(s.charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(s.bom()).isFalse();
        assertThat(s.delimiter()).isEqualTo(',');
        Path be = write(dir, "u16be-nobom.csv", "Wilayah,Tahun\nKota Salatiga,2021\n", StandardCharsets.UTF_16BE);
        assertThat(FormatSniffer.sniff(be, new CsvSettings("auto", "utf-16")).charset()).isEqualTo(StandardCharsets.UTF_16BE);
    }

    @Test
    void configuredDelimiterAndEncodingOverrideDetection() {
        Path f = write(dir, "cfg.csv", "a;b,c\n1;2,3\n");
        assertThat(FormatSniffer.sniff(f, new CsvSettings("|", "windows-1252")))
                .isEqualTo(new Sniffed(CP1252, false, '|', "LF"));
        assertThat(FormatSniffer.sniff(f, new CsvSettings("tab", "auto")).delimiter()).isEqualTo('\t');
    }

    @Test
    void delimiterIsChosenByConsistencyNotByRawCount() {
        // commas are more frequent overall but vary per line; ';' is 2 on every line
        String text = "Wilayah;Keterangan;Nilai\n"
                + "Kota Semarang;a,b,c,d,e;1\n"
                + "Kabupaten Kendal;a;2\n"
                + "Kabupaten Batang;a,b;3\n";
        assertThat(FormatSniffer.sniff(write(dir, "cons.csv", text), CsvSettings.auto()).delimiter()).isEqualTo(';');
    }

    @Test
    void delimitersInsideQuotesAreNotCounted() {
        String text = "\"Wilayah; nama\",\"Tahun; data\"\n\"Kota; A\",2020\n\"Kota; B\",2021\n";
        assertThat(FormatSniffer.sniff(write(dir, "q.csv", text), CsvSettings.auto()).delimiter()).isEqualTo(',');
    }

    @Test
    void lineEndingsCrAndMixed() {
        assertThat(FormatSniffer.sniff(write(dir, "cr.csv", "a,b\r1,2\r"), CsvSettings.auto()).lineEnding()).isEqualTo("CR");
        assertThat(FormatSniffer.sniff(write(dir, "mixed.csv", "a,b\r\n1,2\n"), CsvSettings.auto()).lineEnding()).isEqualTo("mixed");
        assertThat(FormatSniffer.sniff(write(dir, "one.csv", "a,b"), CsvSettings.auto()).lineEnding()).isEqualTo("none");
    }

    @Test
    void pngIsRejectedByName() {
        Path f = writeBytes(dir, "chart.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13});
        assertThatThrownBy(() -> FormatSniffer.sniff(f, CsvSettings.auto()))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the file is a PNG image, not CSV");
    }

    @Test
    void zipIsRejectedWithXlsxHint() {
        Path f = writeBytes(dir, "data.csv", new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0});
        assertThatThrownBy(() -> FormatSniffer.sniff(f, CsvSettings.auto()))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the file is a ZIP archive (perhaps an .xlsx workbook): export it as CSV");
    }

    @Test
    void pdfJpegGifGzipAndOldXlsAreRejectedByName() {
        assertRejected(new byte[] {'%', 'P', 'D', 'F', '-', '1', '.', '7'}, "the file is a PDF document, not CSV");
        assertRejected(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, "the file is a JPEG image, not CSV");
        assertRejected("GIF89a....".getBytes(StandardCharsets.US_ASCII), "the file is a GIF image, not CSV");
        assertRejected(new byte[] {0x1F, (byte) 0x8B, 8, 0}, "the file is a GZIP archive, not CSV: unpack it first");
        assertRejected(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1},
                "the file is an old Excel .xls workbook (or another Office document): export it as CSV");
    }

    private void assertRejected(byte[] bytes, String messageStart) {
        Path f = writeBytes(dir, "x" + bytes[0] + ".csv", bytes);
        assertThatThrownBy(() -> FormatSniffer.sniff(f, CsvSettings.auto()))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void nulByteInUtf8FileIsReportedWithOffset() {
        Path f = writeBytes(dir, "nul.csv", concat("a,b\n1,".getBytes(StandardCharsets.US_ASCII), new byte[] {0, '2', '\n'}));
        assertThatThrownBy(() -> FormatSniffer.sniff(f, CsvSettings.auto()))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the file contains NUL bytes at byte 6: it is binary or UTF-16 without a byte-order mark; save it as UTF-8");
    }

    @Test
    void htmlPageIsRejectedWithItsTitle() {
        String html = "\n  <!DOCTYPE html>\n<html><head><title>403 Forbidden - Portal Data Jawa Tengah</title></head>"
                + "<body><h1>Forbidden</h1></body></html>";
        Path f = write(dir, "ipm.csv", html);
        assertThatThrownBy(() -> FormatSniffer.sniff(f, CsvSettings.auto()))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("the file is an HTML page, not CSV: \"403 Forbidden - Portal Data Jawa Tengah\"");
    }

    @Test
    void htmlPageWithoutTitleShowsItsTextCappedAt80Chars() {
        String body = "Sesi anda telah berakhir, silakan masuk kembali ".repeat(4);
        Path f = write(dir, "login.csv", "<HTML><body><script>var x = 1;</script><p>" + body + "</p></body></HTML>");
        String expected = body.strip().substring(0, 80) + "...";
        assertThatThrownBy(() -> FormatSniffer.sniff(f, CsvSettings.auto()))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("the file is an HTML page, not CSV: \"" + expected + "\"");
    }
}
