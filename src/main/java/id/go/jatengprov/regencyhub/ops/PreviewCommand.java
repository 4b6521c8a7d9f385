package id.go.jatengprov.regencyhub.ops;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import id.go.jatengprov.regencyhub.config.ConfigException;
import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.normalise.FieldConverter;
import id.go.jatengprov.regencyhub.normalise.FileNormaliser;
import id.go.jatengprov.regencyhub.normalise.Reject;
import id.go.jatengprov.regencyhub.normalise.RowNormaliser;
import id.go.jatengprov.regencyhub.normalise.Verdict;
import id.go.jatengprov.regencyhub.normalise.read.BadFileException;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;
import id.go.jatengprov.regencyhub.reference.RegionResolver;

/**
 * {@code java -jar regency-hub.jar preview --source ID FILE [--rows N] [--format table|csv|json]}: what a
 * file would load as, through the source's own parsing, mapping and validation, and whether the hub would load
 * it at all ({@link Verdict}, the rule intake applies). Writes nothing anywhere: no data folder, no database.
 *
 * <p>Exit codes: {@value #WOULD_LOAD} the file would load; {@value #WOULD_FAIL} the hub would fail it (over
 * max-reject-ratio, no data rows, not a readable file of the source's format); {@value #ERROR} the preview could not
 * run (file missing, configuration invalid, unknown source); {@value #USAGE} wrong arguments.
 */
public final class PreviewCommand {

    public static final int WOULD_LOAD = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int WOULD_FAIL = 3;

    /** Rejects kept for the output; the rest are counted. */
    static final int MAX_REJECTS_SHOWN = 1_000;

