package id.go.jatengprov.regencyhub.fault;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;

import id.go.jatengprov.regencyhub.reference.CodeSystem;
import id.go.jatengprov.regencyhub.reference.Region;
import id.go.jatengprov.regencyhub.reference.RegionLevel;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;
import id.go.jatengprov.regencyhub.reference.RegionResolver;

/**
 * The fault suite's configuration and inputs. One test dataset, {@code fault_meter} (key: meter and period),
 * fed by the drop source {@code fault-meter}; inputs are generated from a seed, so that their truth (row
 * count and checksums of every column) is known exactly and can be compared with what the warehouse holds.
 *
 * <p>The rows look like a regency's export, so that normalisation runs under the faults too: ';' between
 * fields, amounts in Indonesian notation ({@code 1.234.567,89}), regencies named as offices write them
 * ({@code Kab. Cilacap}, {@code KOTA SEMARANG}), district names ({@code Kedungreja}) and months in Indonesian
 * ({@code Maret 2024}).
 */
final class FaultData {

    static final String SOURCE = "fault-meter";
    static final String HEADER = "meter;bulan;wilayah;kecamatan;reading;nilai";
    private static final String[] MONTHS = {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
            "September", "Oktober", "November", "Desember"};

    private FaultData() {}

    /**
     * What a correct warehouse holds for an input: rows, the sum of readings, sum(meter × reading), distinct
     * keys, the sum of amounts in cents, and a checksum of the regency, district and month of every row.
     */
    record Truth(long rows, long sum, BigInteger weighted, long distinctKeys, long amountCents, long places) {
        Truth plus(Truth o) {
            return new Truth(rows + o.rows, sum + o.sum, weighted.add(o.weighted), distinctKeys + o.distinctKeys,
                    amountCents + o.amountCents, places + o.places);
        }

        static final Truth NONE = new Truth(0, 0, BigInteger.ZERO, 0, 0, 0);

        @Override
        public String toString() {
            return "rows=" + rows + " sum=" + sum + " weighted=" + weighted + " keys=" + distinctKeys + " amount="
                    + BigDecimal.valueOf(amountCents, 2) + " places=" + places;
        }
    }

    /** A district as a regency office writes it, with the codes the hub must resolve it to. */
    record Place(String regencyName, String districtName, long regencyCode, long districtCode) {}

    /**
     * Districts of the province whose names are unique province-wide, each with its regency written as offices
     * do; every name is checked against the hub's own resolver, so the truth knows the codes the hub must find.
     */
    static final List<Place> PLACES = places();

