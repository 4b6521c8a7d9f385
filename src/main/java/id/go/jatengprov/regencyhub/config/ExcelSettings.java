package id.go.jatengprov.regencyhub.config;

/**
 * How to read an Excel workbook: which sheet, and whether hidden sheets and rows count.
 *
 * @param sheetName     the sheet's name (matched ignoring case and surrounding spaces), or null
 * @param sheetIndex    the sheet's 1-based position among the sheets read (visible ones unless
 *                      {@code includeHidden}), or 0; at most one of name and index is set
 * @param includeHidden read hidden sheets and hidden rows too (a regency often hides working rows)
 */
public record ExcelSettings(String sheetName, int sheetIndex, boolean includeHidden) {

    public ExcelSettings {
        if (sheetName != null && sheetIndex != 0) {
            throw new IllegalArgumentException("give the sheet by name or by position, not both");
        }
        if (sheetIndex < 0) {
            throw new IllegalArgumentException("the sheet position counts from 1");
        }
    }

    /** The first sheet that is neither empty nor hidden; hidden rows skipped. */
    public static ExcelSettings defaults() {
        return new ExcelSettings(null, 0, false);
    }

    /** Whether a sheet was chosen (by name or position) rather than left to the default. */
    public boolean sheetChosen() {
        return sheetName != null || sheetIndex > 0;
    }

    /** The chosen sheet as the source file writes it, for messages. */
    public String sheetShown() {
        return sheetName != null ? "'" + sheetName + "'" : sheetIndex > 0 ? "number " + sheetIndex : "the first non-empty one";
    }
}
