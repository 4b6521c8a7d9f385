package id.go.jatengprov.regencyhub.normalise.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import id.go.jatengprov.regencyhub.config.ExcelSettings;
import id.go.jatengprov.regencyhub.config.Suggest;

/**
 * Streams the records of one sheet of an .xlsx workbook, as {@link CsvRecordReader} does for a CSV file: title rows
 * above the header are skipped, the header is the first row holding every wanted column, blank rows and footer notes
 * ("Sumber : BPS") are skipped.
 *
 * <p>Workbook headers are often two rows: "Jumlah Penduduk" merged over "L" and "P" gives the columns
 * "Jumlah Penduduk L" and "Jumlah Penduduk P". A cell merged across columns names every column it spans; a cell
 * merged across rows ("Kecamatan" over both header rows) counts once. Hidden rows and sheets are left out unless
 * {@link ExcelSettings#includeHidden()}.
 *
 * <p>Values are the cells' stored values ({@link SheetRows}): formulas are never calculated, numbers are canonical
 * ({@link #canonicalNumbers()}), dates ISO. A record with an Excel error (#N/A, #DIV/0!) or an uncalculated formula
 * in a wanted column gets a problem naming the cell. Memory: one row at a time, plus the shared strings table
 * (bounded by {@link SharedStrings}).
 */
public final class ExcelRecordReader implements RecordReader {

    static final int HEADER_SEARCH_ROWS = CsvRecordReader.HEADER_SEARCH_ROWS;
    /** Rows kept while looking for the header, so that a cell merged down from above can be named. */
    private static final int RECENT_ROWS = 6;

    private final WorkbookFile workbook;
    private final WorkbookFile.Sheet sheet;
    private final SheetRows rows;
    private final MergedCells merges;
    private final boolean includeHidden;
    private final List<String> wanted;
    private final Deque<SheetRows.Row> recent = new ArrayDeque<>();
    private List<String> header;
    private int headerFirstRow;
    private int headerRow;
    private int[] columnIndex;
    private SourceRecord.SheetColumns sheetColumns;
    private SheetRows.Row pending;
    private long skipped;
    private SourceRecord next;
    private boolean done;

    private ExcelRecordReader(WorkbookFile workbook, WorkbookFile.Sheet sheet, SheetRows rows, MergedCells merges,
                              boolean includeHidden, List<String> wanted) {
        this.workbook = workbook;
        this.sheet = sheet;
        this.rows = rows;
        this.merges = merges;
        this.includeHidden = includeHidden;
        this.wanted = List.copyOf(wanted);
        findHeader();
    }

