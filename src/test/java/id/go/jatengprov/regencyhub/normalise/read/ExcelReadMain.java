package id.go.jatengprov.regencyhub.normalise.read;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a workbook end to end in a JVM of its own (started by {@link ExcelStreamingMemoryTest} with a small heap)
 * and prints {@code rows=N lastRow=N valueChars=N heapAfterMb=N peakHeapMb=N}.
 */
final class ExcelReadMain {

    private ExcelReadMain() {
    }

    public static void main(String[] args) {
        long rows = 0;
        long lastRow = 0;
        long chars = 0;
        long heapAfter;
        try (RecordReader r = RecordReaders.open(Path.of(args[0]), "xlsx", null, null, null,
                List.of("Kode Wilayah", "Nama Desa", "Jumlah Penduduk L", "Jumlah Penduduk P"))) {
            while (r.hasNext()) {
                SourceRecord rec = r.next();
                rows++;
                lastRow = rec.row();
                for (String c : rec.cells()) chars += c.length();
            }
            System.gc();
            heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        }
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        System.out.println("rows=" + rows + " lastRow=" + lastRow + " valueChars=" + chars
                + " heapAfterMb=" + heapAfter / (1024 * 1024) + " peakHeapMb=" + peak / (1024 * 1024));
    }
}