    private static List<Place> places() {
        try {
            RegionRegistry registry = RegionRegistry.load(Path.of("config", "reference", "regions"));
            RegionResolver resolver = new RegionResolver(registry);
            List<Place> out = new ArrayList<>();
            int i = 0;
            for (Region d : registry.all()) {
                if (d.level() != RegionLevel.DISTRICT) continue;
                Region regency = registry.byCode(d.parentCode()).orElseThrow();
                String regencyName = switch (i++ % 3) {
                    case 0 -> (regency.type().equals("Kota") ? "Kota " : "Kab. ") + regency.name();
                    case 1 -> (regency.type().equals("Kota") ? "KOTA " : "KABUPATEN ") + regency.name().toUpperCase(Locale.ROOT);
                    default -> regency.type() + " " + regency.name();
                };
                if (code(resolver, regencyName, RegionLevel.REGENCY).equals(regency.code())
                        && code(resolver, d.name(), RegionLevel.DISTRICT).equals(d.code())) {
                    out.add(new Place(regencyName, d.name(), digits(regency.code()), digits(d.code())));
                }
            }
            if (out.size() < 100) throw new IllegalStateException("only " + out.size() + " districts resolve by name");
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String code(RegionResolver resolver, String name, RegionLevel level) {
        Region r = resolver.resolve(name, level, "33", CodeSystem.AUTO).regionOrNull();
        return r == null ? "" : r.code();
    }

    private static long digits(String code) {
        return Long.parseLong(code.replace(".", ""));
    }

    /** A config folder: the shipped region reference plus the fault dataset and source. */
    static Path writeConfig(Path runDir) {
        try {
            Path config = runDir.resolve("config");
            copyTree(Path.of("config", "reference"), config.resolve("reference"));
            Files.createDirectories(config.resolve("datasets"));
            Files.createDirectories(config.resolve("sources"));
            Files.writeString(config.resolve("datasets").resolve("fault_meter.yaml"), """
                    # Fault suite: one reading per meter and month, with a place and an amount, as a regency reports it.
                    id: fault_meter
                    title: Fault suite meter readings
                    fields:
                      - { name: meter, type: integer, min: 1 }
                      - { name: period, type: period, grain: month }
                      - { name: region, type: region, level: regency }
                      - { name: district, type: region, level: district }
                      - { name: reading, type: integer, min: 0, required: true }
                      - { name: amount, type: decimal, min: 0 }
                    key: [meter, period]
                    """);
            Files.writeString(config.resolve("sources").resolve(SOURCE + ".yaml"), """
                    id: fault-meter
                    regency: "33"
                    dataset: fault_meter
                    kind: drop
                    csv: { delimiter: ";", decimal: comma }
                    mapping:
                      meter: { column: meter }
                      period: { column: bulan }
                      region: { column: wilayah }
                      district: { column: kecamatan }
                      reading: { column: reading }
                      amount: { column: nilai }
                    max-reject-ratio: 0.2
                    """);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accumulates the truth of rows as they are written; a key seen before is (as in the hub) a reject. */
    private static final class Writer implements AutoCloseable {
        private final BufferedWriter out;
        private final Set<Long> seen;
        private final StringBuilder line = new StringBuilder(96);
        private long rows, sum, w, amount, places;
        private BigInteger weighted = BigInteger.ZERO;

        Writer(Path file, boolean trackRepeats) throws IOException {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.write('\n');
            seen = trackRepeats ? new HashSet<>() : null;
        }

        /** A row; the month follows the meter, so that a repeated meter is a repeated key. */
        void row(long meter, int reading, long cents, Place place) throws IOException {
            int month = (int) (meter % 12);
            line.setLength(0);
            line.append(meter).append(';').append(MONTHS[month]).append(" 2024;").append(place.regencyName()).append(';')
                    .append(place.districtName()).append(';').append(reading).append(';');
            indonesian(cents, line);
            out.append(line).append('\n');
            if (seen != null && !seen.add(meter)) return;
            rows++;
            sum += reading;
            w += meter * reading;
            if ((rows & 1023) == 0) { // flushed while sum(meter × reading) cannot overflow a long
                weighted = weighted.add(BigInteger.valueOf(w));
                w = 0;
            }
            amount += cents;
            places += place.regencyCode() + place.districtCode() + month + 1;
        }

        Truth truth() {
            return new Truth(rows, sum, weighted.add(BigInteger.valueOf(w)), rows, amount, places);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Cents as Indonesian notation: '.' groups thousands, ',' marks the decimals ("1.234.567,89"). */
    static void indonesian(long cents, StringBuilder out) {
        String whole = Long.toString(cents / 100);
        int first = whole.length() % 3 == 0 ? 3 : whole.length() % 3;
        out.append(whole, 0, first);
        for (int i = first; i < whole.length(); i += 3) out.append('.').append(whole, i, i + 3);
        long c = cents % 100;
        out.append(',').append(c < 10 ? "0" : "").append(c);
    }

    /**
     * Writes {@code rows} rows for meters {@code firstMeter…}, 2024, readings 0…100,000, amounts up to
     * 1.000.000,00 and districts drawn from {@code seed}, and returns their truth.
     */
    static Truth generate(Path file, long seed, long firstMeter, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        try (Writer out = new Writer(file, false)) {
            for (int i = 0; i < rows; i++) {
                out.row(firstMeter + i, r.nextInt(100_001), r.nextLong(100_000_001), PLACES.get(r.nextInt(PLACES.size())));
            }
            return out.truth();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes rows whose meter and reading are given per row index (0-based); a meter that repeats is, in the
     * truth, the first row's (a later row with the same key is a reject).
     */
    static Truth generate(Path file, int rows, IntToLongFunction meterOf, IntUnaryOperator readingOf) {
        try (Writer out = new Writer(file, true)) {
            for (int i = 0; i < rows; i++) {
                out.row(meterOf.applyAsLong(i), readingOf.applyAsInt(i), (i * 7_919L) % 100_000_000L, PLACES.get(i % PLACES.size()));
            }
            return out.truth();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the warehouse holds (all of it, or one batch's rows with {@code batch} ≥ 0). */
    static Truth warehouse(Connection c, long batch) throws SQLException {
        String where = batch >= 0 ? " WHERE _batch = " + batch : "";
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), coalesce(sum(reading), 0), coalesce(sum(meter::numeric * reading), 0),"
                        + " count(DISTINCT (meter, period)), coalesce(sum(amount * 100), 0),"
                        + " coalesce(sum(replace(region, '.', '')::bigint + replace(district, '.', '')::bigint"
                        + " + extract(month FROM period)::bigint), 0) FROM warehouse.fault_meter" + where);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Truth(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).toBigIntegerExact(), rs.getLong(4),
                    rs.getBigDecimal(5).longValueExact(), rs.getLong(6));
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
