package id.go.jatengprov.regencyhub.normalise.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Pulls a worksheet's rows one at a time from its XML with StAX, so that a sheet of a million rows needs the memory
 * of one row. Each cell comes out as the text {@link CellText} makes of its stored value: the cached result of a
 * formula (never recalculated), a shared or inline string, a canonical number, an ISO date, TRUE/FALSE, or an
 * Excel error such as #N/A, which is flagged rather than passed on as text.
 */
final class SheetRows implements AutoCloseable {

    /** Every cell of a row together may hold this much text. */
    static final int MAX_ROW_CHARS = 16 * 1024 * 1024;

    /** One non-empty cell: its 0-based column and text; {@code error} is an Excel error value such as "#N/A". */
    record Cell(int column, String value, String error, boolean uncalculated) {
        boolean blank() {
            return error == null && !uncalculated && CsvRecordReader.isBlank(value);
        }
    }

    /** A row as stored: its 1-based number, whether it is hidden, its non-empty cells left to right. */
    record Row(int number, boolean hidden, List<Cell> cells) {
        boolean blank() {
            for (Cell c : cells) {
                if (!c.blank()) return false;
            }
            return true;
        }

        Cell cell(int column) {
            for (Cell c : cells) {
                if (c.column() == column) return c;
                if (c.column() > column) break;
            }
            return null;
        }
    }

    private final InputStream in;
    private final XMLStreamReader x;
    private final String what;
    private final SharedStrings strings;
    private final CellFormats formats;
    private final boolean date1904;
    private final StringBuilder text = new StringBuilder();
    private int lastRow;
    private boolean done;

    SheetRows(InputStream in, String sheetName, SharedStrings strings, CellFormats formats, boolean date1904) {
        this.in = in;
        this.what = "sheet '" + sheetName + "'";
        this.x = WorkbookFile.xml(in, what);
        this.strings = strings;
        this.formats = formats;
        this.date1904 = date1904;
    }

