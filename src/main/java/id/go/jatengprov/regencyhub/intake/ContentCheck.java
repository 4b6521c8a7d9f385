package id.go.jatengprov.regencyhub.intake;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import id.go.jatengprov.regencyhub.normalise.read.FormatSniffer;
import id.go.jatengprov.regencyhub.normalise.read.RecordReaders;

/**
 * Looks at the first bytes of an upload before anything is kept: a PNG or a PDF sent as text/csv is refused at
 * the door, with what it really is. A workbook container (ZIP or OLE2) is let through to a source that reads
 * files (format csv or xlsx): the Excel reader then says precisely what it is (a workbook, an encrypted one, an
 * old .xls, a damaged ZIP, an .ods), which the first bytes alone cannot tell.
 */
public final class ContentCheck {

    /** Content types that name a spreadsheet; browsers also send {@code application/vnd.ms-excel} for a .csv file. */
    public static final Set<String> WORKBOOK_TYPES = Set.of(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel");

    private ContentCheck() {}

    /**
     * @param declaredType the content type of the body or file part, lower case, without parameters
     * @param sourceFormat the source's format: csv, xlsx or json ({@code SourceDef.format()})
     * @return null when the start fits what the source reads, else the reason to refuse
     */
    public static String check(byte[] head, int length, String declaredType, String sourceFormat) {
        if (length == 0) {
            return "the body is empty; send the file's bytes";
        }
        String format = sourceFormat == null ? "csv" : sourceFormat.toLowerCase(Locale.ROOT);
        boolean readsFiles = format.equals("csv") || format.equals("xlsx");
        if (RecordReaders.startsLikeWorkbook(head, length)) {
            return readsFiles ? null : "the body is a ZIP or Office file (perhaps an Excel workbook), but this source reads "
                    + format.toUpperCase(Locale.ROOT) + "; send " + format.toUpperCase(Locale.ROOT);
        }
        boolean workbookDeclared = WORKBOOK_TYPES.contains(declaredType);
        if (workbookDeclared && !readsFiles) {
            return "the body is declared as an Excel workbook (" + declaredType + "), but this source reads "
                    + format.toUpperCase(Locale.ROOT) + "; send application/json";
        }
        String expected = declaredType.startsWith("application/json") ? "JSON"
                : format.equals("xlsx") ? "an Excel .xlsx workbook" : "CSV";
        String binary = FormatSniffer.binaryKind(head, length, expected);
        if (binary != null) {
            return "the body is " + binary;
        }
        boolean utf16Bom = length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE) || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF));
        if (!utf16Bom) {
            for (int i = 0; i < length; i++) {
                if (head[i] == 0) {
                    return "the body contains a NUL byte at offset " + i + ": it is binary, not " + expected;
                }
            }
        }
        String text = new String(head, 0, Math.min(length, 512), StandardCharsets.UTF_8);
        if (FormatSniffer.looksLikeHtml(text)) {
            return "the body is an HTML page, not " + expected;
        }
        text = text.stripLeading().replace("\uFEFF", "");
        if (declaredType.startsWith("application/json") && !utf16Bom && !(text.startsWith("[") || text.startsWith("{"))) {
            return "the body does not start like JSON ('[' or '{')";
        }
        // Text declared as a workbook (a browser's application/vnd.ms-excel for a .csv): the reader reads it as CSV,
        // or, for an xlsx source, refuses it naming what it is.
        return null;
    }
}
