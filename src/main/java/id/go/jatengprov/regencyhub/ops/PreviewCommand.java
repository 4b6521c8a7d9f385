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
import id.go.jatengprov.regencyhub.normalise.read.BadFileException;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;
import id.go.jatengprov.regencyhub.reference.RegionResolver;

/**
 * {@code java -jar regency-hub.jar preview --source ID FILE [--rows N] [--format table|csv|json]}: what a
 * file would load as, through the source's own parsing, mapping and validation. Writes nothing anywhere.
 */
public final class PreviewCommand {

    private PreviewCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String sourceId = Args.value(args, "source", null);
        List<String> files = Args.positional(args, List.of("source", "rows", "format", "hub.config-dir", "hub.routes-dir"));
        if (sourceId == null || files.size() != 1) {
            err.println("usage: java -jar regency-hub.jar preview --source ID FILE [--rows N] [--format table|csv|json] [--hub.config-dir=DIR]");
            return 2;
        }
        int rows = Integer.parseInt(Args.value(args, "rows", "20"));
        String format = Args.value(args, "format", "table");
        Path file = Path.of(files.get(0));
        if (!Files.isReadable(file)) {
            err.println("cannot read " + file);
            return 1;
        }
        HubConfig config;
        try {
            config = ConfigLoader.load(Path.of(Args.value(args, "hub.config-dir", "config")), FieldConverter.CONSTANTS);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        SourceDef source = config.sources().get(sourceId);
        if (source == null) {
            err.println("unknown source '" + sourceId + "' (known: " + String.join(", ", config.sources().keySet()) + ")");
            return 1;
        }
        DatasetDef dataset = config.datasetOf(source);
        List<String[]> shown = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        FileNormaliser.Stats stats;
        try {
            stats = FileNormaliser.run(file, source, dataset, new RegionResolver(config.regions()),
                    source.http() == null ? null : source.http().records(), new RowNormaliser.Sink() {
                        @Override public void row(long sourceRow, String[] values) {
                            if (shown.size() < rows) {
                                String[] r = java.util.Arrays.copyOf(values, values.length + 1);
                                r[values.length] = String.valueOf(sourceRow);
                                shown.add(r);
                            }
                        }
                        @Override public void reject(Reject r) { rejects.add(r); }
                    });
        } catch (BadFileException e) {
            err.println("the file cannot be loaded: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        List<String> header = new ArrayList<>(dataset.fieldNames());
        header.add("_row");
        switch (format) {
            case "json" -> json(out, source, stats, header, shown, rejects);
            case "csv" -> {
                out.println(csvLine(header));
                shown.forEach(r -> out.println(csvLine(r)));
                err.println("row,column,value,reason");
                rejects.forEach(r -> err.println(csvLine(List.of(String.valueOf(r.row()), nz(r.column()), nz(r.value()), r.reason()))));
            }
            default -> table(out, source, dataset, config.regions(), stats, header, shown, rejects);
        }
        return 0;
    }

    private static void table(PrintStream out, SourceDef source, DatasetDef dataset, RegionRegistry regions,
                              FileNormaliser.Stats stats, List<String> header, List<String[]> shown, List<Reject> rejects) {
        out.println("source   " + source.id() + " → dataset " + dataset.id() + " (key " + dataset.key() + ")");
        out.println("detected " + stats.detected());
        out.printf("rows     %d read, %d with rejected values, %d warehouse rows would load%n", stats.rowsRead(),
                stats.recordsRejected(), stats.rowsOut());
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

    private static void json(PrintStream out, SourceDef source, FileNormaliser.Stats stats, List<String> header,
                             List<String[]> shown, List<Reject> rejects) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", source.id());
        doc.put("dataset", source.dataset());
        doc.put("detected", stats.detected());
        doc.put("rowsRead", stats.rowsRead());
        doc.put("rowsRejected", stats.recordsRejected());
        doc.put("warehouseRows", stats.rowsOut());
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
