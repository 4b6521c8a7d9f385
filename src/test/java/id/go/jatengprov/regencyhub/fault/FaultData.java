package id.go.jatengprov.regencyhub.fault;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The fault suite's configuration and inputs. One test dataset, {@code fault_meter} (key: meter and year),
 * fed by the drop source {@code fault-meter}; inputs are generated from a seed, so that their truth (row
 * count and value checksums) is known exactly and can be compared with what the warehouse holds.
 */
final class FaultData {

    static final String SOURCE = "fault-meter";
    static final String HEADER = "meter,tahun,reading";

    private FaultData() {}

    /** What a correct warehouse holds for an input: rows, the sum of readings, and sum(meter × reading). */
    record Truth(long rows, long sum, BigInteger weighted, long distinctKeys) {
        Truth plus(Truth o) {
            return new Truth(rows + o.rows, sum + o.sum, weighted.add(o.weighted), distinctKeys + o.distinctKeys);
        }

        static final Truth NONE = new Truth(0, 0, BigInteger.ZERO, 0);

        @Override
        public String toString() {
            return "rows=" + rows + " sum=" + sum + " weighted=" + weighted + " keys=" + distinctKeys;
        }
    }

    /** A config folder: the shipped region reference plus the fault dataset and source. */
    static Path writeConfig(Path runDir) {
        try {
            Path config = runDir.resolve("config");
            copyTree(Path.of("config", "reference"), config.resolve("reference"));
            Files.createDirectories(config.resolve("datasets"));
            Files.createDirectories(config.resolve("sources"));
            Files.writeString(config.resolve("datasets").resolve("fault_meter.yaml"), """
                    # Fault suite: one reading per meter and year; numbers only, so a million rows normalise fast.
                    id: fault_meter
                    title: Fault suite meter readings
                    fields:
                      - { name: meter, type: integer, min: 1 }
                      - { name: period, type: period, grain: year }
                      - { name: reading, type: integer, min: 0, required: true }
                    key: [meter, period]
                    """);
            Files.writeString(config.resolve("sources").resolve(SOURCE + ".yaml"), """
                    id: fault-meter
                    regency: "33"
                    dataset: fault_meter
                    kind: drop
                    csv: { delimiter: ",", decimal: dot }
                    mapping:
                      meter: { column: meter }
                      period: { column: tahun }
                      reading: { column: reading }
                    max-reject-ratio: 0.2
                    """);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code rows} rows for meters {@code firstMeter…}, year 2024, readings 0…100,000 drawn from
     * {@code seed}, and returns their truth.
     */
    static Truth generate(Path file, long seed, long firstMeter, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        long sum = 0;
        BigInteger weighted = BigInteger.ZERO;
        long w = 0; // sum(meter × reading) in a long while it cannot overflow, flushed to the BigInteger
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.write('\n');
                for (int i = 0; i < rows; i++) {
                    long meter = firstMeter + i;
                    int reading = r.nextInt(100_001);
                    out.write(Long.toString(meter));
                    out.write(",2024,");
                    out.write(Integer.toString(reading));
                    out.write('\n');
                    sum += reading;
                    w += meter * reading;
                    if ((i & 1023) == 1023) {
                        weighted = weighted.add(BigInteger.valueOf(w));
                        w = 0;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Truth(rows, sum, weighted.add(BigInteger.valueOf(w)), rows);
    }

    /**
     * Writes rows whose meter and reading are given per row index (0-based), year 2024; a meter that
     * repeats is, in the truth, the first row's (a later row with the same key is a reject).
     */
    static Truth generate(Path file, int rows, java.util.function.IntToLongFunction meterOf,
                          java.util.function.IntUnaryOperator readingOf) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long n = 0, sum = 0;
        BigInteger weighted = BigInteger.ZERO;
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.write('\n');
                for (int i = 0; i < rows; i++) {
                    long meter = meterOf.applyAsLong(i);
                    int reading = readingOf.applyAsInt(i);
                    out.write(meter + ",2024," + reading + "\n");
                    if (seen.add(meter)) {
                        n++;
                        sum += reading;
                        weighted = weighted.add(BigInteger.valueOf(meter).multiply(BigInteger.valueOf(reading)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Truth(n, sum, weighted, n);
    }

    /** What the warehouse holds (all of it, or one batch's rows with {@code batch} ≥ 0). */
    static Truth warehouse(Connection c, long batch) throws SQLException {
        String where = batch >= 0 ? " WHERE _batch = " + batch : "";
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), coalesce(sum(reading), 0), coalesce(sum(meter::numeric * reading), 0),"
                        + " count(DISTINCT (meter, period)) FROM warehouse.fault_meter" + where);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Truth(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).toBigIntegerExact(), rs.getLong(4));
        }
    }

    /** Delivers a file the careful way: written as {@code name.part} in the drop folder, then renamed. */
    static Path drop(Path file, Path dropDir, String name) throws IOException {
        Files.createDirectories(dropDir);
        Path part = dropDir.resolve(name + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(part, dropDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