    /**
     * @param settings which sheet, and whether hidden sheets and rows count; null for {@link ExcelSettings#defaults()}
     * @param wantedColumns the columns to extract, in the order of {@link SourceRecord#cells()}
     * @throws BadFileException when the file is not a readable workbook, the sheet is missing or has no header
     */
    public static ExcelRecordReader open(Path file, ExcelSettings settings, List<String> wantedColumns) {
        ExcelSettings cfg = settings == null ? ExcelSettings.defaults() : settings;
        List<String> wanted = wantedColumns == null ? List.of() : wantedColumns;
        WorkbookFile wb = WorkbookFile.open(file);
        SheetRows rows = null;
        try {
            SharedStrings strings = SharedStrings.read(wb.sharedStrings());
            CellFormats formats = CellFormats.read(wb.styles());
            WorkbookFile.Sheet sheet = chooseSheet(wb, cfg, strings, formats);
            MergedCells merges;
            try {
                merges = MergedCells.scan(wb.sheet(sheet));
            } catch (IOException e) {
                throw WorkbookFile.partFailure(e, "sheet '" + sheet.name() + "'");
            }
            rows = new SheetRows(wb.sheet(sheet), sheet.name(), strings, formats, wb.date1904());
            return new ExcelRecordReader(wb, sheet, rows, merges, cfg.includeHidden(), wanted);
        } catch (RuntimeException e) {
            if (rows != null) rows.close();
            wb.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- sheet

    private static WorkbookFile.Sheet chooseSheet(WorkbookFile wb, ExcelSettings cfg, SharedStrings strings, CellFormats formats) {
        List<WorkbookFile.Sheet> all = wb.sheets();
        if (all.isEmpty()) {
            throw new BadFileException("the workbook has no sheets; open it in Excel and save it again");
        }
        List<WorkbookFile.Sheet> readable = all.stream().filter(s -> cfg.includeHidden() || !s.hidden()).toList();
        if (cfg.sheetName() != null) {
            String want = normaliseName(cfg.sheetName()).toLowerCase(Locale.ROOT);
            for (WorkbookFile.Sheet s : all) {
                if (normaliseName(s.name()).toLowerCase(Locale.ROOT).equals(want)) {
                    if (s.hidden() && !cfg.includeHidden()) {
                        throw new BadFileException("sheet '" + s.name() + "' of the workbook is hidden; unhide it in Excel,"
                                + " or set excel.include-hidden: true on the source");
                    }
                    return s;
                }
            }
            String near = Suggest.nearest(cfg.sheetName(), all.stream().map(WorkbookFile.Sheet::name).toList());
            throw new BadFileException("the workbook has no sheet '" + cfg.sheetName() + "' (its sheets: " + list(all) + ")"
                    + (near == null ? "" : "; did you mean '" + near + "'?")
                    + " Rename the sheet, or change excel.sheet on the source");
        }
        if (cfg.sheetIndex() > 0) {
            if (cfg.sheetIndex() <= readable.size()) {
                return readable.get(cfg.sheetIndex() - 1);
            }
            String asName = String.valueOf(cfg.sheetIndex());
            boolean named = all.stream().anyMatch(s -> s.name().strip().equals(asName));
            throw new BadFileException("the workbook has " + readable.size() + (cfg.includeHidden() ? "" : " visible")
                    + " sheet" + (readable.size() == 1 ? "" : "s") + " (" + list(readable) + "), so there is no sheet number "
                    + cfg.sheetIndex() + (named ? "; to read the sheet named '" + asName + "' write excel: { sheet: \""
                    + asName + "\" } (quoted)" : "; change excel.sheet on the source"));
        }
        for (WorkbookFile.Sheet s : readable) {
            if (hasData(wb, s, strings, formats, cfg.includeHidden())) {
                return s;
            }
        }
        throw new BadFileException("the workbook has no " + (cfg.includeHidden() ? "" : "visible ") + "sheet with data"
                + " (its sheets: " + list(all) + ")" + (cfg.includeHidden() ? "" : "; if the data is on a hidden sheet,"
                + " unhide it or set excel.include-hidden: true"));
    }

    private static boolean hasData(WorkbookFile wb, WorkbookFile.Sheet s, SharedStrings strings, CellFormats formats,
                                   boolean includeHidden) {
        try (SheetRows r = new SheetRows(wb.sheet(s), s.name(), strings, formats, wb.date1904())) {
            SheetRows.Row row;
            while ((row = r.next()) != null) {
                if ((includeHidden || !row.hidden()) && !row.blank()) return true;
            }
            return false;
        }
    }

    private static String list(List<WorkbookFile.Sheet> sheets) {
        List<String> names = new ArrayList<>();
        for (WorkbookFile.Sheet s : sheets) {
            names.add("'" + s.name() + "'" + (s.hidden() ? " (hidden)" : ""));
            if (names.size() == 20) {
                names.add("...");
                break;
            }
        }
        return String.join(", ", names);
    }

    // ---------------------------------------------------------------- header

    /** Column names of a candidate header and the rows it spans. */
    private record Candidate(List<String> names, int firstRow, int lastRow) {}

    private void findHeader() {
        List<String> wantedNorm = wanted.stream().map(w -> normaliseName(w).toLowerCase(Locale.ROOT)).toList();
        String firstRowText = null;
        Candidate closest = null;
        int closestMatches = -1;
        SheetRows.Row cur = fetchContent();
        int nonBlank = 0;
        while (cur != null && nonBlank < HEADER_SEARCH_ROWS) {
            nonBlank++;
            if (firstRowText == null) {
                firstRowText = rowText(cur, 200);
            }
            SheetRows.Row nxt = fetchContent();
            boolean adjacent = nxt != null && nxt.number() == cur.number() + 1;
            Candidate single = new Candidate(singleNames(cur), cur.number(), cur.number());
            Candidate pair = adjacent ? new Candidate(pairNames(cur, nxt), cur.number(), nxt.number()) : null;
            Candidate chosen = null;
            if (pair != null && continues(cur, nxt) && matches(pair, wantedNorm) == wantedNorm.size()) {
                chosen = pair;
            } else if (matches(single, wantedNorm) == wantedNorm.size()) {
                chosen = single;
            } else if (pair != null && matches(pair, wantedNorm) == wantedNorm.size()) {
                chosen = pair;
            }
            if (chosen != null) {
                useHeader(chosen, wantedNorm);
                pending = chosen == single ? nxt : null;
                return;
            }
            for (Candidate c : pair == null ? List.of(single) : List.of(single, pair)) {
                int m = matches(c, wantedNorm);
                if (m > closestMatches) {
                    closest = c;
                    closestMatches = m;
                }
            }
            cur = nxt;
        }
        String where = "sheet '" + sheet.name() + "'";
        String expected = String.join(", ", wanted);
        if (firstRowText == null) {
            throw new BadFileException(where + " of the workbook is empty (no non-blank rows): expected a header row with columns "
                    + expected);
        }
        StringBuilder msg = new StringBuilder(where).append(": no header row found in the first ")
                .append(HEADER_SEARCH_ROWS).append(" rows: expected columns ").append(expected)
                .append("; the first row was: ").append(firstRowText);
        if (closestMatches > 0) {
            List<String> missing = new ArrayList<>();
            List<String> lower = closest.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
            for (int k = 0; k < wanted.size(); k++) {
                if (!lower.contains(wantedNorm.get(k))) missing.add(wanted.get(k));
            }
            String shown = String.join(", ", closest.names().stream().filter(n -> !n.isEmpty()).toList());
            if (shown.length() > 300) shown = shown.substring(0, 300) + "...";
            msg.append("; ").append(rows(closest)).append(" comes closest but lacks ").append(String.join(", ", missing))
                    .append(" (it reads as: ").append(shown).append(")");
        }
        msg.append("; check the column names (a header over two rows reads as one name per column, upper and lower"
                + " joined: \"Jumlah Penduduk L\")");
        throw new BadFileException(msg.toString());
    }

    private void useHeader(Candidate c, List<String> wantedNorm) {
        List<String> lower = c.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        for (int k = 0; k < wantedNorm.size(); k++) {
            int first = lower.indexOf(wantedNorm.get(k));
            int second = first < 0 ? -1 : lower.subList(first + 1, lower.size()).indexOf(wantedNorm.get(k));
            if (second >= 0) {
                throw new BadFileException("sheet '" + sheet.name() + "', " + rows(c) + ": the header repeats column '"
                        + wanted.get(k) + "' (columns " + CellText.columnLetters(first) + " and "
                        + CellText.columnLetters(first + 1 + second) + "); rename or remove one of them");
            }
        }
        header = Collections.unmodifiableList(new ArrayList<>(c.names()));
        headerFirstRow = c.firstRow();
        headerRow = c.lastRow();
        columnIndex = new int[wanted.size()];
        String[] letters = new String[wanted.size()];
        for (int k = 0; k < columnIndex.length; k++) {
            columnIndex[k] = lower.indexOf(wantedNorm.get(k));
            letters[k] = columnIndex[k] < 0 ? null : CellText.columnLetters(columnIndex[k]);
        }
        sheetColumns = new SourceRecord.SheetColumns(sheet.name(), letters);
        recent.clear();
    }

    private static String rows(Candidate c) {
        return c.firstRow() == c.lastRow() ? "row " + c.firstRow() : "rows " + c.firstRow() + "-" + c.lastRow();
    }

    private static int matches(Candidate c, List<String> wantedNorm) {
        int m = 0;
        for (String w : wantedNorm) {
            for (String n : c.names()) {
                if (n.equalsIgnoreCase(w)) {
                    m++;
                    break;
                }
            }
        }
        return m;
    }

    /** One name per column of a one-row header; a merged cell names every column it covers. */
    private List<String> singleNames(SheetRows.Row row) {
        int width = width(row, null);
        List<String> names = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            names.add(normaliseName(valueAt(row, c)));
        }
        return names;
    }

    /** One name per column of a two-row header: upper and lower joined, a cell merged over both rows once. */
    private List<String> pairNames(SheetRows.Row upper, SheetRows.Row lower) {
        int width = width(upper, lower);
        List<String> names = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            MergedCells.Region ru = merges.at(upper.number(), c);
            MergedCells.Region rl = merges.at(lower.number(), c);
            String u = normaliseName(valueAt(upper, c));
            String l = normaliseName(valueAt(lower, c));
            if (ru != null && ru.equals(rl) || l.isEmpty()) {
                names.add(u);
            } else if (u.isEmpty() || u.equalsIgnoreCase(l)) {
                names.add(l);
            } else {
                names.add(u + " " + l);
            }
        }
        return names;
    }

