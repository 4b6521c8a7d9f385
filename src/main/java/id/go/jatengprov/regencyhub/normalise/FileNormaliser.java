package id.go.jatengprov.regencyhub.normalise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.normalise.read.ReadAhead;
import id.go.jatengprov.regencyhub.normalise.read.RecordReader;
import id.go.jatengprov.regencyhub.normalise.read.RecordReaders;
import id.go.jatengprov.regencyhub.normalise.read.SourceRecord;
import id.go.jatengprov.regencyhub.reference.RegionResolver;

/**
 * A whole file through a source's parsing, mapping and validation, streaming: a first look decides each
 * numeric column's notation, then every record is normalised into the sink. Used by intake and by
 * {@code preview} alike, so that what a preview shows is what a load does.
 */
public final class FileNormaliser {

    /** Records read up front to decide each numeric column's notation. */
    static final int NOTATION_SAMPLE = 2_000;

    /** What the file turned out to be and what came of it. */
    public record Stats(String detected, Map<String, Notation> notations, long rowsRead, long recordsRejected, long rowsOut) {}

    private FileNormaliser() {}

    /**
     * @param pointer for JSON: where the records are (null: the document is the array)
     * @throws id.go.jatengprov.regencyhub.normalise.read.BadFileException when the file as a whole cannot be read
     */
    public static Stats run(Path file, SourceDef source, DatasetDef dataset, RegionResolver resolver, String pointer,
                            RowNormaliser.Sink sink) throws java.io.IOException {
        List<String> wanted = RowNormaliser.wantedColumns(source);
        Map<String, Notation> notations;
        String detected;
        boolean canonical;
        try (RecordReader reader = RecordReaders.open(file, source.format(), source.csv(), source.excel(), pointer, wanted)) {
            detected = describe(reader);
            canonical = reader.canonicalNumbers();
            notations = decideNotations(reader, dataset, source);
        }
        if (!notations.isEmpty() && !canonical) {
            Map<String, String> shown = new TreeMap<>();
            notations.forEach((f, n) -> shown.put(f, n == Notation.COMMA_DECIMAL ? "1.234,5" : "1,234.5"));
            detected += ", numbers " + shown;
        }
        RowNormaliser normaliser = RowNormaliser.create(dataset, source, resolver, notations);
        long read = 0, rejected = 0;
        long[] out = {0};
        RowNormaliser.Sink counting = new RowNormaliser.Sink() {
            @Override public void row(long sourceRow, String[] values) { out[0]++; sink.row(sourceRow, values); }
            @Override public void reject(Reject r) { sink.reject(r); }
        };
        // Records are read on a thread of their own while this one normalises: reading is half the work.
        try (RecordReader reader = ReadAhead.of(RecordReaders.open(file, source.format(), source.csv(), source.excel(), pointer, wanted),
                file.getFileName().toString())) {
            while (reader.hasNext()) {
                SourceRecord rec = reader.next();
                read++;
                if (normaliser.normalise(rec, counting) > 0) rejected++;
            }
        }
        return new Stats(detected, notations, read, rejected, out[0]);
    }

    private static String describe(RecordReader reader) {
        if (reader.describe() != null) {
            return reader.describe();
        }
        if (reader.sniffed() == null) {
            return "JSON records";
        }
        var s = reader.sniffed();
        String delim = s.delimiter() == '\t' ? "tab" : "'" + s.delimiter() + "'";
        return "encoding " + s.charset().name() + (s.bom() ? " with BOM" : "") + ", delimiter " + delim
                + ", line endings " + s.lineEnding() + ", header on row " + reader.headerRow();
    }

    /** Reads a sample and decides, per numeric field, between 1.234,56 and 1,234.56. */
    private static Map<String, Notation> decideNotations(RecordReader reader, DatasetDef dataset, SourceDef source) {
        Map<String, List<Integer>> numeric = RowNormaliser.numericColumns(dataset, source);
        Map<String, Notation> out = new HashMap<>();
        if (numeric.isEmpty()) return out;
        if (reader.canonicalNumbers()) {
            // a workbook's numeric cells come out as 1234.5 whatever the sheet showed: nothing to guess or set
            numeric.keySet().forEach(f -> out.put(f, Notation.DOT_DECIMAL));
            return out;
        }
        Notation fixed = switch (source.decimal()) {
            case "comma" -> Notation.COMMA_DECIMAL;
            case "dot" -> Notation.DOT_DECIMAL;
            default -> null;
        };
        if (fixed != null) {
            numeric.keySet().forEach(f -> out.put(f, fixed));
            return out;
        }
        // A ';'-separated file is usually written with decimal commas; a ','-separated one cannot be, unquoted.
        Notation fallback = reader.sniffed() != null && reader.sniffed().delimiter() == ';'
                ? Notation.COMMA_DECIMAL : Notation.DOT_DECIMAL;
        Map<String, List<String>> samples = new HashMap<>();
        numeric.keySet().forEach(f -> samples.put(f, new ArrayList<>()));
        for (int i = 0; i < NOTATION_SAMPLE && reader.hasNext(); i++) {
            String[] cells = reader.next().cells();
            numeric.forEach((field, cols) -> cols.forEach(c -> {
                if (c < cells.length && cells[c] != null) samples.get(field).add(cells[c]);
            }));
        }
        samples.forEach((field, values) -> out.put(field, Numbers.detect(values, fallback)));
        return out;
    }
}