    private PreviewCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String sourceId = Args.value(args, "source", null);
        List<String> files = Args.positional(args, List.of("source", "rows", "format", "hub.config-dir", "hub.routes-dir"));
        String format = Args.value(args, "format", "table");
        int rows;
        try {
            rows = Integer.parseInt(Args.value(args, "rows", "20"));
        } catch (NumberFormatException e) {
            rows = -1;
        }
        if (sourceId == null || files.size() != 1 || rows < 0 || !List.of("table", "csv", "json").contains(format)) {
            err.println("usage: java -jar regency-hub.jar preview --source ID FILE [--rows N] [--format table|csv|json] [--hub.config-dir=DIR]");
            err.println("exit codes: 0 would load, 3 would fail, 1 error, 2 usage");
            return USAGE;
        }
        Path file = Path.of(files.get(0));
        if (!Files.isReadable(file)) {
            err.println("cannot read " + file);
            return ERROR;
        }
        HubConfig config;
        try {
            config = ConfigLoader.load(Path.of(Args.value(args, "hub.config-dir", "config")), FieldConverter.CONSTANTS);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ERROR;
        }
        SourceDef source = config.sources().get(sourceId);
        if (source == null) {
            err.println("unknown source '" + sourceId + "' (known: " + String.join(", ", new java.util.TreeSet<>(config.sources().keySet())) + ")");
            return ERROR;
        }
        int shownRows = rows;
        DatasetDef dataset = config.datasetOf(source);
        List<String[]> shown = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        FileNormaliser.Stats stats;
        try {
            stats = FileNormaliser.run(file, source, dataset, new RegionResolver(config.regions()),
                    source.http() == null ? null : source.http().records(), new RowNormaliser.Sink() {
                        @Override public void row(long sourceRow, String[] values) {
                            if (shown.size() < shownRows) {
                                String[] r = java.util.Arrays.copyOf(values, values.length + 1);
                                r[values.length] = String.valueOf(sourceRow);
                                shown.add(r);
                            }
                        }
                        @Override public void reject(Reject r) {
                            if (rejects.size() < MAX_REJECTS_SHOWN) rejects.add(r);
                        }
                    });
        } catch (BadFileException e) {
            // the hub would take the file and end its batch FAILED with this very reason
            err.println("would FAIL: " + e.getMessage());
            return WOULD_FAIL;
        } catch (java.io.IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return ERROR;
        }
        Verdict verdict = Verdict.of(stats, source, rejects);
        List<String> header = new ArrayList<>(dataset.fieldNames());
        header.add("_row");
        switch (format) {
            case "json" -> json(out, source, stats, verdict, header, shown, rejects);
            case "csv" -> {
                out.println(csvLine(header));
                shown.forEach(r -> out.println(csvLine(r)));
                err.println("row,column,value,reason");
                rejects.forEach(r -> err.println(csvLine(List.of(String.valueOf(r.row()), nz(r.column()), nz(r.value()), r.reason()))));
                stats.warnings().forEach(w -> err.println("# warning: " + w));
                if (!verdict.loads()) err.println("# would FAIL: " + verdict.failure());
            }
            default -> table(out, source, dataset, config.regions(), stats, verdict, header, shown, rejects);
        }
        return verdict.loads() ? WOULD_LOAD : WOULD_FAIL;
    }

    /** What the batch's status would be: FAILED with the hub's message, or the load and its status. */
    static String verdictLine(FileNormaliser.Stats stats, Verdict verdict) {
        if (!verdict.loads()) return "would FAIL: " + verdict.failure();
        return "would load " + stats.rowsOut() + " warehouse row" + (stats.rowsOut() == 1 ? "" : "s")
                + (stats.recordsRejected() == 0 ? " (LOADED)" : " (LOADED_WITH_REJECTS: " + stats.recordsRejected() + " of "
                + stats.dataRows() + " rows rejected, within the source's max-reject-ratio)");
    }

    private static void table(PrintStream out, SourceDef source, DatasetDef dataset, RegionRegistry regions,
                              FileNormaliser.Stats stats, Verdict verdict, List<String> header, List<String[]> shown,
                              List<Reject> rejects) {
        out.println("source   " + source.id() + " → dataset " + dataset.id() + " (key " + dataset.key() + ")");
        out.println("detected " + stats.detected());
        out.printf("rows     %d read, %d with rejected values, %s%d warehouse rows%n", stats.rowsRead(),
                stats.recordsRejected(), stats.recordsSkipped() == 0 ? "" : stats.recordsSkipped() + " total rows skipped, ",
                stats.rowsOut());
        if (stats.periodFrom() != null) out.println("periods  " + stats.periodFrom() + " to " + stats.periodTo());
        out.println("verdict  " + verdictLine(stats, verdict));
        stats.skipped().forEach(s -> out.println("skipped  " + s));
        stats.warnings().forEach(w -> out.println("warning  " + w));
        out.println();
        List<String[]> cells = new ArrayList<>();
        cells.add(header.toArray(String[]::new));
        for (String[] r : shown) {
            String[] c = r.clone();
            for (int i = 0; i < dataset.fields().size(); i++) {
                FieldDef f = dataset.fields().get(i);
                if (f.type() == FieldType.REGION && c[i] != null) {
                    String code = c[i];
                    c[i] = code + " " + regions.byCode(code).map(x -> x.displayName()).orElse("?");
                }
                if (c[i] == null) c[i] = "∅";
            }
            cells.add(c);
        }
        int[] width = new int[header.size()];
        for (String[] r : cells) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (int j = 0; j < cells.size(); j++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                sb.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", cells.get(j)[i]));
            }
            out.println(sb.toString().stripTrailing());
            if (j == 0) out.println("-".repeat(sb.length()));
        }
        if (stats.rowsOut() > shown.size()) out.printf("… %d more rows%n", stats.rowsOut() - shown.size());
        out.println();
        out.println(rejects.isEmpty() ? "no rejects" : rejects.size() + " reject" + (rejects.size() == 1 ? "" : "s") + ":");
        rejects.forEach(r -> out.println("  " + r));
    }

    private static void json(PrintStream out, SourceDef source, FileNormaliser.Stats stats, Verdict verdict,
                             List<String> header, List<String[]> shown, List<Reject> rejects) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", source.id());
        doc.put("dataset", source.dataset());
        doc.put("detected", stats.detected());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("loads", verdict.loads());
        v.put("status", !verdict.loads() ? "FAILED" : stats.recordsRejected() == 0 ? "LOADED" : "LOADED_WITH_REJECTS");
        v.put("message", verdict.failure());
        doc.put("verdict", v);
        doc.put("rowsRead", stats.rowsRead());
        doc.put("rowsRejected", stats.recordsRejected());
        doc.put("rowsSkipped", stats.recordsSkipped());
        doc.put("warehouseRows", stats.rowsOut());
        Map<String, Object> periods = new LinkedHashMap<>();
        periods.put("from", stats.periodFrom());
        periods.put("to", stats.periodTo());
        doc.put("periods", periods);
        doc.put("skipped", stats.skipped());
        doc.put("warnings", stats.warnings());
        List<Map<String, String>> rows = new ArrayList<>();
        for (String[] r : shown) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) m.put(header.get(i), r[i]);
            rows.add(m);
        }
        doc.put("rows", rows);
        doc.put("rejects", rejects);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A COPY text line back into values (\N is null). */
    private static String csvLine(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) sb.append(',');
            if (v == null) continue;
            sb.append(v.matches(".*[,\"\\n\\r].*") || v.startsWith(" ") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        return sb.toString();
    }

    private static String csvLine(String[] values) {
        return csvLine(java.util.Arrays.asList(values));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
