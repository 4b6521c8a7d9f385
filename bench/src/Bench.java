import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.postgresql.PGConnection;

/**
 * regency-hub benchmark (issue 6). Run through bench/run.sh, which puts only the PostgreSQL JDBC driver on
 * the class path (taken from the packaged jar), so no Maven is needed.
 *
 * <p>Per invocation: generate (once, deterministically, cached in bench/out/gen-N) a CSV of N rows, its
 * all-updates twin and both as normalised COPY text; write a bench config folder. Per run: start the packaged
 * hub as its own JVM on a fresh data folder, measure the baseline (COPY of the normalised rows into an empty
 * copy of the warehouse table), the hub's first load and its all-updates load from rename into the drop folder
 * to LOADED, check the warehouse against the truth, measure the drop-to-LOADED latency of 35-row files, and
 * sample the hub's VmHWM. Prints medians; exits 1 if any truth check failed.
 */
public class Bench {

    static final long SEED = 20240601L;
    static final int GEN_VERSION = 1;
    static final int CATEGORIES = 50;
    static final String SOURCE = "bench-drop";
    static final String DATASET = "bench_stats";
    static final String OPERATOR_PASSWORD = "bench-operator-secret";
    static final String[] MONTHS = {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
            "September", "Oktober", "November", "Desember"};
    static final String FIELDS = "region, period, category, regency, households, amount, share, note";
    static final String CMP_COLS = "region, period, category, regency, households, amount, share, note, _row";

    record Regency(String bps, String code, String name, String type) {}
    record District(String code, String regencyCode, String name) {}
    record Truth(long rows, long sumHouseholds, BigDecimal sumAmount, BigDecimal sumShare) {}

    // ------------------------------------------------------------------ settings
    Path repo, out, jar;
    long rows = 1_000_000;
    int runs = 3;
    boolean smoke;
    /** {@code --excel}: the same rows as one .xlsx workbook, through the drop folder of an xlsx source (first load only). */
    boolean excel;
    int latencySamples = 7;
    int port = 28080, dbPort = 25433;
    List<String> hubArgs = new ArrayList<>();
    List<String> jvmOpts = new ArrayList<>();
    boolean keep;
    /** BENCH_REVISIONS=true: the dataset says {@code revisions: true} (what keeping revisions costs; off by default). */
    boolean revisions = false;

    List<Regency> regencies;
    List<District> districts;
    final Map<String, Regency> regencyByCode = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Bench b = new Bench();
        try {
            System.exit(b.run(args));
        } catch (Exception e) {
            System.err.println("bench: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    int run(String[] args) throws Exception {
        List<String> pos = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
                case "--smoke" -> smoke = true;
                case "--excel" -> excel = true;
                case "--jar" -> jar = Path.of(args[++i]).toAbsolutePath();
                default -> pos.add(args[i]);
            }
        }
        if (smoke) {
            rows = 50_000;
            runs = 1;
            latencySamples = 3;
        }
        if (excel) {
            rows = smoke ? 20_000 : 500_000;
            runs = 1;
            latencySamples = 0;
        }
        if (pos.size() > 0) rows = Long.parseLong(pos.get(0).replace("_", "").replace(",", ""));
        if (pos.size() > 1) runs = Integer.parseInt(pos.get(1));
        if (rows < 1 || rows > 576L * CATEGORIES * 360 || runs < 1) {
            throw new IllegalArgumentException("rows must be 1.." + 576L * CATEGORIES * 360 + " and runs >= 1");
        }
        String env;
        if ((env = System.getenv("BENCH_HUB_ARGS")) != null && !env.isBlank()) hubArgs.addAll(Arrays.asList(env.trim().split("\\s+")));
        if ((env = System.getenv("BENCH_JVM_OPTS")) != null && !env.isBlank()) jvmOpts.addAll(Arrays.asList(env.trim().split("\\s+")));
        if ((env = System.getenv("BENCH_LATENCY_SAMPLES")) != null) latencySamples = Integer.parseInt(env);
        keep = "1".equals(System.getenv("BENCH_KEEP"));
        revisions = "true".equals(System.getenv("BENCH_REVISIONS"));
        port = freePort(envInt("BENCH_PORT", 28080));
        dbPort = freePort(envInt("BENCH_DB_PORT", 25433));
        out = repo.resolve("bench/out");
        if (jar == null) jar = repo.resolve("target/regency-hub.jar");
        Files.createDirectories(out);
        readRegions();

        Path gen = out.resolve("gen-" + rows);
        Truth truth = generate(gen);
        if (excel) generateWorkbook(gen.resolve("bench.xlsx"));
        Path config = writeConfig();
        log("%s rows, %d run(s)%s%s; hub args %s; jvm opts %s; ports %d/%d", fmt(rows), runs, smoke ? " (smoke)" : "",
                excel ? " (Excel workbook)" : "", hubArgs, jvmOpts, port, dbPort);

