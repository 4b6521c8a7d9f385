package id.go.jatengprov.regencyhub.normalise.read;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a file's records on a thread of its own, a block ahead of the caller, so that decoding and splitting
 * the file (about half of a CSV load's work) runs beside the normalising of the records already read. The
 * caller sees the same records in the same order, and the reader's failure at the same place: a
 * {@link BadFileException} (or any other exception) thrown after record N surfaces after record N.
 *
 * <p>Memory stays bounded: at most {@value #BLOCKS} blocks of {@value #BLOCK} records wait.
 */
public final class ReadAhead implements RecordReader {

    static final int BLOCK = 512;
    static final int BLOCKS = 4;

    /** A block of records, or the end of the file ({@code failure} null) or the reader's failure. */
    private record Block(List<SourceRecord> records, boolean last, Throwable failure) {}

    private final RecordReader reader;
    private final BlockingQueue<Block> queue = new ArrayBlockingQueue<>(BLOCKS);
    private final Thread thread;
    private volatile boolean closed;
    private Block current = new Block(List.of(), false, null);
    private int position;

    private ReadAhead(RecordReader reader, String name) {
        this.reader = reader;
        this.thread = new Thread(this::readAll, "read-ahead " + name);
        this.thread.setDaemon(true);
    }

    /** Starts reading {@code reader} ahead; closing the result closes it. */
    public static ReadAhead of(RecordReader reader, String name) {
        ReadAhead r = new ReadAhead(reader, name);
        r.thread.start();
        return r;
    }

    private void readAll() {
        Block end;
        List<SourceRecord> block = new ArrayList<>(BLOCK);
        try {
            while (!closed && reader.hasNext()) {
                block.add(reader.next());
                if (block.size() == BLOCK) {
                    queue.put(new Block(block, false, null));
                    block = new ArrayList<>(BLOCK);
                }
            }
            end = new Block(block, true, null);
        } catch (InterruptedException e) {
            return; // closed by the caller: nobody waits for the rest
        } catch (Throwable t) {
            end = new Block(block, true, t); // the records read before the failure come first
        }
        try {
            queue.put(end);
        } catch (InterruptedException e) {
            // closed by the caller
        }
    }

    @Override
    public boolean hasNext() {
        while (position == current.records().size()) {
            if (current.last()) {
                if (current.failure() != null) {
                    rethrow(current.failure());
                }
                return false;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the file", e);
            }
            position = 0;
        }
        return true;
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.records().get(position++);
    }

    @Override public List<String> header() { return reader.header(); }
    @Override public long headerRow() { return reader.headerRow(); }
    @Override public Sniffed sniffed() { return reader.sniffed(); }
    @Override public String describe() { return reader.describe(); }
    @Override public boolean canonicalNumbers() { return reader.canonicalNumbers(); }

    /** Exact once the last record was returned; while reading, what the reading thread has skipped so far. */
    @Override
    public long skippedRows() {
        return reader.skippedRows();
    }

    /** Stops the reading thread, waits for it, and closes the file. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        reader.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
