package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readAll;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.config.CsvSettings;

/**
 * Reading ahead on another thread changes nothing the caller sees: the same records in the same order, the same
 * skipped rows, the same failure after the same records; and closing early stops the reading thread.
 */
class ReadAheadTest {

    @TempDir Path dir;

    private static final List<String> WANTED = List.of("kode", "tahun", "jumlah");

    /** More records than the blocks that may wait, with blank lines and a footer note to skip. */
    private Path bigFile(String name, String brokenAt) {
        StringBuilder csv = new StringBuilder("kode;tahun;jumlah\r\n");
        for (int i = 1; i <= ReadAhead.BLOCK * (ReadAhead.BLOCKS + 3) + 7; i++) {
            if (i % 1000 == 0) csv.append(";;\r\n");
            if (brokenAt != null && i == 2500) csv.append(brokenAt);
            csv.append("33.").append(i % 35 + 1).append(';').append(2000 + i % 25).append(';').append(i).append("\r\n");
        }
        csv.append("Sumber: BPS Jawa Tengah;;\r\n");
        return write(dir, name, csv.toString());
    }

    private static List<String> describe(List<SourceRecord> records) {
        return records.stream().map(r -> r.row() + ":" + String.join("|", r.cells())).toList();
    }

    @Test
    void givesTheSameRecordsInTheSameOrderAsTheReaderItself() {
        Path f = bigFile("big.csv", null);
        List<SourceRecord> plain;
        long plainSkipped;
        try (RecordReader r = CsvRecordReader.open(f, CsvSettings.auto(), WANTED)) {
            plain = readAll(r);
            plainSkipped = r.skippedRows();
        }
        try (RecordReader r = ReadAhead.of(CsvRecordReader.open(f, CsvSettings.auto(), WANTED), "big.csv")) {
            assertThat(r.header()).containsExactly("kode", "tahun", "jumlah");
            assertThat(r.headerRow()).isEqualTo(1);
            assertThat(r.sniffed().delimiter()).isEqualTo(';');
            List<SourceRecord> ahead = readAll(r);
            assertThat(ahead).hasSize(plain.size()).hasSizeGreaterThan(ReadAhead.BLOCK * ReadAhead.BLOCKS);
            assertThat(describe(ahead)).isEqualTo(describe(plain));
            assertThat(r.skippedRows()).isEqualTo(plainSkipped).isEqualTo(4);
            assertThat(r.hasNext()).isFalse();
        }
    }

    @Test
    void aFileThatBreaksPartWayFailsAfterTheSameRecordsWithTheSameMessage() {
        Path f = bigFile("broken.csv", "\"33.99;2020;1\r\n");
        List<SourceRecord> plainBefore = new ArrayList<>();
        RuntimeException plainFailure;
        try (RecordReader r = CsvRecordReader.open(f, CsvSettings.auto(), WANTED)) {
            plainFailure = readUntilFailure(r, plainBefore);
        }
        assertThat(plainFailure).isInstanceOf(BadFileException.class);

        List<SourceRecord> aheadBefore = new ArrayList<>();
        RuntimeException aheadFailure;
        try (RecordReader r = ReadAhead.of(CsvRecordReader.open(f, CsvSettings.auto(), WANTED), "broken.csv")) {
            aheadFailure = readUntilFailure(r, aheadBefore);
        }
        assertThat(aheadFailure).isInstanceOf(BadFileException.class).hasMessage(plainFailure.getMessage());
        assertThat(describe(aheadBefore)).isEqualTo(describe(plainBefore));
    }

    private static RuntimeException readUntilFailure(RecordReader r, List<SourceRecord> into) {
        try {
            while (r.hasNext()) {
                into.add(r.next());
            }
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the file was read to its end without failing");
    }

    @Test
    void closingBeforeTheEndStopsTheReadingThread() {
        Path f = bigFile("early.csv", null);
        try (RecordReader r = ReadAhead.of(CsvRecordReader.open(f, CsvSettings.auto(), WANTED), "early.csv")) {
            for (int i = 0; i < 10; i++) {
                assertThat(r.next().cells()[2]).isEqualTo(String.valueOf(i + 1));
            }
            assertThat(readingThreads("early.csv")).isNotEmpty(); // blocked on the full queue
        }
        assertThat(readingThreads("early.csv")).isEmpty();
    }

    private static List<Thread> readingThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("read-ahead " + name) && t.isAlive()).toList();
    }
}