        Map<String, List<Double>> m = new LinkedHashMap<>();
        boolean allPass = true;
        List<Double> latencies = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            RunResult rr = oneRun(r, gen, config, truth, latencies);
            allPass &= rr.pass;
            rr.figures.forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        report(m, latencies, allPass);
        return allPass ? 0 : 1;
    }

    // ------------------------------------------------------------------ generation

    void readRegions() throws IOException {
        Path ref = repo.resolve("config/reference/regions");
        regencies = new ArrayList<>();
        for (String line : Files.readAllLines(ref.resolve("regencies.csv")).subList(1, 36 + 0)) {
            String[] c = line.split(",");
            Regency g = new Regency(c[0], c[1], c[2], c[3]);
            regencies.add(g);
            regencyByCode.put(g.code, g);
        }
        districts = new ArrayList<>();
        List<String> lines = Files.readAllLines(ref.resolve("districts.csv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] c = line.split(",");
            districts.add(new District(c[0], c[3], c[5]));
        }
        if (regencies.size() != 35 || districts.size() != 576) {
            throw new IllegalStateException("expected 35 regencies and 576 districts, got " + regencies.size() + "/" + districts.size());
        }
    }

    /** The values of one generated row; variant 1 is the all-updates twin, every value different. */
    static final class Row {
        District d;
        Regency g;
        int year, month, category;
        long households, amountCents;
        int shareBp; // share in hundredths of a percent
        String note; // null = empty cell
    }

    void row(long i, int variant, Row r) {
        r.d = districts.get((int) (i % districts.size()));
        r.g = regencyByCode.get(r.d.regencyCode);
        long rest = i / districts.size();
        r.category = (int) (rest % CATEGORIES) + 1;
        long p = rest / CATEGORIES;
        r.year = 2000 + (int) (p / 12);
        r.month = (int) (p % 12) + 1;
        SplittableRandom rnd = new SplittableRandom(SEED * 31 + i);
        r.households = rnd.nextLong(2_000_000);
        r.amountCents = rnd.nextLong(1_000_000_000L);
        r.shareBp = rnd.nextInt(9_000);
        int kind = rnd.nextInt(20);
        if (variant == 1) {
            SplittableRandom u = new SplittableRandom(SEED * 37 + i);
            r.households += 1 + u.nextLong(5_000);
            r.amountCents += 1 + u.nextLong(10_000_000);
            r.shareBp += 1 + u.nextInt(900);
            kind = (kind + 1 + u.nextInt(18)) % 20;
        }
        r.note = switch (kind) {
            case 0 -> null;
            case 1, 2 -> "Data sementara; menunggu verifikasi " + r.d.name;        // needs quoting (';')
            case 3 -> "Revisi \"final\" dari dinas K" + r.category;                // doubled quotes
            case 4, 5 -> "Pembangunan jalan desa – tahap " + (1 + i % 4);           // UTF-8 en dash
            case 6, 7, 8 -> "Laporan rutin Kecamatan " + r.d.name + " bulan " + MONTHS[r.month - 1];
            default -> "Laporan bulanan " + r.g.type + " " + r.g.name + ", kategori K" + r.category;
        };
    }

    static String cat(int c) {
        return c < 10 ? "K0" + c : "K" + c;
    }

    /** 1234567 → "1.234.567" (Indonesian grouping). */
    static void grouped(StringBuilder sb, long v) {
        String s = Long.toString(v);
        int first = s.length() % 3 == 0 ? 3 : s.length() % 3;
        sb.append(s, 0, first);
        for (int k = first; k < s.length(); k += 3) sb.append('.').append(s, k, k + 3);
    }

    static void idDecimal(StringBuilder sb, long hundredths) {
        grouped(sb, hundredths / 100);
        long f = hundredths % 100;
        sb.append(',').append(f < 10 ? "0" : "").append(f);
    }

    static void plainDecimal(StringBuilder sb, long hundredths) {
        long f = hundredths % 100;
        sb.append(hundredths / 100).append('.').append(f < 10 ? "0" : "").append(f);
    }

    void csvLine(StringBuilder sb, Row r) {
        sb.append(r.g.code).append(';').append(r.g.type).append(' ').append(r.g.name).append(';')
          .append(r.d.code).append(';').append(r.d.name).append(';')
          .append(MONTHS[r.month - 1]).append(' ').append(r.year).append(';')
          .append(cat(r.category)).append(';');
        grouped(sb, r.households);
        sb.append(';');
        idDecimal(sb, r.amountCents);
        sb.append(';');
        idDecimal(sb, r.shareBp);
        sb.append(';');
        if (r.note != null) {
            if (r.note.indexOf(';') >= 0 || r.note.indexOf('"') >= 0) {
                sb.append('"').append(r.note.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(r.note);
            }
        }
        sb.append("\r\n"); // as Excel writes it
    }

    static final String CSV_HEADER = "kode_kab;nama_kab;kode_kec;nama_kec;periode;kategori;jumlah_kk;nilai;persentase;keterangan\r\n";
    /** Column list of the truth COPY files (dataset fields, then the hub's bookkeeping columns). */
    static final String COPY_COLS = FIELDS + ", _source, _batch, _row";

    void copyLine(StringBuilder sb, Row r, long fileRow) {
        sb.append(r.d.code).append('\t').append(r.year).append('-').append(r.month < 10 ? "0" : "").append(r.month)
          .append("-01\t").append(cat(r.category)).append('\t').append(r.g.code).append('\t').append(r.households).append('\t');
        plainDecimal(sb, r.amountCents);
        sb.append('\t');
        plainDecimal(sb, r.shareBp);
        sb.append('\t').append(r.note == null ? "\\N" : r.note).append('\t').append(SOURCE).append("\t0\t").append(fileRow).append('\n');
    }

    /** Generates the four files once per row count (deterministic); returns the truth of the first file. */
    Truth generate(Path gen) throws IOException {
        Path done = gen.resolve("done.properties");
        Properties p = new Properties();
        if (Files.exists(done)) {
            try (Reader in = Files.newBufferedReader(done)) {
                p.load(in);
            }
            if (String.valueOf(GEN_VERSION).equals(p.getProperty("version"))) {
                return truthOf(p, "");
            }
        }
        Files.createDirectories(gen);
        long t0 = System.nanoTime();
        for (int variant = 0; variant < 2; variant++) {
            String sfx = variant == 0 ? "" : "-upd";
            long sumH = 0, sumA = 0, sumS = 0;
            try (BufferedWriter csv = Files.newBufferedWriter(gen.resolve("bench" + sfx + ".csv"), StandardCharsets.UTF_8);
                 BufferedWriter copy = Files.newBufferedWriter(gen.resolve("truth" + sfx + ".copy"), StandardCharsets.UTF_8)) {
                csv.write(CSV_HEADER);
                StringBuilder a = new StringBuilder(256), b = new StringBuilder(256);
                Row r = new Row();
                for (long i = 0; i < rows; i++) {
                    row(i, variant, r);
                    a.setLength(0);
                    b.setLength(0);
                    csvLine(a, r);
                    copyLine(b, r, i + 2);
                    csv.append(a);
                    copy.append(b);
                    sumH += r.households;
                    sumA += r.amountCents;
                    sumS += r.shareBp;
                }
            }
            p.setProperty("rows", String.valueOf(rows));
            p.setProperty("households" + sfx, String.valueOf(sumH));
            p.setProperty("amount" + sfx, BigDecimal.valueOf(sumA, 2).toPlainString());
            p.setProperty("share" + sfx, BigDecimal.valueOf(sumS, 2).toPlainString());
        }
        p.setProperty("version", String.valueOf(GEN_VERSION));
        try (var w = Files.newBufferedWriter(done)) {
            p.store(w, "bench generator output (seed " + SEED + ")");
        }
        log("generated %s rows in %s (%.1f s, CSV %s MB)", fmt(rows), gen, (System.nanoTime() - t0) / 1e9,
                Files.size(gen.resolve("bench.csv")) / 1_000_000);
        return truthOf(p, "");
    }

    /** The CSV's columns between a running number and two columns no dataset field takes, as regency exports have. */
    static final String[] XLSX_HEADER = ("No;" + CSV_HEADER.strip() + ";id_laporan;sumber").split(";");

    /**
     * The first CSV's rows as one .xlsx workbook (sheet "Data", header on row 1, so every row keeps its line number
     * as its row), written as a regency application's streaming exporter writes one (as POI's SXSSF does: text as
     * inline strings, numbers as numeric cells, fast compression), with a running number, a report id and the
     * office as extra columns. Made once per row count, by hand (the driver has no POI).
     */
    void generateWorkbook(Path file) throws IOException {
        if (Files.exists(file)) return;
        long t0 = System.nanoTime();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            z.setLevel(java.util.zip.Deflater.BEST_SPEED); // fast compression, as streaming exporters use
            part(z, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                    </Types>""");
            part(z, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            part(z, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            part(z, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                    </Relationships>""");
            part(z, "xl/styles.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                    <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
                    <fills count="1"><fill><patternFill patternType="none"/></fill></fills>\
                    <borders count="1"><border/></borders>\
                    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                    <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
                    </styleSheet>""");
            z.putNextEntry(new java.util.zip.ZipEntry("xl/worksheets/sheet1.xml"));
            java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(z, StandardCharsets.UTF_8), 1 << 16);
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            StringBuilder sb = new StringBuilder(1024);
            sb.append("<row r=\"1\">");
            for (int c = 0; c < XLSX_HEADER.length; c++) text(sb, c, 1, XLSX_HEADER[c]);
            w.append(sb.append("</row>"));
            Row r = new Row();
            for (long i = 0; i < rows; i++) {
                row(i, 0, r);
                long n = i + 2;
                sb.setLength(0);
                sb.append("<row r=\"").append(n).append("\">");
                number(sb, 0, n).append(i + 1).append("</v></c>");
                text(sb, 1, n, r.g.code);
                text(sb, 2, n, r.g.type + " " + r.g.name);
                text(sb, 3, n, r.d.code);
                text(sb, 4, n, r.d.name);
                text(sb, 5, n, MONTHS[r.month - 1] + " " + r.year);
                text(sb, 6, n, cat(r.category));
                number(sb, 7, n).append(r.households).append("</v></c>");
                plainDecimal(number(sb, 8, n), r.amountCents);
                sb.append("</v></c>");
                plainDecimal(number(sb, 9, n), r.shareBp);
                sb.append("</v></c>");
                if (r.note != null) text(sb, 10, n, r.note);
                text(sb, 11, n, String.format(Locale.ROOT, "LAP-%016X", new SplittableRandom(SEED * 41 + i).nextLong()));
                text(sb, 12, n, "Dinas Kependudukan dan Pencatatan Sipil " + r.g.type + " " + r.g.name);
                w.append(sb.append("</row>"));
            }
            w.write("</sheetData></worksheet>");
            w.flush();
            z.closeEntry();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        log("generated %s (%s rows, %.1f MB) in %.1f s", out.relativize(file), fmt(rows), Files.size(file) / 1e6,
                (System.nanoTime() - t0) / 1e9);
    }

    private static void part(java.util.zip.ZipOutputStream z, String name, String xml) throws IOException {
        z.putNextEntry(new java.util.zip.ZipEntry(name));
        z.write(xml.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }

    private static void ref(StringBuilder sb, int column, long row) {
        sb.append("<c r=\"").append((char) ('A' + column)).append(row).append('"');
    }

    private static void text(StringBuilder sb, int column, long row, String value) {
        ref(sb, column, row);
        sb.append(" t=\"inlineStr\"><is><t>");
        for (int k = 0; k < value.length(); k++) {
            char ch = value.charAt(k);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(ch);
            }
        }
        sb.append("</t></is></c>");
    }

    private static StringBuilder number(StringBuilder sb, int column, long row) {
        ref(sb, column, row);
        return sb.append("><v>");
    }

    static Truth truthOf(Properties p, String sfx) {
        return new Truth(Long.parseLong(p.getProperty("rows")), Long.parseLong(p.getProperty("households" + sfx)),
                new BigDecimal(p.getProperty("amount" + sfx)), new BigDecimal(p.getProperty("share" + sfx)));
    }

    Truth truthUpd(Path gen) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(gen.resolve("done.properties"))) {
            p.load(in);
        }
        return truthOf(p, "-upd");
    }

    Path writeConfig() throws IOException {
        Path config = out.resolve("config");
        deleteTree(config);
        Files.createDirectories(config.resolve("datasets"));
        Files.createDirectories(config.resolve("sources"));
        copyTree(repo.resolve("config/reference"), config.resolve("reference"));
        StringBuilder cats = new StringBuilder();
        for (int c = 1; c <= CATEGORIES; c++) cats.append(c > 1 ? ", " : "").append(cat(c));
        Files.writeString(config.resolve("datasets/" + DATASET + ".yaml"), """
                # Generated by bench/src/Bench.java: a realistic monthly per-district table.
                id: %s
                title: Benchmark - statistik bulanan per kecamatan (generated)
                fields:
                  - { name: region, type: region, level: district }
                  - { name: period, type: period, grain: month }
                  - { name: category, type: code, values: [%s] }
                  - { name: regency, type: region, level: regency }
                  - { name: households, type: integer, unit: kk, min: 0, required: true }
                  - { name: amount, type: decimal, unit: rupiah, min: 0 }
                  - { name: share, type: decimal, unit: persen, min: 0, max: 100 }
                  - { name: note, type: text }
                key: [region, period, category]
                %s""".formatted(DATASET, cats, revisions ? "revisions: true\n" : ""));
        Files.writeString(config.resolve("sources/" + SOURCE + ".yaml"), """
                # Generated by bench/src/Bench.java: the province's drop source for the benchmark table.
                id: %s
                title: Benchmark drop source (generated)
                regency: "33"
                dataset: %s
                kind: drop
                %s
                mapping:
                  region: { column: kode_kec }
                  period: { column: periode }
                  category: { column: kategori }
                  regency: { column: kode_kab }
                  households: { column: jumlah_kk }
                  amount: { column: nilai }
                  share: { column: persentase }
                  note: { column: keterangan }
                max-reject-ratio: 0.2
                """.formatted(SOURCE, DATASET, excel ? "format: xlsx\ndrop: { include: \"*.xlsx\" }" : "drop: { include: \"*.csv\" }"));
        Files.createDirectories(out.resolve("routes"));
        return config;
    }

    // ------------------------------------------------------------------ one run

    static final class RunResult {
        final Map<String, Double> figures = new LinkedHashMap<>();
        boolean pass = true;
    }

    RunResult oneRun(int r, Path gen, Path config, Truth truth, List<Double> latencies) throws Exception {
        RunResult res = new RunResult();
        Path data = out.resolve("run-" + r);
        deleteTree(data);
        Files.createDirectories(data);
        Path logs = out.resolve("logs");
        Files.createDirectories(logs);
        Path hubLog = logs.resolve("run-" + r + "-hub.log");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m"));
        for (String o : jvmOpts) cmd.add(o.replace("{run}", String.valueOf(r)).replace("{out}", out.toString()));
        cmd.addAll(List.of("-jar", jar.toString(), "--hub.config-dir=" + config, "--hub.data-dir=" + data,
                "--hub.routes-dir=" + out.resolve("routes"), "--server.port=" + port, "--hub.embedded-db.port=" + dbPort,
                // drop files are bounded like uploads (100 MB by default); the benchmark's are larger
                "--hub.upload.max-size=64GB"));
        cmd.addAll(hubArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(out.toFile()).redirectErrorStream(true)
                .redirectOutput(hubLog.toFile());
        pb.environment().put("HUB_SECURITY_OPERATOR_PASSWORD", OPERATOR_PASSWORD);
        long tStart = System.nanoTime();
        Process hub = pb.start();
        Sampler mem = new Sampler(hub.pid());
        mem.start();
        try {
            waitHealthy(hub, hubLog);
            log("run %d: hub pid %d up in %.1f s (log %s)", r, hub.pid(), (System.nanoTime() - tStart) / 1e9, out.relativize(hubLog));
            Properties sec = new Properties();
            try (Reader in = Files.newBufferedReader(data.resolve("postgres.secrets"))) {
                sec.load(in);
            }
            String url = "jdbc:postgresql://localhost:" + dbPort + "/regency_hub";
            try (Connection hubDb = DriverManager.getConnection(url, "hub", sec.getProperty("hub"));
                 Connection su = DriverManager.getConnection(url, "postgres", sec.getProperty("superuser"));
                 Connection poll = DriverManager.getConnection(url, "hub", sec.getProperty("hub"))) {
                // ---- baseline: COPY of the normalised rows into an empty twin of the warehouse table
                exec(hubDb, "DROP SCHEMA IF EXISTS bench CASCADE");
                exec(hubDb, "CREATE SCHEMA bench");
                exec(hubDb, "CREATE TABLE bench.baseline (LIKE warehouse." + DATASET + " INCLUDING ALL)");
                exec(hubDb, "CREATE TABLE bench.truth_upd (LIKE warehouse." + DATASET + " INCLUDING ALL)");
                exec(su, "CHECKPOINT");
                Cpu cpu = new Cpu(hub.pid(), data.resolve("postgres"));
                double cpu0 = cpu.seconds();
                long t0 = System.nanoTime();
                long copied = copy(hubDb, "bench.baseline", gen.resolve("truth.copy"));
                double baseS = (System.nanoTime() - t0) / 1e9;
                double baseCpu = cpu.seconds() - cpu0;
                res.figures.put("baseline CPU s", baseCpu);
                if (copied != rows) throw new IllegalStateException("baseline copied " + copied + " rows");
                // The truth after all updates goes into a second empty twin: a second baseline sample. Other work on
                // the machine makes single samples noisy; the faster of the two is the run's physical limit.
                exec(su, "CHECKPOINT");
                t0 = System.nanoTime();
                copy(hubDb, "bench.truth_upd", gen.resolve("truth-upd.copy"));
                baseS = Math.min(baseS, (System.nanoTime() - t0) / 1e9);
                res.figures.put("baseline rows/s", rows / baseS);
                exec(su, "CHECKPOINT");

                // ---- first load
                mem.phasePeak.set(0);
                cpu0 = cpu.seconds();
                Load first = excel ? drop(poll, data, gen.resolve("bench.xlsx"), "bench-run" + r + ".xlsx", hub, 50)
                        : drop(poll, data, gen.resolve("bench.csv"), "bench-run" + r + ".csv", hub, 50);
                res.figures.put("first load rows/s", rows / first.seconds);
                res.figures.put("first load ratio", baseS / first.seconds);
                res.figures.put("first load s", first.seconds);
                double firstCpu = cpu.seconds() - cpu0;
                res.figures.put("first load CPU s", firstCpu);
                res.figures.put("first load CPU ratio", baseCpu / firstCpu);
                res.figures.put("first load peak RSS MiB", mem.phasePeak.get() / 1024.0);
                boolean ok1 = check(hubDb, first, truth, "bench.baseline", "first load");
                if (excel) {
                    // the workbook's size in MB, and the first load is the whole Excel benchmark
                    res.figures.put("workbook MB", Files.size(gen.resolve("bench.xlsx")) / 1e6);
                    res.pass = ok1;
                    return res;
                }
                exec(su, "CHECKPOINT");

                // ---- all-updates load
                mem.phasePeak.set(0);
                cpu0 = cpu.seconds();
                Load upd = drop(poll, data, gen.resolve("bench-upd.csv"), "bench-run" + r + "-upd.csv", hub, 50);
                res.figures.put("all-updates rows/s", rows / upd.seconds);
                res.figures.put("all-updates ratio", baseS / upd.seconds);
                res.figures.put("all-updates s", upd.seconds);
                double updCpu = cpu.seconds() - cpu0;
                res.figures.put("all-updates CPU s", updCpu);
                res.figures.put("all-updates CPU ratio", baseCpu / updCpu);
                res.figures.put("all-updates peak RSS MiB", mem.phasePeak.get() / 1024.0);
                boolean ok2 = check(hubDb, upd, truthUpd(gen), "bench.truth_upd", "all-updates");

                // ---- latency of small files
                boolean ok3 = true;
                List<Double> lat = new ArrayList<>();
                for (int k = 0; k < latencySamples; k++) {
                    Path small = data.resolve("small-" + k + ".csv");
                    writeSmall(small, r * 100 + k);
                    Load l = drop(poll, data, small, "small-run" + r + "-" + k + ".csv", hub, 5);
                    if (!"LOADED".equals(l.status) || l.rowsLoaded != 35) {
                        ok3 = false;
                        log("  35-row file %d: %s, %d rows loaded: FAIL (%s)", k, l.status, l.rowsLoaded, l.message);
                    }
                    lat.add(l.seconds);
                    Thread.sleep(300 + (k * 137) % 700); // drops at different phases of the folder scan
                }
                latencies.addAll(lat);
                res.figures.put("35-row latency s", median(lat));
                log("  35-row files drop→LOADED: %s s", lat.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
                res.pass = ok1 && ok2 && ok3;
            }
            res.figures.put("VmHWM MiB", mem.hwm() / 1024.0);
            log("run %d: baseline %s rows/s | first %s rows/s (%.2fx, %.1f s) | updates %s rows/s (%.2fx, %.1f s) | VmHWM %.0f MiB | truth %s",
                    r, fmt(res.figures.get("baseline rows/s")), fmt(res.figures.get("first load rows/s")),
                    res.figures.get("first load ratio"), res.figures.get("first load s"),
                    fmt(res.figures.get("all-updates rows/s")), res.figures.get("all-updates ratio"),
                    res.figures.get("all-updates s"), res.figures.get("VmHWM MiB"), res.pass ? "PASS" : "FAIL");
            log("run %d: CPU s (hub + its PostgreSQL): baseline %.1f | first %.1f (%.2fx) | updates %.1f (%.2fx)", r,
                    res.figures.getOrDefault("baseline CPU s", Double.NaN), res.figures.getOrDefault("first load CPU s", Double.NaN),
                    res.figures.getOrDefault("first load CPU ratio", Double.NaN), res.figures.getOrDefault("all-updates CPU s", Double.NaN),
                    res.figures.getOrDefault("all-updates CPU ratio", Double.NaN));
        } finally {
            if (excel && res.figures.containsKey("first load s")) {
                res.figures.put("VmHWM MiB", mem.hwm() / 1024.0);
                log("run %d: Excel workbook, first load %s rows/s (%.1f s), peak RSS %.0f MiB, VmHWM %.0f MiB | truth %s", r,
                        fmt(res.figures.getOrDefault("first load rows/s", Double.NaN)),
                        res.figures.getOrDefault("first load s", Double.NaN),
                        res.figures.getOrDefault("first load peak RSS MiB", Double.NaN), res.figures.get("VmHWM MiB"),
                        res.pass ? "PASS" : "FAIL");
            }
            stop(hub, data);
            mem.interrupt();
            if (!keep) deleteTree(data);
        }
        return res;
    }

    /** A result of one drop: how long from the rename to a final status, and what the batch says. */
    record Load(double seconds, long batch, String status, long rowsRead, long rowsLoaded, long rejected,
                String message, double intakeS, double loadTailS) {}

    Load drop(Connection poll, Path data, Path file, String name, Process hub, long pollMs) throws Exception {
        Path dir = data.resolve("drop").resolve(SOURCE);
        Files.createDirectories(dir);
        Path part = dir.resolve(name + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        long size = Files.size(part);
        long t0 = System.nanoTime();
        Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        long timeoutNs = Duration.ofSeconds(Math.max(120, size / 200_000)).toNanos();
        try (PreparedStatement ps = poll.prepareStatement("""
                SELECT id, status, rows_read, rows_loaded, rows_rejected + rows_rejected_load, message,
                       extract(epoch FROM queued_at - received_at), extract(epoch FROM finished_at - queued_at)
                FROM hub.batch WHERE file_name = ? ORDER BY id DESC LIMIT 1""")) {
            ps.setString(1, name);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String st = rs.getString(2);
                        if (!st.equals("RECEIVED") && !st.equals("QUEUED")) {
                            double s = (System.nanoTime() - t0) / 1e9;
                            return new Load(s, rs.getLong(1), st, rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                    rs.getString(6), rs.getDouble(7), rs.getDouble(8));
                        }
                    }
                }
                if (!hub.isAlive()) throw new IllegalStateException("the hub died; see its log");
                Path refused = dir.resolve(".failed").resolve(name + ".error.txt");
                if (Files.exists(refused)) {
                    throw new IllegalStateException(name + " was refused by the hub: " + Files.readString(refused));
                }
                if (System.nanoTime() - t0 > timeoutNs) {
                    throw new IllegalStateException(name + " not loaded within " + timeoutNs / 1_000_000_000 + " s");
                }
                Thread.sleep(pollMs);
            }
        }
    }

    boolean check(Connection c, Load l, Truth t, String truthTable, String what) throws SQLException {
        List<String> bad = new ArrayList<>();
        if (!"LOADED".equals(l.status)) bad.add("status " + l.status + (l.message == null ? "" : " (" + l.message + ")"));
        if (l.rowsRead != t.rows || l.rowsLoaded != t.rows || l.rejected != 0) {
            bad.add("batch counts read/loaded/rejected " + l.rowsRead + "/" + l.rowsLoaded + "/" + l.rejected);
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*), count(DISTINCT (region, period, category)), sum(households), sum(amount), sum(share),"
                        + " count(*) FILTER (WHERE _batch = " + l.batch + ") FROM warehouse." + DATASET)) {
            rs.next();
            if (rs.getLong(1) != t.rows) bad.add("count " + rs.getLong(1) + " != " + t.rows);
            if (rs.getLong(2) != t.rows) bad.add("distinct keys " + rs.getLong(2) + " != " + t.rows);
            if (rs.getLong(3) != t.sumHouseholds) bad.add("sum(households) " + rs.getLong(3) + " != " + t.sumHouseholds);
            if (rs.getBigDecimal(4).compareTo(t.sumAmount) != 0) bad.add("sum(amount) " + rs.getBigDecimal(4) + " != " + t.sumAmount);
            if (rs.getBigDecimal(5).compareTo(t.sumShare) != 0) bad.add("sum(share) " + rs.getBigDecimal(5) + " != " + t.sumShare);
            if (rs.getLong(6) != t.rows) bad.add("rows of this batch " + rs.getLong(6) + " != " + t.rows);
        }
        for (String[] dir : new String[][] {{"warehouse." + DATASET, truthTable}, {truthTable, "warehouse." + DATASET}}) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT "
                    + CMP_COLS + " FROM " + dir[0] + " EXCEPT ALL SELECT " + CMP_COLS + " FROM " + dir[1] + ") x")) {
                rs.next();
                if (rs.getLong(1) != 0) bad.add(rs.getLong(1) + " rows of " + dir[0] + " not in " + dir[1]);
            }
        }
        log("  %s: batch %d %s in %.2f s (received→queued %.1f s, queued→finished %.1f s); truth %s", what, l.batch,
                l.status, l.seconds, l.intakeS, l.loadTailS, bad.isEmpty() ? "PASS" : "FAIL " + bad);
        return bad.isEmpty();
    }

    /** 35 rows, one per regency (its first district), a period of its own so that every file is new. */
    void writeSmall(Path file, int n) throws IOException {
        StringBuilder sb = new StringBuilder(CSV_HEADER);
        Row r = new Row();
        int year = 1960 + n / 12, month = n % 12 + 1;
        for (Regency g : regencies) {
            District d = districts.stream().filter(x -> x.regencyCode.equals(g.code)).findFirst().orElseThrow();
            long i = districts.indexOf(d);
            row(i, 0, r);
            r.year = year;
            r.month = month;
            csvLine(sb, r);
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ hub process

    void waitHealthy(Process hub, Path hubLog) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub exited with " + hub.exitValue() + " while starting:\n" + tail(hubLog, 40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the hub did not become healthy within 300 s:\n" + tail(hubLog, 40));
    }

    void stop(Process hub, Path data) throws Exception {
        if (hub.isAlive()) {
            hub.destroy(); // SIGTERM: Spring closes Camel, the broker and the embedded PostgreSQL
            if (!hub.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                log("hub did not stop within 120 s; killing it");
                hub.destroyForcibly().waitFor();
            }
        }
        // A killed hub leaves its PostgreSQL running: stop that one (only it: the pid from its own data folder).
        Path pid = data.resolve("postgres/postmaster.pid");
        if (Files.exists(pid)) {
            try {
                long p = Long.parseLong(Files.readAllLines(pid).get(0).trim());
                ProcessHandle.of(p).filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                        .ifPresent(h -> {
                            h.destroy();
                            try {
                                h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (Exception e) {
                                h.destroyForcibly();
                            }
                        });
            } catch (Exception ignored) {
                // no pid: nothing to stop
            }
        }
    }

    /**
     * CPU seconds used so far by the hub's JVM and its embedded PostgreSQL: the postmaster (found by its data folder:
     * pg_ctl leaves it a child of init), its live server processes, and through its {@code cutime} those that ended.
     * Unlike wall time, this hardly moves when other work shares the machine, so it shows whether the hub itself got
     * cheaper or dearer; the baseline's figure is the COPY's own backend (and the idle hub beside it).
     */
    static final class Cpu {
        static final double TICKS = 100.0; // USER_HZ (getconf CLK_TCK) on Linux
        final long hub;
        final String pgData;

        Cpu(long hub, Path pgData) {
            this.hub = hub;
            this.pgData = "-D " + pgData.toAbsolutePath();
        }

        double seconds() throws IOException {
            String[] own = stat(hub);
            long ticks = own == null ? 0 : total(own);
            long postmaster = -1;
            Map<Long, String[]> all = new LinkedHashMap<>();
            try (var procs = Files.newDirectoryStream(Path.of("/proc"), f -> f.getFileName().toString().matches("\\d+"))) {
                for (Path p : procs) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    String[] st = stat(pid);
                    if (st == null) continue;
                    all.put(pid, st);
                    if (postmaster < 0) {
                        try {
                            String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.ISO_8859_1).replace('\0', ' ');
                            if (cmd.contains(pgData)) postmaster = pid;
                        } catch (IOException gone) {
                            // ended meanwhile
                        }
                    }
                }
            }
            for (var e : all.entrySet()) {
                if (e.getKey() == postmaster || Long.parseLong(e.getValue()[1]) == postmaster) ticks += total(e.getValue());
            }
            return ticks / TICKS;
        }

        /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ... [11] utime ... [14] cstime. */
        static String[] stat(long pid) {
            try {
                String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return s.substring(s.lastIndexOf(')') + 2).split(" ");
            } catch (IOException | RuntimeException gone) {
                return null;
            }
        }

        /** utime + stime + cutime + cstime: the process and its children that ended. */
        static long total(String[] f) {
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
    }

    /** Samples VmHWM and VmRSS of the hub every 100 ms. */
    static final class Sampler extends Thread {
        final long pid;
        final AtomicLong hwmKb = new AtomicLong(), phasePeak = new AtomicLong();

        Sampler(long pid) {
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            Path status = Path.of("/proc/" + pid + "/status");
            while (!isInterrupted()) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmHWM:")) hwmKb.accumulateAndGet(kb(line), Math::max);
                        if (line.startsWith("VmRSS:")) phasePeak.accumulateAndGet(kb(line), Math::max);
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException gone) {
                    return;
                }
            }
        }

        long hwm() {
            return hwmKb.get();
        }

        static long kb(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
    }

    // ------------------------------------------------------------------ report

    void report(Map<String, List<Double>> m, List<Double> latencies, boolean pass) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nregency-hub bench: %s rows, %d run(s)%s, %s, %d cores, hub args %s%s%n",
                fmt(rows), runs, smoke ? " (smoke)" : "", LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), hubArgs,
                revisions ? ", revisions: true" : ""));
        Function<String, String> med = k -> m.containsKey(k) ? fmt(median(m.get(k))) : "-";
        Function<String, String> all = k -> m.containsKey(k)
                ? m.get(k).stream().map(Bench::fmt).toList().toString() : "";
        for (String k : m.keySet()) {
            if (k.equals("35-row latency s")) continue;
            sb.append(String.format(Locale.ROOT, "  %-26s %12s   runs %s%n", k, med.apply(k), all.apply(k)));
        }
        double lat = latencies.isEmpty() ? Double.NaN : median(latencies);
        if (!excel) {
            sb.append(String.format(Locale.ROOT, "  %-26s %12s   (%d files)%n", "35-row drop→LOADED s", fmt(lat), latencies.size()));
        }
        if (excel) {
            sb.append(String.format(Locale.ROOT, "  Excel: a %s MB workbook of %s rows through the drop folder of an xlsx source, hub at -Xmx256m%n",
                    med.apply("workbook MB"), fmt(rows)));
        } else if (!smoke) {
            double f = median(m.get("first load ratio")), u = median(m.get("all-updates ratio"));
            sb.append(String.format(Locale.ROOT, "  targets: first load %.2fx baseline (>= 0.75: %s), all-updates %.2fx (>= 0.50: %s), 35-row %.2f s (< 1.2 s: %s)%n",
                    f, f >= 0.75 ? "met" : "missed", u, u >= 0.5 ? "met" : "missed", lat, lat < 1.2 ? "met" : "missed"));
        }
        sb.append("  truth check: ").append(pass ? "PASS" : "FAIL").append('\n');
        System.out.print(sb);
        Files.writeString(out.resolve(excel ? "last-excel-result.txt" : "last-result.txt"), sb);
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "-";
        if (Math.abs(v) >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    // ------------------------------------------------------------------ helpers

    static long copy(Connection c, String table, Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + COPY_COLS + ") FROM STDIN", in, 1 << 16);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static int envInt(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }

    /** The wanted port if it is free, else any free one. */
    static int freePort(int wanted) throws IOException {
        try (ServerSocket s = new ServerSocket(wanted)) {
            return wanted;
        } catch (IOException busy) {
            try (ServerSocket s = new ServerSocket(0)) {
                log("port %d is busy; using %d", wanted, s.getLocalPort());
                return s.getLocalPort();
            }
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String tail(Path f, int n) throws IOException {
        if (!Files.exists(f)) return "";
        List<String> l = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
        return String.join("\n", l.subList(Math.max(0, l.size() - n), l.size()));
    }

    static void log(String fmt, Object... args) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + String.format(Locale.ROOT, fmt, args));
        System.out.flush();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }
            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
