package id.go.jatengprov.regencyhub.normalise.read;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import id.go.jatengprov.regencyhub.config.CsvSettings;

/** Opens the right {@link RecordReader} for a file's configured format. */
public final class RecordReaders {

    private RecordReaders() {
    }

    /**
     * @param format      "csv" or "json" (case-insensitive)
     * @param csv         CSV settings, null for {@link CsvSettings#auto()}; ignored for JSON
     * @param jsonPointer where the records array is in a JSON document ("" or null: the document itself)
     * @param wanted      the columns to extract, in the order the caller wants them in {@link SourceRecord#cells()}
     */
    public static RecordReader open(Path file, String format, CsvSettings csv, String jsonPointer, List<String> wanted) {
        String f = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "csv" -> CsvRecordReader.open(file, csv == null ? CsvSettings.auto() : csv, wanted);
            case "json" -> JsonRecordReader.open(file, jsonPointer, wanted);
            default -> throw new IllegalArgumentException("unknown file format '" + format + "': use csv or json");
        };
    }
}