    /** The next row that has a {@code <row>} element (Excel leaves untouched rows out), or null at the end. */
    Row next() {
        if (done) {
            return null;
        }
        try {
            while (x.hasNext()) {
                int e = WorkbookFile.next(x, what);
                if (e == XMLStreamConstants.START_ELEMENT) {
                    String n = x.getLocalName();
                    if (n.equals("row")) {
                        return readRow();
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("sheetData")) {
                    break; // merged cells, print settings and the like follow: nothing of the data
                }
            }
            done = true;
            return null;
        } catch (XMLStreamException e) {
            throw WorkbookFile.partFailure(e, what);
        }
    }

    private Row readRow() throws XMLStreamException {
        String r = x.getAttributeValue(null, "r");
        int number;
        if (r == null) {
            number = lastRow + 1;
        } else {
            number = CellText.rowOf(r.strip());
            if (number < 0) {
                throw new BadFileException(what + ": row number '" + r + "' is not one Excel has (1 to "
                        + String.format(Locale.ROOT, "%,d", CellText.MAX_ROWS) + "); the workbook is damaged");
            }
        }
        lastRow = number;
        String h = x.getAttributeValue(null, "hidden");
        boolean hidden = "1".equals(h) || "true".equalsIgnoreCase(h);
        List<Cell> cells = new ArrayList<>();
        int lastColumn = -1;
        long rowChars = 0;
        while (x.hasNext()) {
            int e = WorkbookFile.next(x, what);
            if (e == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("c")) {
                Cell c = readCell(number, lastColumn);
                lastColumn = c.column();
                rowChars += c.value().length();
                if (rowChars > MAX_ROW_CHARS) {
                    throw new BadFileException(what + ", row " + number + ": the row holds more than "
                            + String.format(Locale.ROOT, "%,d", MAX_ROW_CHARS) + " characters; refused");
                }
                if (!c.value().isEmpty() || c.error() != null || c.uncalculated()) {
                    cells.add(c);
                }
            } else if (e == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("row")) {
                break;
            }
        }
        cells.sort((a, b) -> Integer.compare(a.column(), b.column()));
        return new Row(number, hidden, cells);
    }

    /** Reads one {@code <c>} element up to its end tag. */
    private Cell readCell(int row, int lastColumn) throws XMLStreamException {
        String ref = x.getAttributeValue(null, "r");
        int column = ref == null ? lastColumn + 1 : CellText.columnOf(ref.strip());
        if (column < 0 || column >= CellText.MAX_COLUMNS) {
            throw new BadFileException(what + ", row " + row + ": cell reference '" + ref + "' is outside Excel's grid;"
                    + " the workbook is damaged");
        }
        String type = x.getAttributeValue(null, "t");
        String style = x.getAttributeValue(null, "s");
        String v = null;
        String inline = null;
        boolean formula = false;
        boolean inPhonetic = false;
        text.setLength(0);
        boolean collecting = false;
        while (x.hasNext()) {
            int e = WorkbookFile.next(x, what);
            if (e == XMLStreamConstants.START_ELEMENT) {
                String n = x.getLocalName();
                switch (n) {
                    case "v" -> { collecting = true; text.setLength(0); }
                    case "f" -> formula = true;
                    case "is" -> { inline = ""; text.setLength(0); }
                    case "rPh" -> inPhonetic = true;
                    case "t" -> collecting = inline != null && !inPhonetic;
                    default -> { }
                }
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                String n = x.getLocalName();
                switch (n) {
                    case "v" -> { v = text.toString(); collecting = false; }
                    case "t" -> collecting = false;
                    case "rPh" -> inPhonetic = false;
                    case "is" -> inline = text.toString();
                    case "c" -> { return cell(row, column, type, style, v, inline, formula); }
                    default -> { }
                }
            } else if (collecting && (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA
                    || e == XMLStreamConstants.SPACE)) {
                if (text.length() + x.getTextLength() > CellText.MAX_CELL_CHARS) {
                    throw new BadFileException(what + ", cell " + CellText.columnLetters(column) + row + ": more than "
                            + String.format(Locale.ROOT, "%,d", CellText.MAX_CELL_CHARS)
                            + " characters (Excel's own limit is 32,767); refused");
                }
                text.append(x.getTextCharacters(), x.getTextStart(), x.getTextLength());
            }
        }
        throw new BadFileException(what + ": the sheet ends inside cell " + CellText.columnLetters(column) + row
                + "; the workbook is damaged or cut off");
    }

    private Cell cell(int row, int column, String type, String style, String v, String inline, boolean formula) {
        String t = type == null ? "n" : type;
        if (t.equals("inlineStr")) {
            return new Cell(column, inline == null ? (v == null ? "" : CellText.decodeEscapes(v)) : CellText.decodeEscapes(inline), null, false);
        }
        if (v == null) {
            // a formula saved without its result: written by a program that does not calculate
            return new Cell(column, "", null, formula);
        }
        switch (t) {
            case "s" -> {
                String s;
                try {
                    s = strings.get(Integer.parseInt(v.strip()));
                } catch (NumberFormatException e) {
                    s = null;
                }
                if (s == null) {
                    throw new BadFileException(what + ", cell " + CellText.columnLetters(column) + row + ": refers to shared"
                            + " text " + v + " but the workbook has " + strings.size() + "; the workbook is damaged");
                }
                return new Cell(column, s, null, false);
            }
            case "str" -> { return new Cell(column, CellText.decodeEscapes(v), null, false); }
            case "b" -> { return new Cell(column, v.strip().equals("1") || v.strip().equalsIgnoreCase("true") ? "TRUE" : "FALSE", null, false); }
            case "e" -> { return new Cell(column, v.strip(), v.strip(), false); }
            case "d" -> { return new Cell(column, CellText.isoDateText(v), null, false); }
            default -> { return new Cell(column, number(v, style), null, false); }
        }
    }

    private String number(String v, String style) {
        int s = 0;
        if (style != null) {
            try {
                s = Integer.parseInt(style.strip());
            } catch (NumberFormatException e) {
                s = 0;
            }
        }
        String out = switch (formats.kind(s)) {
            case DATE -> CellText.isoDate(v, date1904, false);
            case TIME -> CellText.isoDate(v, date1904, true);
            case PERCENT -> CellText.canonicalPercent(v);
            case NUMBER -> CellText.canonicalNumber(v);
        };
        if (out == null) {
            // not a number after all, or a date before 1900: show what is stored rather than guess
            out = CellText.canonicalNumber(v);
        }
        return out == null ? v.strip() : out;
    }

    @Override
    public void close() {
        done = true;
        try {
            x.close();
        } catch (XMLStreamException ignored) {
            // closing the stream below is what matters
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
