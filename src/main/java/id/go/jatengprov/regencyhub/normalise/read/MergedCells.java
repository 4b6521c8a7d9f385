package id.go.jatengprov.regencyhub.normalise.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A sheet's merged cells. Excel writes them after all the rows ({@code <mergeCells>} follows {@code <sheetData>}),
 * yet the header needs them first, so the sheet is scanned once beforehand. The scan looks at bytes, not XML:
 * a {@code <} cannot occur in XML text, so every {@code <mergeCell} (or {@code <x:mergeCell}) is an element.
 * Only merges starting in the first {@value #MAX_TOP_ROW} rows are kept, at most {@value #MAX_KEPT}: those are
 * where a header can be.
 */
final class MergedCells {

    static final int MAX_TOP_ROW = 100_000;
    static final int MAX_KEPT = 100_000;
    static final MergedCells NONE = new MergedCells(List.of());

    /** A merged block, 1-based rows and 0-based columns, inclusive. */
    record Region(int firstRow, int lastRow, int firstColumn, int lastColumn) {
        boolean contains(int row, int column) {
            return row >= firstRow && row <= lastRow && column >= firstColumn && column <= lastColumn;
        }
    }

    private final List<Region> regions;

    private MergedCells(List<Region> regions) {
        this.regions = regions;
    }

    /** The merged block covering a cell, or null. */
    Region at(int row, int column) {
        for (Region r : regions) {
            if (r.contains(row, column)) return r;
        }
        return null;
    }

    List<Region> regions() {
        return regions;
    }

    /** Scans a sheet's XML for its merged cells; closes {@code in}. */
    static MergedCells scan(InputStream in) throws IOException {
        List<Region> out = new ArrayList<>();
        byte[] buf = new byte[64 * 1024];
        // a tag being read: from '<' to '>', kept only while it may be a mergeCell (they are short)
        byte[] tag = new byte[256];
        int tagLength = -1;
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '<') {
                        tagLength = 0;
                    } else if (tagLength >= 0) {
                        if (b == '>') {
                            Region r = parse(tag, tagLength);
                            if (r != null && r.firstRow() <= MAX_TOP_ROW && out.size() < MAX_KEPT) {
                                out.add(r);
                            }
                            tagLength = -1;
                        } else if (tagLength == tag.length) {
                            tagLength = -1; // too long for a mergeCell: not one
                        } else {
                            tag[tagLength++] = b;
                        }
                    }
                }
            }
        }
        return out.isEmpty() ? NONE : new MergedCells(List.copyOf(out));
    }

    /** {@code mergeCell ref="B3:C4"/} (name possibly prefixed) to a region, or null. */
    private static Region parse(byte[] tag, int length) {
        String s = new String(tag, 0, length, StandardCharsets.ISO_8859_1);
        int nameEnd = 0;
        while (nameEnd < s.length() && !Character.isWhitespace(s.charAt(nameEnd)) && s.charAt(nameEnd) != '/') nameEnd++;
        String name = s.substring(0, nameEnd);
        int colon = name.indexOf(':');
        if (!(colon >= 0 ? name.substring(colon + 1) : name).equals("mergeCell")) {
            return null;
        }
        int at = s.indexOf("ref=", nameEnd);
        if (at < 0 || at + 5 >= s.length()) {
            return null;
        }
        char quote = s.charAt(at + 4);
        int end = s.indexOf(quote, at + 5);
        if (end < 0) {
            return null;
        }
        String ref = s.substring(at + 5, end);
        int sep = ref.indexOf(':');
        String a = sep < 0 ? ref : ref.substring(0, sep);
        String b = sep < 0 ? ref : ref.substring(sep + 1);
        int r1 = CellText.rowOf(a), r2 = CellText.rowOf(b), c1 = CellText.columnOf(a), c2 = CellText.columnOf(b);
        if (r1 < 0 || r2 < 0 || c1 < 0 || c2 < 0) {
            return null;
        }
        return new Region(Math.min(r1, r2), Math.max(r1, r2), Math.min(c1, c2), Math.max(c1, c2));
    }
}
