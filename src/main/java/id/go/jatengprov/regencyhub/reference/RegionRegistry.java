package id.go.jatengprov.regencyhub.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable, thread-safe registry of the regions of Jawa Tengah (province 33), loaded from
 * {@code regencies.csv}, {@code districts.csv} and {@code villages.csv}.
 *
 * <p>The files hold no quotes and no commas inside fields (checked on load: a line with another number of
 * fields is rejected), so a plain comma split is enough.
 */
public final class RegionRegistry {

    public static final String PROVINCE_CODE = "33";
    public static final String PROVINCE_NAME = "Jawa Tengah";

    static final String REGENCIES_FILE = "regencies.csv";
    static final String DISTRICTS_FILE = "districts.csv";
    static final String VILLAGES_FILE = "villages.csv";

    private static final String REGENCIES_HEADER = "code_bps,code_kemendagri,name,type";
    private static final String DISTRICTS_HEADER =
            "code_kemendagri,code_kemendagri_compact,code_bps,regency_code_kemendagri,regency_code_bps,name";
    private static final String VILLAGES_HEADER =
            "code_kemendagri,code_compact,district_code_kemendagri,regency_code_kemendagri,name,type";

    private final Map<String, Region> byCode;
    private final Map<String, Region> byBpsCode;
    private final List<Region> all;
    private final Map<RegionLevel, Integer> counts;
    private final Map<String, List<Region>> children;
    private final Region province;

