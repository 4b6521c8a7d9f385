package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readCsv;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvQuotingTest {

    @TempDir
    Path dir;

    @Test
    void quotedNewlinesAndDelimitersStayInOneCellAndRowsAreStartingLines() {
        String text = "Wilayah,Catatan,Tahun\r\n"
                + "\"Kota Semarang\",\"banjir rob,\r\ndi pesisir\r\nutara\",2023\r\n"
                + "Kabupaten Demak,\"kata \"\"rob\"\" dipakai\",2023\r\n"
                + "Kabupaten Kudus,,2023\r\n";
        List<SourceRecord> recs = readCsv(write(dir, "q.csv", text), "Wilayah", "Catatan", "Tahun");
        assertThat(recs).extracting(SourceRecord::row).containsExactly(2L, 5L, 6L);
        assertThat(recs.get(0).cells()).containsExactly("Kota Semarang", "banjir rob,\r\ndi pesisir\r\nutara", "2023");
        assertThat(recs.get(1).cells()).containsExactly("Kabupaten Demak", "kata \"rob\" dipakai", "2023");
        assertThat(recs.get(2).cells()).containsExactly("Kabupaten Kudus", "", "2023");
        // raw re-quotes what needs quoting so a reject report shows a valid CSV line
        assertThat(recs.get(1).raw()).isEqualTo("Kabupaten Demak,\"kata \"\"rob\"\" dipakai\",2023");
        assertThat(recs.get(0).raw()).isEqualTo("Kota Semarang,\"banjir rob,\r\ndi pesisir\r\nutara\",2023");
    }

    @Test
    void quotedSemicolonInSemicolonFileAndLfOnlyNumbering() {
        String text = "kab_kota;indeks\n\"Kab. Tegal; Slawi\";70,5\n\n\"Kota\nTegal\";77,43\n";
        List<SourceRecord> recs = readCsv(write(dir, "s.csv", text), "kab_kota", "indeks");
        assertThat(recs).extracting(SourceRecord::row).containsExactly(2L, 4L);
        assertThat(recs.get(0).cells()).containsExactly("Kab. Tegal; Slawi", "70,5");
        assertThat(recs.get(1).cells()).containsExactly("Kota\nTegal", "77,43");
    }

    @Test
    void oldMacCrOnlyLineEndingsAreCountedLikeLf() {
        String text = "Wilayah,Catatan\r\"dua\rbaris\",x\r\rKota Tegal,y\r";
        List<SourceRecord> recs = readCsv(write(dir, "cr.csv", text), "Wilayah", "Catatan");
        assertThat(recs).extracting(SourceRecord::row).containsExactly(2L, 5L);
        assertThat(recs.get(0).cells()).containsExactly("dua\rbaris", "x");
    }

    @Test
    void quoteInTheMiddleOfAnUnquotedCellIsAnOrdinaryCharacter() {
        String text = "Wilayah,Ukuran\nKota Tegal,5\" pipa\nKota Brebes,6\n";
        List<SourceRecord> recs = readCsv(write(dir, "m.csv", text), "Wilayah", "Ukuran");
        assertThat(recs).extracting(r -> r.cell(1)).containsExactly("5\" pipa", "6");
        assertThat(recs).extracting(SourceRecord::row).containsExactly(2L, 3L);
    }

    @Test
    void unbalancedQuoteReachingEndOfFileNamesTheLineWhereItStarts() {
        String text = "Wilayah,Tahun\nKota Tegal,2020\n\"Kota Brebes,2021\nKota Pati,2022\nKota Kudus,2023\n";
        Path f = write(dir, "u.csv", text);
        assertThatThrownBy(() -> readCsv(f, "Wilayah", "Tahun"))
                .isInstanceOf(BadFileException.class)
                .hasMessage("line 3: unbalanced quote: a quoted field starting on line 3 never ends; check the quoting"
                        + " (a quote inside a quoted field must be doubled: \"\")");
    }

    @Test
    void textAfterAClosingQuoteIsReportedWithTheRecordLine() {
        String text = "Wilayah,Tahun\nKota Tegal,2020\n\"Kab. \"Semarang\" Barat\",2021\n";
        Path f = write(dir, "a.csv", text);
        assertThatThrownBy(() -> readCsv(f, "Wilayah", "Tahun"))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("line 3: 'S' follows the closing quote of a quoted field in the record starting on line 3;")
                .hasMessageEndingWith("check the quoting");
    }
}