    /** A row continues into the next as one header when a merged cell of it reaches down, or spans columns with names below. */
    private boolean continues(SheetRows.Row upper, SheetRows.Row lower) {
        for (MergedCells.Region r : merges.regions()) {
            if (r.firstRow() != upper.number()) continue;
            if (r.lastRow() >= lower.number()) return true;
            if (r.lastColumn() > r.firstColumn()) {
                for (int c = r.firstColumn(); c <= r.lastColumn(); c++) {
                    SheetRows.Cell below = lower.cell(c);
                    if (below != null && !below.blank()) return true;
                }
            }
        }
        return false;
    }

    /** A cell's text, or the text of the merged block it lies in (held by the block's top-left cell). */
    private String valueAt(SheetRows.Row row, int column) {
        SheetRows.Cell cell = row.cell(column);
        if (cell != null && !cell.blank()) {
            return cell.value();
        }
        MergedCells.Region r = merges.at(row.number(), column);
        if (r == null || r.firstRow() == row.number() && r.firstColumn() == column) {
            return "";
        }
        SheetRows.Row top = r.firstRow() == row.number() ? row : recentRow(r.firstRow());
        SheetRows.Cell origin = top == null ? null : top.cell(r.firstColumn());
        return origin == null ? "" : origin.value();
    }