    private RegionRegistry(List<Region> regions) {
        // Level first, then code: dotted codes of one level have equal length, so string order is numeric order.
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparing(Region::level).thenComparing(Region::code));
        Map<String, Region> codes = new HashMap<>(sorted.size() * 2);
        Map<String, Region> bps = new HashMap<>(1300);
        Map<RegionLevel, Integer> perLevel = new EnumMap<>(RegionLevel.class);
        Map<String, List<Region>> kids = new HashMap<>();
        for (RegionLevel level : RegionLevel.values()) {
            perLevel.put(level, 0);
        }
        for (Region r : sorted) {
            codes.put(r.code(), r);
            if (r.codeBps() != null) {
                bps.put(r.codeBps(), r);
            }
            perLevel.merge(r.level(), 1, Integer::sum);
            if (r.parentCode() != null) {
                kids.computeIfAbsent(r.parentCode(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, List<Region>> frozenKids = new HashMap<>(kids.size() * 2);
        kids.forEach((k, v) -> frozenKids.put(k, List.copyOf(v)));
        this.byCode = Map.copyOf(codes);
        this.byBpsCode = Map.copyOf(bps);
        this.all = List.copyOf(sorted);
        this.counts = Collections.unmodifiableMap(perLevel);
        this.children = Map.copyOf(frozenKids);
        this.province = codes.get(PROVINCE_CODE);
    }

    /**
     * Loads the three reference files from {@code dir} (UTF-8).
     *
     * @throws IOException           if a file cannot be read
     * @throws IllegalStateException naming file and line if the content is malformed or inconsistent
     */
    public static RegionRegistry load(Path dir) throws IOException {
        List<Region> regions = new ArrayList<>(9200);
        Map<String, Region> known = new HashMap<>(20000);
        Region prov = new Region(PROVINCE_CODE, PROVINCE_CODE, PROVINCE_NAME, RegionLevel.PROVINCE, null, "Provinsi");
        add(regions, known, prov, dir.resolve(REGENCIES_FILE), 0);

        Path regencies = dir.resolve(REGENCIES_FILE);
        readCsv(regencies, REGENCIES_HEADER, (f, line) -> {
            String bps = f[0], code = f[1], type = f[3];
            require(isDigits(bps, 4) && bps.startsWith(PROVINCE_CODE), regencies, line, "bad BPS regency code '" + bps + "'");
            require(code.equals(bps.substring(0, 2) + "." + bps.substring(2)), regencies, line,
                    "Kemendagri code '" + code + "' does not match BPS code '" + bps + "'");
            require(type.equals("Kabupaten") || type.equals("Kota"), regencies, line, "bad type '" + type + "'");
            add(regions, known, new Region(code, bps, name(f[2], regencies, line), RegionLevel.REGENCY,
                    PROVINCE_CODE, type), regencies, line);
        });

        Path districts = dir.resolve(DISTRICTS_FILE);
        readCsv(districts, DISTRICTS_HEADER, (f, line) -> {
            String code = f[0], compact = f[1], bps = f[2], parent = f[3], parentBps = f[4];
            require(isDotted(code, 3) && compact.equals(code.replace(".", "")), districts, line,
                    "bad Kemendagri district code '" + code + "' / '" + compact + "'");
            require(code.startsWith(parent + "."), districts, line, "code " + code + " is not under regency " + parent);
            Region regency = known.get(parent);
            require(regency != null && regency.level() == RegionLevel.REGENCY, districts, line,
                    "unknown regency " + parent);
            require(parentBps.equals(regency.codeBps()) && isDigits(bps, 7) && bps.startsWith(parentBps), districts,
                    line, "BPS code '" + bps + "' does not belong to regency " + parentBps);
            add(regions, known, new Region(code, bps, name(f[5], districts, line), RegionLevel.DISTRICT, parent,
                    "Kecamatan"), districts, line);
        });

        Path villages = dir.resolve(VILLAGES_FILE);
        readCsv(villages, VILLAGES_HEADER, (f, line) -> {
            String code = f[0], compact = f[1], parent = f[2], regency = f[3], type = f[5];
            require(isDotted(code, 4) && compact.equals(code.replace(".", "")), villages, line,
                    "bad Kemendagri village code '" + code + "' / '" + compact + "'");
            require(code.startsWith(parent + ".") && parent.startsWith(regency + "."), villages, line,
                    "code " + code + " is not under district " + parent + " / regency " + regency);
            Region district = known.get(parent);
            require(district != null && district.level() == RegionLevel.DISTRICT, villages, line,
                    "unknown district " + parent);
            require(type.equals("Desa") || type.equals("Kelurahan"), villages, line, "bad type '" + type + "'");
            add(regions, known, new Region(code, null, name(f[4], villages, line), RegionLevel.VILLAGE, parent, type),
                    villages, line);
        });
        return new RegionRegistry(regions);
    }

    /** Region by Kemendagri dotted code ("33", "33.74", "33.74.01", "33.74.01.1001"). */
    public Optional<Region> byCode(String kemendagriDotted) {
        return kemendagriDotted == null ? Optional.empty() : Optional.ofNullable(byCode.get(kemendagriDotted));
    }

    /** Region by BPS code ("33", "3374", "3374010"); villages have no BPS code here. */
    public Optional<Region> byBpsCode(String bps) {
        return bps == null ? Optional.empty() : Optional.ofNullable(byBpsCode.get(bps));
    }

    /** Hot-path variant of {@link #byCode} without the Optional allocation. */
    Region regionOrNull(String kemendagriDotted) {
        return byCode.get(kemendagriDotted);
    }

    /** Hot-path variant of {@link #byBpsCode} without the Optional allocation. */
    Region bpsRegionOrNull(String bps) {
        return byBpsCode.get(bps);
    }

    /** The province itself (33, Jawa Tengah). */
    public Region province() {
        return province;
    }

    /** Province, then regencies, districts and villages, each level in code order. */
    public Collection<Region> all() {
        return all;
    }

    /** Number of regions at {@code level} (1, 35, 576, 8563 for the shipped data). */
    public int count(RegionLevel level) {
        return counts.get(level);
    }

    /** Direct children of a region in code order; empty for villages and unknown codes. */
    public List<Region> children(String code) {
        return children.getOrDefault(code, List.of());
    }

    /**
     * True if {@code code} equals {@code ancestorCode} or lies under it, both being known Kemendagri dotted
     * codes, e.g. {@code contains("33.74", "33.74.01.1001")}.
     */
    public boolean contains(String ancestorCode, String code) {
        if (ancestorCode == null || code == null || !byCode.containsKey(ancestorCode)) {
            return false;
        }
        Region r = byCode.get(code);
        return r != null && r.isWithin(ancestorCode);
    }

    /**
     * Normalises a source's regency setting to a Kemendagri scope code: "33" stays "33" (the province);
     * "3374" and "33.74" become "33.74" if that regency exists. Anything else is empty.
     */
    public Optional<String> toKemendagriRegencyOrProvince(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.equals(PROVINCE_CODE)) {
            return Optional.of(PROVINCE_CODE);
        }
        String code = null;
        if (isDigits(v, 4)) {
            code = v.substring(0, 2) + "." + v.substring(2);
        } else if (isDotted(v, 2)) {
            code = v;
        }
        Region r = code == null ? null : byCode.get(code);
        return r != null && r.level() == RegionLevel.REGENCY ? Optional.of(r.code()) : Optional.empty();
    }

    // ---- loading helpers ----

    @FunctionalInterface
    private interface RowHandler {
        void accept(String[] fields, int line);
    }

    private static void readCsv(Path file, String expectedHeader, RowHandler handler) throws IOException {
        int fieldCount = expectedHeader.split(",", -1).length;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header != null && !header.isEmpty() && header.charAt(0) == '\uFEFF') {
                header = header.substring(1); // tolerate a UTF-8 BOM from spreadsheet exports
            }
            require(header != null && header.strip().equals(expectedHeader), file, 1,
                    "expected header '" + expectedHeader + "' but found '" + header + "'");
            int line = 1;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                String row = text.strip();
                if (row.isEmpty()) {
                    continue;
                }
                require(row.indexOf('"') < 0, file, line, "quotes are not supported: '" + row + "'");
                String[] fields = row.split(",", -1);
                require(fields.length == fieldCount, file, line,
                        "expected " + fieldCount + " fields but found " + fields.length + ": '" + row + "'");
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = fields[i].strip();
                }
                handler.accept(fields, line);
            }
        }
    }

    private static void add(List<Region> regions, Map<String, Region> known, Region r, Path file, int line) {
        Region previous = known.putIfAbsent(r.code(), r);
        require(previous == null, file, line, "duplicate code " + r.code());
        regions.add(r);
    }

    private static String name(String name, Path file, int line) {
        require(!name.isEmpty(), file, line, "empty name");
        return name;
    }

    private static void require(boolean ok, Path file, int line, String message) {
        if (!ok) {
            throw new IllegalStateException(file + " line " + line + ": " + message);
        }
    }

    static boolean isDigits(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Dotted Kemendagri code with {@code groups} groups: 2.2, 2.2.2 or 2.2.2.4 digits. */
    static boolean isDotted(String s, int groups) {
        int expected = switch (groups) {
            case 2 -> 5;
            case 3 -> 8;
            case 4 -> 13;
            default -> -1;
        };
        if (s.length() != expected) {
            return false;
        }
        for (int i = 0; i < expected; i++) {
            char c = s.charAt(i);
            boolean dot = i == 2 || i == 5 || i == 8;
            if (dot ? c != '.' : (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
