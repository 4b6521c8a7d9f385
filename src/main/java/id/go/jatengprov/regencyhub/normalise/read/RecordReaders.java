package id.go.jatengprov.regencyhub.normalise.read;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import id.go.jatengprov.regencyhub.config.CsvSettings;
import id.go.jatengprov.regencyhub.config.ExcelSettings;

/** Opens the right {@link RecordReader} for a file's configured format. */
public final class RecordReaders {

    private RecordReaders() {
    }

    /**
     * Whether bytes start like a workbook container (a ZIP, as .xlsx is, or an OLE2 file, as .xls and an encrypted
     * .xlsx are): a csv or xlsx source hands such a file to the Excel reader, which says what it really is.
     */
    public static boolean startsLikeWorkbook(byte[] head, int length) {
        byte[] b = length >= head.length ? head : java.util.Arrays.copyOf(head, length);
        return WorkbookFile.isZip(b) || WorkbookFile.isOle2(b);
    }

    /** As {@link #open(Path, String, CsvSettings, ExcelSettings, String, List)} with default Excel settings. */
    public static RecordReader open(Path file, String format, CsvSettings csv, String jsonPointer, List<String> wanted) {
        return open(file, format, csv, null, jsonPointer, wanted);
    }

    /**
     * @param format      "csv", "xlsx" or "json" (case-insensitive). A "csv" file whose bytes are a workbook
     *                    container (ZIP or OLE2) is read as a workbook: a regency may send either.
     * @param csv         CSV settings, null for {@link CsvSettings#auto()}; ignored for workbooks and JSON
     * @param excel       workbook settings, null for {@link ExcelSettings#defaults()}; ignored for CSV and JSON
     * @param jsonPointer where the records array is in a JSON document ("" or null: the document itself)
     * @param wanted      the columns to extract, in the order the caller wants them in {@link SourceRecord#cells()}
     */
    public static RecordReader open(Path file, String format, CsvSettings csv, ExcelSettings excel, String jsonPointer,
                                    List<String> wanted) {
        String f = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "csv" -> WorkbookFile.looksLikeWorkbook(file)
                    ? ExcelRecordReader.open(file, excel, wanted)
                    : CsvRecordReader.open(file, csv == null ? CsvSettings.auto() : csv, wanted);
            case "xlsx" -> ExcelRecordReader.open(file, excel, wanted);
            case "json" -> JsonRecordReader.open(file, jsonPointer, wanted);
            default -> throw new IllegalArgumentException("unknown file format '" + format + "': use csv, xlsx or json");
        };
    }
}
