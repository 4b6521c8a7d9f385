package id.go.jatengprov.regencyhub.load;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch's normalised rows on disk, as COPY text, cut into chunks of {@code chunkSize} rows, so that the whole
 * batch is known (its reject ratio) before anything is queued, and chunks are read back as byte ranges without
 * decoding a row again. Chunking is deterministic: the same rows give the same chunks, so a batch that a crash
 * interrupted is simply spooled and queued again.
 */
public final class ChunkSpool implements AutoCloseable {

    /** One chunk read back: its number (1-based), its rows, and its bytes of COPY text. */
    public record Chunk(int number, int rows, byte[] body) {}

    /** What to do with each chunk read back. */
    @FunctionalInterface
    public interface ChunkHandler {
        void accept(Chunk chunk) throws IOException;
    }

    private final Path file;
    private final int chunkSize;
    private final CountingStream bytes;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private final List<Long> chunkEnds = new ArrayList<>();
    private char[] buf = new char[512];
    private int rowsInChunk;
    private long rows;
    private boolean finished;

    public ChunkSpool(Path file, int chunkSize) throws IOException {
        this.file = file;
        this.chunkSize = chunkSize;
        this.bytes = new CountingStream(Files.newOutputStream(file));
        this.out = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Adds one row: the values in dataset order, then its row in the source file. */
    public void add(long sourceRow, String[] values) {
        line.setLength(0);
        CopyText.appendRow(line, values, sourceRow);
        try {
            int n = line.length();
            if (buf.length < n) buf = new char[Math.max(n, 2 * buf.length)];
            line.getChars(0, n, buf, 0); // copy once, not through a String per row
            out.write(buf, 0, n);
            rows++;
            if (++rowsInChunk == chunkSize) {
                out.flush();
                chunkEnds.add(bytes.count);
                rowsInChunk = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row is in: the last, partial chunk is closed. */
    public void finish() throws IOException {
        if (finished) return;
        out.flush();
        long lastEnd = chunkEnds.isEmpty() ? 0 : chunkEnds.get(chunkEnds.size() - 1);
        if (bytes.count > lastEnd) {
            chunkEnds.add(bytes.count);
        }
        out.close();
        finished = true;
    }

    public int chunks() {
        return chunkEnds.size();
    }

    public long rows() {
        return rows;
    }

    /** Reads the chunks back in order, each as the bytes it is. */
    public void forEachChunk(ChunkHandler handler) throws IOException {
        finish();
        try (InputStream in = Files.newInputStream(file)) {
            long start = 0;
            for (int chunk = 1; chunk <= chunkEnds.size(); chunk++) {
                long end = chunkEnds.get(chunk - 1);
                byte[] body = in.readNBytes(Math.toIntExact(end - start));
                int n = chunk < chunkEnds.size() ? chunkSize : (int) (rows - (long) (chunk - 1) * chunkSize);
                handler.accept(new Chunk(chunk, n, body));
                start = end;
            }
        }
    }

    /** Deletes the spool file. */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Counts the bytes written through it. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
