package id.go.jatengprov.regencyhub.normalise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldType;
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

    /** Skipped records listed by name in {@link Stats#skipped}; the rest are counted. */
    public static final int MAX_SKIPS_LISTED = 100;

    /**
     * What the file turned out to be and what came of it.
     *
     * @param rowsRead        records read, total rows included
     * @param recordsSkipped  total rows recognised and left out (neither loaded nor rejected)
     * @param skipped         the first {@value #MAX_SKIPS_LISTED} of them, with the reason
     * @param warnings        what the file leaves open: a number column that reads two ways, a total row that does
     *                        not match the sum of the rows
     * @param periodFrom      earliest value of the dataset's period field over the normalised rows (ISO date), or null
     * @param periodTo        latest value, or null
     */
    public record Stats(String detected, Map<String, Notation> notations, long rowsRead, long recordsRejected, long rowsOut,
                        long recordsSkipped, List<Skip> skipped, List<String> warnings, String periodFrom, String periodTo) {

        /** Records that are data: read, less the total rows. What max-reject-ratio is measured against. */
        public long dataRows() {
            return rowsRead - recordsSkipped;
        }
    }

    private FileNormaliser() {}

    /**
     * @param pointer for JSON: where the records are (null: the document is the array)
     * @throws id.go.jatengprov.regencyhub.normalise.read.BadFileException when the file as a whole cannot be read
     */
    public static Stats run(Path file, SourceDef source, DatasetDef dataset, RegionResolver resolver, String pointer,
                            RowNormaliser.Sink sink) throws java.io.IOException {
        List<String> wanted = RowNormaliser.wantedColumns(source);
        Map<String, Notation> notations;
        List<String> warnings = new ArrayList<>();
        String detected;
        boolean canonical;
        try (RecordReader reader = RecordReaders.open(file, source.format(), source.csv(), source.excel(), pointer, wanted)) {
            detected = describe(reader);
            canonical = reader.canonicalNumbers();
            notations = decideNotations(reader, dataset, source, warnings);
        }
        if (!notations.isEmpty() && !canonical) {
            Map<String, String> shown = new TreeMap<>();
            notations.forEach((f, n) -> shown.put(f, n == Notation.COMMA_DECIMAL ? "1.234,5" : "1,234.5"));
            detected += ", numbers " + shown;
        }
        RowNormaliser normaliser = RowNormaliser.create(dataset, source, resolver, notations);
        TotalsCheck totals = TotalsCheck.forDataset(dataset);
        int period = periodField(dataset);
        List<Skip> skips = new ArrayList<>();
        long read = 0, rejected = 0;
        long[] counts = {0, 0}; // rows out, records skipped
        String[] range = {null, null};
        RowNormaliser.Sink counting = new RowNormaliser.Sink() {
            @Override public void row(long sourceRow, String[] values) {
                counts[0]++;
                if (period >= 0) widen(range, values[period]);
                if (totals != null) totals.row(values);
                sink.row(sourceRow, values);
            }
            @Override public void reject(Reject r) { sink.reject(r); }
            @Override public void skipped(Skip skip) {
                counts[1]++;
                if (skips.size() < MAX_SKIPS_LISTED) skips.add(skip);
                sink.skipped(skip);
            }
            @Override public void totalRow(long sourceRow, String[] values) {
                if (totals != null) totals.total(sourceRow, values);
                sink.totalRow(sourceRow, values);
            }
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
        if (totals != null) warnings.addAll(totals.warnings());
        return new Stats(detected, notations, read, rejected, counts[0], counts[1], List.copyOf(skips), List.copyOf(warnings),
                range[0], range[1]);
    }

    /** The dataset's period: its first field of type period (else of type date), or -1. */
    static int periodField(DatasetDef dataset) {
        int date = -1;
        for (int i = 0; i < dataset.fields().size(); i++) {
            FieldType t = dataset.fields().get(i).type();
            if (t == FieldType.PERIOD) return i;
            if (t == FieldType.DATE && date < 0) date = i;
        }
        return date;
    }

    /** ISO dates of years 1900..2100 (all that {@link Periods} accepts) order as text. */
    private static void widen(String[] range, String value) {
        if (value == null) return;
        if (range[0] == null || value.compareTo(range[0]) < 0) range[0] = value;
        if (range[1] == null || value.compareTo(range[1]) > 0) range[1] = value;
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

    /**
     * Reads a sample and decides, per numeric field, between 1.234,56 and 1,234.56. A column whose values read
     * both ways (every "72.220" may be 72220 or 72.22) gets the file's fallback and a warning naming it.
     */
    private static Map<String, Notation> decideNotations(RecordReader reader, DatasetDef dataset, SourceDef source,
                                                         List<String> warnings) {
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
        boolean semicolons = reader.sniffed() != null && reader.sniffed().delimiter() == ';';
        Notation fallback = semicolons ? Notation.COMMA_DECIMAL : Notation.DOT_DECIMAL;
        Map<String, List<String>> samples = new TreeMap<>();
        numeric.keySet().forEach(f -> samples.put(f, new ArrayList<>()));
        for (int i = 0; i < NOTATION_SAMPLE && reader.hasNext(); i++) {
            String[] cells = reader.next().cells();
            numeric.forEach((field, cols) -> cols.forEach(c -> {
                if (c < cells.length && cells[c] != null) samples.get(field).add(cells[c]);
            }));
        }
        List<String> wanted = RowNormaliser.wantedColumns(source);
        samples.forEach((field, values) -> {
            Numbers.Detection d = Numbers.decide(values, fallback);
            out.put(field, d.notation());
            if (d.ambiguous()) {
                String columns = numeric.get(field).stream().map(c -> "'" + wanted.get(c) + "'").distinct()
                        .collect(java.util.stream.Collectors.joining(", "));
                warnings.add(ambiguity(field, columns, d, semicolons));
            }
        });
        return out;
    }

    private static String plain(ParsedNumber n) {
        return n.decimalValue().stripTrailingZeros().toPlainString();
    }

    /** "column 'indeks' (field value): …" for a column whose numbers read two ways. */
    static String ambiguity(String field, String columns, Numbers.Detection d, boolean semicolons) {
        String how = d.notation() == Notation.COMMA_DECIMAL ? "decimal commas (1.234,5)" : "decimal points (1,234.5)";
        String why = semicolons ? "the file is ';'-separated" : "the file is not ';'-separated";
        String other = d.notation() == Notation.COMMA_DECIMAL ? "dot" : "comma";
        String values;
        ParsedNumber asComma = d.example() == null ? null : Numbers.parseDecimal(d.example(), Notation.COMMA_DECIMAL);
        ParsedNumber asDot = d.example() == null ? null : Numbers.parseDecimal(d.example(), Notation.DOT_DECIMAL);
        if (asComma != null && asComma.isOk() && asDot != null && asDot.isOk()) {
            values = "its numbers read two ways ('" + d.example() + "' is " + plain(asComma) + " with decimal commas, "
                    + plain(asDot) + " with decimal points)";
        } else {
            values = "as many of its numbers use decimal commas as decimal points (" + d.commaEvidence() + " each)";
        }
        return "column " + columns + " (field " + field + "): " + values + "; read with " + how + " because " + why
                + ". If that is wrong, set csv: { decimal: " + other + " } in the source";
    }
}
