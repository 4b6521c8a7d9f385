package id.go.jatengprov.regencyhub.normalise.read;

import java.util.Iterator;
import java.util.List;

/**
 * Streams the records of one source file, one at a time, in bounded memory.
 * {@link #hasNext()} and {@link #next()} throw {@link BadFileException} when the file turns out to
 * be unreadable part-way (records already returned stay valid, but the file as a whole is bad).
 */
public interface RecordReader extends Iterator<SourceRecord>, AutoCloseable {

    /** Column names as found in the file (CSV: the whole header row, trimmed; JSON: the wanted keys present in the first record). */
    List<String> header();

    /** CSV: the 1-based line of the header row; JSON: 0. */
    long headerRow();

    /** CSV: what the sniffer found; JSON: null. */
    Sniffed sniffed();

    /** Records after the header skipped so far because they were blank or footer notes. */
    long skippedRows();

    /** What was found, for a batch's "detected" when {@link #sniffed()} has nothing to say (a workbook); else null. */
    default String describe() {
        return null;
    }

    /**
     * True when numbers come out canonical (digits, '.' decimal mark, no grouping), as a workbook's numeric cells
     * do: then no notation is guessed from the data.
     */
    default boolean canonicalNumbers() {
        return false;
    }

    @Override
    void close();
}
