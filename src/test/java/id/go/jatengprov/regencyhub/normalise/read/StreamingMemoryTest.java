package id.go.jatengprov.regencyhub.normalise.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.config.CsvSettings;

/**
 * Reads a generated 2,000,000-row file (about 80 MB) end to end. Heap use is measured after the read
 * with the reader still open: a reader that kept rows would hold hundreds of MB at that point.
 */
class StreamingMemoryTest {

    private static final int ROWS = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void twoMillionRowsStreamInBoundedMemory() throws IOException {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("Wilayah;Tahun;Indikator;Nilai\n");
            for (int i = 0; i < ROWS; i++) {
                w.write("Kabupaten Nomor ");
                w.write(Integer.toString(i % 35));
                w.write(";2024;Indeks Pembangunan Manusia;");
                w.write(Integer.toString(i));
                w.write(",5\n");
            }
        }
        assertThat(Files.size(csv)).isGreaterThan(70_000_000L);

        long rows = 0;
        long lastRow = 0;
        long valueSum = 0;
        long heapAfter;
        try (RecordReader r = RecordReaders.open(csv, "csv", CsvSettings.auto(), null, List.of("Nilai", "Wilayah"))) {
            while (r.hasNext()) {
                SourceRecord rec = r.next();
                rows++;
                lastRow = rec.row();
                valueSum += rec.cell(0).length();
            }
            heapAfter = usedHeapAfterGc();
        }
        assertThat(rows).isEqualTo(ROWS);
        assertThat(lastRow).isEqualTo(ROWS + 1);
        assertThat(valueSum).isGreaterThan(ROWS * 3L);
        // 2M records of ~40 chars each would be >300 MB if retained; allow generous room for the JVM itself
        assertThat(heapAfter).isLessThan(200L * 1024 * 1024);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
