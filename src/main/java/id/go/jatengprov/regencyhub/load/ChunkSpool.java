package id.go.jatengprov.regencyhub.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch's normalised rows cut into chunks of {@code chunkSize} rows of COPY text, as they come: each full chunk is
 * offered at once ({@link EarlyHandler}), so that it can be queued and load while later rows are still being
 * normalised; the last, partial chunk waits for {@link #finish}. Chunking is deterministic: the same rows give the same
 * chunks, so a batch that a crash interrupted is simply normalised and queued again (chunks that loaded are no-ops).
 *
 * <p>A chunk that must not be queued before the whole batch is known (its reject ratio) is spooled to a file
 * ({@code <data-dir>/work/<batch>.copy}) and read back later as the bytes it is. Memory stays bounded: one chunk is
 * held while it is built.
 */
public final class ChunkSpool implements AutoCloseable {

    /** One chunk: its number (1-based), its rows, and its bytes of COPY text. */
    public record Chunk(int number, int rows, byte[] body) {}

    /** What to do with a chunk. */
    @FunctionalInterface
    public interface ChunkHandler {
        void accept(Chunk chunk) throws IOException;
    }

    /** Gets each full chunk as soon as it is cut; returns false to have it spooled for later instead. */
    @FunctionalInterface
    public interface EarlyHandler {
        boolean queueNow(Chunk chunk) throws IOException;
    }

    private final int chunkSize;
    private final EarlyHandler full;
    private final Path deferFile;
    private final CopyText.Bytes current;
    private final List<Chunk> deferred = new ArrayList<>(); // bodies on disk: only number and rows held here
    private final List<Integer> deferredLengths = new ArrayList<>();
    private OutputStream deferOut;
    private int rowsInChunk;
    private int chunks;
    private long rows;
    private boolean finished;

    /**
     * @param full      gets every full chunk as soon as it is cut, in order
     * @param deferFile where chunks are spooled for later (created on the first one)
     */
    public ChunkSpool(int chunkSize, EarlyHandler full, Path deferFile) {
        this.chunkSize = chunkSize;
        this.full = full;
        this.deferFile = deferFile;
        this.current = new CopyText.Bytes(Math.min(chunkSize, 20_000) * 128);
    }

    /** Adds one row: the values in dataset order, then its row in the source file. */
    public void add(long sourceRow, String[] values) {
        if (finished) throw new IllegalStateException("the spool is finished");
        CopyText.appendRow(current, values, sourceRow);
        rows++;
        if (++rowsInChunk == chunkSize) {
            try {
                Chunk c = cut();
                if (!full.queueNow(c)) defer(c);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Chunk cut() {
        Chunk c = new Chunk(++chunks, rowsInChunk, current.toArray());
        current.clear();
        rowsInChunk = 0;
        return c;
    }

    /** Every row is in: the last, partial chunk, or null when the rows filled whole chunks. */
    public Chunk finish() {
        finished = true;
        return rowsInChunk > 0 ? cut() : null;
    }

    /** The chunks cut so far (all of them once finished). */
    public int chunks() {
        return chunks;
    }

    public long rows() {
        return rows;
    }

    /** Keeps a chunk on disk, for {@link #forEachDeferred}. */
    private void defer(Chunk chunk) throws IOException {
        if (deferOut == null) {
            deferOut = new java.io.BufferedOutputStream(Files.newOutputStream(deferFile), 1 << 16);
        }
        deferOut.write(chunk.body());
        deferred.add(new Chunk(chunk.number(), chunk.rows(), null));
        deferredLengths.add(chunk.body().length);
    }

    /** The chunks spooled for later, read back in order, each as the bytes it was. */
    public void forEachDeferred(ChunkHandler handler) throws IOException {
        if (deferOut == null) return;
        deferOut.close();
        try (InputStream in = Files.newInputStream(deferFile)) {
            for (int i = 0; i < deferred.size(); i++) {
                Chunk d = deferred.get(i);
                handler.accept(new Chunk(d.number(), d.rows(), in.readNBytes(deferredLengths.get(i))));
            }
        }
    }

    /** Deletes the file of deferred chunks. */
    @Override
    public void close() throws IOException {
        try {
            if (deferOut != null) deferOut.close();
        } finally {
            Files.deleteIfExists(deferFile);
        }
    }
}
