package id.go.jatengprov.regencyhub.normalise.read;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record of a source file.
 *
 * @param row     CSV: the 1-based physical line where the record starts, as a person sees it in an
 *                editor or spreadsheet (the header is usually row 1; a record with quoted line
 *                breaks takes several lines). JSON: the 1-based index of the record in the array.
 * @param cells   aligned to the wanted column list given to the reader; null where that column is
 *                absent in this record; otherwise trimmed of surrounding whitespace and NBSP
 * @param raw     the record's text re-joined (CSV: cells joined by the delimiter, quoted where needed;
 *                JSON: the element's JSON text), capped at {@value #MAX_RAW} characters, for reject reports
 * @param problem null when the record is fine; otherwise why the caller should reject it
 *                (e.g. "row has 7 cells but the header has 5")
 */
public record SourceRecord(long row, String[] cells, String raw, String problem) {

    public static final int MAX_RAW = 1000;

    public SourceRecord(long row, String[] cells, String raw) {
        this(row, cells, raw, null);
    }

    /** Cell of the i-th wanted column (null when absent). */
    public String cell(int i) {
        return cells[i];
    }

    public boolean ok() {
        return problem == null;
    }

    // records compare arrays by identity; compare their contents instead
    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRecord r && row == r.row && Arrays.equals(cells, r.cells)
                && Objects.equals(raw, r.raw) && Objects.equals(problem, r.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(row, Arrays.hashCode(cells), raw, problem);
    }

    @Override
    public String toString() {
        return "SourceRecord[row=" + row + ", cells=" + Arrays.toString(cells) + ", raw=" + raw
                + (problem == null ? "" : ", problem=" + problem) + "]";
    }
}