    private SheetRows.Row recentRow(int number) {
        for (SheetRows.Row r : recent) {
            if (r.number() == number) return r;
        }
        return null;
    }

    private int width(SheetRows.Row a, SheetRows.Row b) {
        int w = 0;
        for (SheetRows.Row r : b == null ? List.of(a) : List.of(a, b)) {
            if (!r.cells().isEmpty()) w = Math.max(w, r.cells().get(r.cells().size() - 1).column() + 1);
            for (MergedCells.Region m : merges.regions()) {
                if (m.firstRow() <= r.number() && m.lastRow() >= r.number()) w = Math.max(w, m.lastColumn() + 1);
            }
        }
        return w;
    }

    /** Header names match ignoring case, surrounding whitespace and line breaks inside ("Jumlah\nPenduduk"). */
    private static String normaliseName(String s) {
        String t = CsvRecordReader.trim(s.replace("\uFEFF", ""));
        StringBuilder sb = new StringBuilder(t.length());
        boolean space = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
            } else {
                if (space && sb.length() > 0) sb.append(' ');
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- rows

    /** The next row that counts while looking for the header: visible (unless hidden ones are read) and not blank. */
    private SheetRows.Row fetchContent() {
        SheetRows.Row r;
        while ((r = rows.next()) != null) {
            if (r.hidden() && !includeHidden || r.blank()) continue;
            recent.addLast(r);
            if (recent.size() > RECENT_ROWS) recent.removeFirst();
            return r;
        }
        return null;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord r = next;
        next = null;
        return r;
    }

    private SourceRecord advance() {
        SheetRows.Row r;
        while ((r = take()) != null) {
            if (r.hidden() && !includeHidden || r.blank() || isFooter(r)) {
                skipped++;
                continue;
            }
            return toSourceRecord(r);
        }
        return null;
    }

    private SheetRows.Row take() {
        if (pending != null) {
            SheetRows.Row p = pending;
            pending = null;
            return p;
        }
        return rows.next();
    }

    private SourceRecord toSourceRecord(SheetRows.Row row) {
        String[] cells = new String[columnIndex.length];
        String problem = null;
        int problemColumn = -1;
        for (int k = 0; k < cells.length; k++) {
            int c = columnIndex[k];
            if (c < 0) continue;
            SheetRows.Cell cell = row.cell(c);
            cells[k] = cell == null ? "" : CsvRecordReader.trim(cell.value());
            if (problem == null && cell != null && cell.error() != null) {
                problem = "column '" + wanted.get(k) + "' holds the Excel error " + cell.error()
                        + " (a formula that could not be calculated); correct it in the workbook";
                problemColumn = k;
            } else if (problem == null && cell != null && cell.uncalculated()) {
                problem = "column '" + wanted.get(k) + "' holds a formula whose result was never saved (the file was"
                        + " written by a program that does not calculate); open the workbook in Excel or LibreOffice,"
                        + " save it and send it again";
                problemColumn = k;
            }
        }
        return SourceRecord.inSheet(row.number(), cells, () -> rowText(row, SourceRecord.MAX_RAW), problem,
                sheetColumns, problemColumn);
    }

    private static boolean isFooter(SheetRows.Row r) {
        SheetRows.Cell only = null;
        for (SheetRows.Cell c : r.cells()) {
            if (c.blank()) continue;
            if (only != null) return false;
            only = c;
        }
        if (only == null || only.error() != null) {
            return false;
        }
        String v = CsvRecordReader.trim(only.value());
        for (String p : CsvRecordReader.FOOTER_PREFIXES) {
            if (v.regionMatches(true, 0, p, 0, p.length())) return true;
        }
        return false;
    }

    /** The row's cells left to right, tab-separated as Excel copies a row, capped at {@code max} characters. */
    private static String rowText(SheetRows.Row row, int max) {
        StringBuilder sb = new StringBuilder(Math.min(max, 128));
        int column = 0;
        for (SheetRows.Cell c : row.cells()) {
            for (; column < c.column() && sb.length() <= max; column++) {
                sb.append('\t');
            }
            column = c.column();
            sb.append(c.value(), 0, Math.min(c.value().length(), max + 1));
            if (sb.length() > max) break;
        }
        if (sb.length() > max) {
            sb.setLength(max - 3);
            sb.append("...");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- RecordReader

    @Override
    public List<String> header() {
        return header;
    }

    /** The sheet row of the header (its lower row for a two-row header): data starts below it. */
    @Override
    public long headerRow() {
        return headerRow;
    }

    @Override
    public Sniffed sniffed() {
        return null;
    }

    @Override
    public long skippedRows() {
        return skipped;
    }

    @Override
    public String describe() {
        return "Excel workbook, sheet '" + sheet.name() + "', header on "
                + (headerFirstRow == headerRow ? "row " + headerRow : "rows " + headerFirstRow + "-" + headerRow);
    }

    @Override
    public boolean canonicalNumbers() {
        return true;
    }

    @Override
    public void close() {
        done = true;
        next = null;
        try {
            rows.close();
        } finally {
            workbook.close();
        }
    }
}
