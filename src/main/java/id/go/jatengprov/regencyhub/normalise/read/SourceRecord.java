package id.go.jatengprov.regencyhub.normalise.read;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One record of a source file.
 *
 * <ul>
 * <li>{@code row}: CSV: the 1-based physical line where the record starts, as a person sees it in an
 *                editor or spreadsheet (the header is usually row 1; a record with quoted line
 *                breaks takes several lines). JSON: the 1-based index of the record in the array.
 * <li>{@code cells}: aligned to the wanted column list given to the reader; null where that column is
 *                absent in this record; otherwise trimmed of surrounding whitespace and NBSP
 * <li>{@code raw}: the record's text re-joined (CSV: cells joined by the delimiter, quoted where needed;
 *                JSON: the element's JSON text), capped at {@value #MAX_RAW} characters, for reject reports
 * <li>{@code problem}: null when the record is fine; otherwise why the caller should reject it
 *                (e.g. "row has 7 cells but the header has 5")
 * <li>workbook records only: the sheet and each wanted column's letters, so that a reject can name the cell
 *                ({@link #cellRef}, {@link #problemRef}); CSV and JSON records have none
 * </ul>
 */
public final class SourceRecord {

    public static final int MAX_RAW = 1000;

    private final long row;
    private final String[] cells;
    private final String problem;
    // The raw text is only read for rejects; re-joining every record cost about a tenth of a CSV load,
    // so a reader may give it as a supplier that runs at most once.
    private Supplier<String> rawText;
    private String raw;
    private SheetColumns sheet;
    private int problemColumn = -1;

    /** Where a workbook record's cells are: the sheet's name and each wanted column's letters (null where absent). */
    public record SheetColumns(String sheet, String[] letters) {}

    public SourceRecord(long row, String[] cells, String raw, String problem) {
        this.row = row;
        this.cells = cells;
        this.raw = raw;
        this.problem = problem;
    }

    public SourceRecord(long row, String[] cells, String raw) {
        this(row, cells, raw, null);
    }

    /** A record whose raw text is made when first asked for. */
    static SourceRecord lazy(long row, String[] cells, Supplier<String> raw, String problem) {
        SourceRecord r = new SourceRecord(row, cells, null, problem);
        r.rawText = raw;
        return r;
    }

    /** A workbook record: its cells are in {@code sheet}; {@code problemColumn} is the wanted column the problem is in, or -1. */
    static SourceRecord inSheet(long row, String[] cells, Supplier<String> raw, String problem, SheetColumns sheet,
                                int problemColumn) {
        SourceRecord r = lazy(row, cells, raw, problem);
        r.sheet = sheet;
        r.problemColumn = problemColumn;
        return r;
    }

    public long row() { return row; }

    /** Workbook records: the i-th wanted column's cell as Excel names it, {@code 'Tabel 1'!C7}; otherwise null. */
    public String cellRef(int i) {
        if (sheet == null || i < 0 || i >= sheet.letters().length || sheet.letters()[i] == null) {
            return null;
        }
        return CellText.sheetPrefix(sheet.sheet()) + sheet.letters()[i] + row;
    }

    /** Workbook records: the cell the problem is in, or the whole row ({@code 'Tabel 1'!7:7}); otherwise null. */
    public String problemRef() {
        if (sheet == null) {
            return null;
        }
        String cell = cellRef(problemColumn);
        return cell != null ? cell : CellText.sheetPrefix(sheet.sheet()) + row + ":" + row;
    }

    public String[] cells() { return cells; }

    public String problem() { return problem; }

    public String raw() {
        if (rawText != null) {
            raw = rawText.get();
            rawText = null;
        }
        return raw;
    }

    /** Cell of the i-th wanted column (null when absent). */
    public String cell(int i) {
        return cells[i];
    }

    public boolean ok() {
        return problem == null;
    }

    // compare the arrays' contents, not their identity
    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRecord r && row == r.row && Arrays.equals(cells, r.cells)
                && Objects.equals(raw(), r.raw()) && Objects.equals(problem, r.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(row, Arrays.hashCode(cells), raw(), problem);
    }

    @Override
    public String toString() {
        return "SourceRecord[row=" + row + ", cells=" + Arrays.toString(cells) + ", raw=" + raw()
                + (problem == null ? "" : ", problem=" + problem) + "]";
    }
}
