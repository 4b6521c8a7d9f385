package id.go.jatengprov.regencyhub.reference;

import id.go.jatengprov.regencyhub.reference.Resolution.Rejected;
import id.go.jatengprov.regencyhub.reference.Resolution.Resolved;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves raw region cells (codes, names, or "code name" mixes) to {@link Region}s of a wanted level within a
 * source's scope. Immutable after construction and therefore thread-safe; all name indexes are precomputed, so a
 * call costs a few string scans and hash lookups. Results are not cached: a lookup is already about as cheap as
 * a cache probe would be.
 *
 * <p>Names are compared by a key of their lower-cased letters and digits only, so case, spaces and punctuation
 * do not matter ("Karang Tengah" = "Karangtengah", "KAB. CILACAP" = "Kabupaten Cilacap").
 */
public final class RegionResolver {

    private static final String PROVINCE = RegionRegistry.PROVINCE_CODE;

    /** Keys (see {@link #key}) that denote the province as a whole. */
    private static final Set<String> PROVINCE_KEYS = Set.of(
            "jawatengah", "provinsijawatengah", "propinsijawatengah", "provjawatengah", "propjawatengah",
            "jateng", "provjateng", "provinsijateng", "propjateng", "jawatengahprovince", "jawatengahprovinsi",
            "centraljava", "centraljavaprovince");
    /** Words that mark a total row in a table, alone or before the province name ("Jumlah Jawa Tengah"). */
    private static final String[] TOTAL_WORDS = {"jumlahtotal", "grandtotal", "jumlah", "total", "jml"};
    /** What may follow a total word besides the province: all regencies together ("Jumlah Kab/Kota"). */
    private static final Set<String> ALL_REGENCIES_KEYS = Set.of("kabkota", "kabupatenkota", "kabkot", "kotakab",
            "kotakabupaten", "seluruhkabkota", "semuakabkota");

    /** Type prefixes per level, longest first so that "kota adm" wins over "kota" and "kabupaten" over "kab". */
    private static final Prefix[] REGENCY_PREFIXES = {
            new Prefix("kota administratif", "Kota"), new Prefix("kota administrasi", "Kota"),
            new Prefix("kabupaten", "Kabupaten"), new Prefix("kotamadya", "Kota"), new Prefix("kota adm", "Kota"),
            new Prefix("kodya", "Kota"), new Prefix("kota", "Kota"), new Prefix("kab", "Kabupaten")};
    private static final Prefix[] NO_PREFIXES = {};
    private static final Prefix[] DISTRICT_PREFIXES = {
            new Prefix("kecamatan", "Kecamatan"), new Prefix("kec", "Kecamatan")};
    private static final Prefix[] VILLAGE_PREFIXES = {
            new Prefix("kelurahan", "Kelurahan"), new Prefix("desa", "Desa"), new Prefix("kel", "Kelurahan"),
            new Prefix("ds", "Desa")};

    /** Common names not in the reference data; "Solo" is what most people call Kota Surakarta. */
    private static final Map<String, String> REGENCY_ALIASES = Map.of("solo", "33.72");

    private static final int MAX_LISTED = 5;

    private final RegionRegistry registry;
    private final Region province;
    private final Map<String, List<Region>> regenciesByKey;
    private final Map<String, List<Region>> districtsByKey;
    private final Map<String, List<Region>> villagesByKey;

    public RegionResolver(RegionRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.province = registry.province();
        Map<String, List<Region>> reg = new HashMap<>();
        Map<String, List<Region>> dis = new HashMap<>();
        Map<String, List<Region>> vil = new HashMap<>(16000);
        for (Region r : registry.all()) {
            Map<String, List<Region>> target = switch (r.level()) {
                case PROVINCE -> null;
                case REGENCY -> reg;
                case DISTRICT -> dis;
                case VILLAGE -> vil;
            };
            if (target != null) {
                target.computeIfAbsent(key(r.name()), k -> new ArrayList<>(2)).add(r);
            }
        }
        REGENCY_ALIASES.forEach((alias, code) -> registry.byCode(code)
                .ifPresent(r -> reg.computeIfAbsent(alias, k -> new ArrayList<>(1)).add(r)));
        this.regenciesByKey = freeze(reg);
        this.districtsByKey = freeze(dis);
        this.villagesByKey = freeze(vil);
    }

    public RegionRegistry registry() {
        return registry;
    }

    /**
     * Resolves one cell.
     *
     * @param raw       the cell as read (may be null)
     * @param level     the level the field holds
     * @param scopeCode Kemendagri code of the source's region: "33" for the whole province, "33.74" for one
     *                  regency; any known code works, e.g. a district code to resolve village names inside it
     * @param codes     the coding system the source declares
     * @throws IllegalArgumentException if {@code scopeCode} is not a known region (a configuration error)
     */
    public Resolution resolve(String raw, RegionLevel level, String scopeCode, CodeSystem codes) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(codes, "codes");
        Region scope = scopeCode == null ? null : registry.regionOrNull(scopeCode);
        if (scope == null) {
            throw new IllegalArgumentException("unknown scope code '" + scopeCode + "'");
        }
        String s = clean(raw);
        if (s.isEmpty()) {
            return new Rejected("region is empty");
        }
        Resolution r;
        if (isCodeChars(s, 0, s.length())) {
            r = resolveCode(s, level, codes);
        } else {
            r = resolveFused(s, level, scope, codes);
            if (r == null) {
                r = resolveName(s, level, scope);
            }
        }
        return r instanceof Resolved resolved ? check(s, resolved, level, scope) : r;
    }

    /**
     * True if the cell is a total row rather than a region: the province ("3300", "Jawa Tengah", "Prov. Jateng")
     * or a "Jumlah"/"Total" label. Lets callers skip such rows quietly instead of counting them as errors.
     */
    public static boolean isTotalRow(String raw) {
        String s = clean(raw);
        if (s.equals("3300") || s.equals(PROVINCE)) {
            return true;
        }
        String k = key(s);
        if (k.isEmpty()) {
            return false;
        }
        // "3300 Jawa Tengah", "33 - Prov. Jawa Tengah", "33.00"
        for (String code : new String[] {"3300", PROVINCE}) {
            if (k.startsWith(code) && (k.length() == code.length() || PROVINCE_KEYS.contains(k.substring(code.length())))) {
                return true;
            }
        }
        return PROVINCE_KEYS.contains(k) || totalWord(k) != null;
    }

    // ---- codes ----

    /** Resolves a cell made only of digits and dots, by its shape. */
    private Resolution resolveCode(String code, RegionLevel level, CodeSystem codes) {
        if (code.endsWith(".") && code.length() > 1) {
            code = code.substring(0, code.length() - 1); // "3301." as in a numbered list
        }
        int len = code.length();
        boolean dotted = code.indexOf('.') >= 0;
        RegionLevel shape;
        if (dotted) {
            if (RegionRegistry.isDotted(code, 2)) {
                shape = RegionLevel.REGENCY;
            } else if (RegionRegistry.isDotted(code, 3)) {
                shape = RegionLevel.DISTRICT;
            } else if (RegionRegistry.isDotted(code, 4)) {
                shape = RegionLevel.VILLAGE;
            } else {
                return malformed(code);
            }
        } else {
            shape = switch (len) {
                case 2 -> RegionLevel.PROVINCE;
                case 4 -> RegionLevel.REGENCY;
                case 6, 7 -> RegionLevel.DISTRICT;
                case 10 -> RegionLevel.VILLAGE;
                default -> null;
            };
            if (shape == null) {
                return malformed(code);
            }
        }
        if (!code.startsWith(PROVINCE)) {
            return new Rejected("region '" + code + "' is not in Jawa Tengah (province 33)");
        }
        if (shape == RegionLevel.PROVINCE || code.equals("3300")) {
            return provinceTotal(level);
        }
        Region region;
        if (dotted) {
            // At regency level the dotted form names the same region in both systems, so only deeper levels clash.
            if (codes == CodeSystem.BPS && shape != RegionLevel.REGENCY) {
                return new Rejected("'" + code + "' is a Kemendagri code but this source declares BPS codes "
                        + "(codes: bps)");
            }
            region = registry.regionOrNull(code);
        } else if (len == 4) {
            region = registry.regionOrNull(code.substring(0, 2) + "." + code.substring(2));
        } else if (len == 6) {
            if (codes == CodeSystem.BPS) {
                return new Rejected("'" + code + "' is a 6-digit Kemendagri district code but this source declares "
                        + "BPS codes (codes: bps), whose district codes have 7 digits");
            }
            region = registry.regionOrNull(
                    code.substring(0, 2) + "." + code.substring(2, 4) + "." + code.substring(4));
        } else if (len == 7) {
            if (codes == CodeSystem.KEMENDAGRI) {
                return new Rejected("'" + code + "' is a 7-digit BPS district code but this source declares "
                        + "Kemendagri codes (codes: kemendagri), whose district codes have 6 digits");
            }
            region = registry.bpsRegionOrNull(code);
        } else { // 10 digits
            if (codes == CodeSystem.BPS) {
                return new Rejected("BPS village codes are not in the reference data; use Kemendagri codes");
            }
            if (codes == CodeSystem.AUTO) {
                return new Rejected("'" + code + "' could be a Kemendagri or a BPS village code; set "
                        + "'codes: kemendagri' or 'codes: bps' in the source");
            }
            region = registry.regionOrNull(code.substring(0, 2) + "." + code.substring(2, 4) + "."
                    + code.substring(4, 6) + "." + code.substring(6));
        }
        return region == null ? new Rejected("unknown region code '" + code + "'") : new Resolved(region);
    }

    private static Rejected malformed(String code) {
        return new Rejected("malformed region code '" + code + "': expected 2, 4, 6, 7 or 10 digits, "
                + "or a dotted Kemendagri code such as 33.01, 33.01.01 or 33.01.01.2001");
    }

    private Resolution provinceTotal(RegionLevel level) {
        if (level == RegionLevel.PROVINCE) {
            return new Resolved(province);
        }
        return new Rejected("province total row (Jawa Tengah), not a " + level.configName());
    }

    // ---- fused "code name" cells ----

    /** "3301 Cilacap", "3301 - Kab. Cilacap", "[3301] Cilacap", "Cilacap (3301)"; null if not of that form. */
    private Resolution resolveFused(String s, RegionLevel level, Region scope, CodeSystem codes) {
        int len = s.length();
        String code = null;
        String name = null;
        int i = 0;
        char first = s.charAt(0);
        char close = first == '[' ? ']' : first == '(' ? ')' : 0;
        if (close != 0) {
            i = 1;
        }
        int start = i;
        while (i < len && isCodeChar(s.charAt(i))) {
            i++;
        }
        if (i > start && isDigit(s.charAt(start)) && (close == 0 || (i < len && s.charAt(i) == close))) {
            code = s.substring(start, i);
            if (close != 0) {
                i++;
            }
            name = s.substring(skipSeparators(s, i));
        } else {
            char last = s.charAt(len - 1);
            char open = last == ']' ? '[' : last == ')' ? '(' : 0;
            int o = open == 0 ? -1 : s.lastIndexOf(open);
            if (o > 0 && o + 1 < len - 1 && isDigit(s.charAt(o + 1)) && isCodeChars(s, o + 1, len - 1)) {
                code = s.substring(o + 1, len - 1);
                name = s.substring(0, o);
            }
        }
        if (code == null) {
            return null;
        }
        if (!hasLetter(name)) {
            return onlySeparators(name) ? resolveCode(code, level, codes) : null;
        }
        if (isRowNumber(code, name)) {
            // "1. Kab. Cilacap": BPS tables number their rows; the number is not a code.
            return resolveName(trimSeparators(name), level, scope);
        }
        Resolution byCode = resolveCode(code, level, codes);
        if (byCode instanceof Resolved resolved && !nameMatches(resolved.region(), name)) {
            return new Rejected("code " + code + " is " + resolved.region().displayName() + " but the name says "
                    + trimSeparators(name));
        }
        return byCode;
    }

    /** 1-3 digits before a name are a row number, except "33" before the province's own name. */
    private static boolean isRowNumber(String code, String name) {
        int digits = code.endsWith(".") ? code.length() - 1 : code.length();
        int dot = code.indexOf('.');
        if (digits < 1 || digits > 3 || (dot >= 0 && dot < digits)) {
            return false;
        }
        return !(code.startsWith(PROVINCE) && digits == 2 && PROVINCE_KEYS.contains(key(name)));
    }

    private boolean nameMatches(Region r, String name) {
        String full = key(name);
        if (r.level() == RegionLevel.PROVINCE) {
            return PROVINCE_KEYS.contains(full);
        }
        String nameKey = key(r.name());
        if (full.equals(nameKey) || full.equals(key(r.displayName()))) {
            return true;
        }
        if (r.level() == RegionLevel.REGENCY && r.code().equals(REGENCY_ALIASES.get(full))) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Prefix p : prefixesFor(r.level())) {
            int rest = p.match(lower);
            if (rest >= 0) {
                String k = key(lower.substring(rest));
                boolean typeOk = r.level() == RegionLevel.VILLAGE || p.type.equals(r.type());
                return typeOk && (k.equals(nameKey)
                        || (r.level() == RegionLevel.REGENCY && r.code().equals(REGENCY_ALIASES.get(k))));
            }
        }
        return false;
    }

    // ---- names ----

    private Resolution resolveName(String s, RegionLevel level, Region scope) {
        String full = key(s);
        if (full.isEmpty()) {
            return new Rejected("'" + s + "' is not a region code or name");
        }
        if (PROVINCE_KEYS.contains(full)) {
            return provinceTotal(level);
        }
        String total = totalWord(full);
        if (total != null) {
            return PROVINCE_KEYS.contains(full.substring(total.length()))
                    ? provinceTotal(level)
                    : new Rejected("total row ('" + s + "'), not a " + level.configName());
        }
        return switch (level) {
            case PROVINCE -> new Rejected("unknown province '" + s + "'; only Jawa Tengah (33) is covered");
            case REGENCY -> resolveRegencyName(s, full, scope);
            case DISTRICT -> resolveBelowRegency(s, full, scope, RegionLevel.DISTRICT, districtsByKey,
                    DISTRICT_PREFIXES);
            case VILLAGE -> resolveBelowRegency(s, full, scope, RegionLevel.VILLAGE, villagesByKey,
                    VILLAGE_PREFIXES);
        };
    }

    private Resolution resolveRegencyName(String s, String full, Region scope) {
        String lower = s.toLowerCase(Locale.ROOT);
        String type = null;
        String k = full;
        for (Prefix p : REGENCY_PREFIXES) {
            int rest = p.match(lower);
            if (rest >= 0) {
                type = p.type;
                k = key(lower.substring(rest));
                break;
            }
        }
        List<Region> named = regenciesByKey.getOrDefault(k, List.of());
        List<Region> candidates = named;
        if (type != null) {
            candidates = new ArrayList<>(named.size());
            for (Region r : named) {
                if (r.type().equals(type)) {
                    candidates.add(r);
                }
            }
        }
        if (candidates.size() == 1) {
            return new Resolved(candidates.get(0));
        }
        if (candidates.isEmpty()) {
            String hint = named.isEmpty() ? "" : " (there is " + listRegencies(named) + ")";
            return new Rejected("unknown regency '" + s + "'" + hint);
        }
        List<Region> inScope = withinScope(candidates, scope);
        if (inScope.size() == 1) {
            return new Resolved(inScope.get(0));
        }
        StringBuilder sb = new StringBuilder("ambiguous region name '").append(s).append("': ");
        for (int i = 0; i < candidates.size(); i++) {
            Region r = candidates.get(i);
            sb.append(i == 0 ? "" : i == candidates.size() - 1 ? " or " : ", ")
                    .append(r.displayName()).append(" (").append(r.code()).append(')');
        }
        return new Rejected(sb.append("; write 'Kabupaten …' or 'Kota …'").toString());
    }

    private Resolution resolveBelowRegency(String s, String full, Region scope, RegionLevel level,
                                           Map<String, List<Region>> index, Prefix[] prefixes) {
        // The full name first: "Kota Kudus" is itself a kecamatan name.
        List<Region> named = index.getOrDefault(full, List.of());
        List<Region> candidates = withinScope(named, scope);
        String type = null;
        if (candidates.isEmpty()) {
            String lower = s.toLowerCase(Locale.ROOT);
            for (Prefix p : prefixes) {
                int rest = p.match(lower);
                if (rest >= 0) {
                    type = p.type;
                    named = index.getOrDefault(key(lower.substring(rest)), List.of());
                    candidates = withinScope(named, scope);
                    break;
                }
            }
        }
        if (candidates.size() == 1) {
            return new Resolved(candidates.get(0));
        }
        String levelName = level.configName();
        if (candidates.isEmpty()) {
            StringBuilder sb = new StringBuilder("unknown ").append(levelName).append(" '").append(s)
                    .append("' in ").append(scope.displayName());
            if (!named.isEmpty()) {
                sb.append(" (found outside it: ");
                appendPlaces(sb, named);
                sb.append(')');
            }
            return new Rejected(sb.toString());
        }
        if (type != null && level == RegionLevel.VILLAGE) {
            // "Kelurahan X" picks the kelurahan when a desa of the same name exists too.
            Region only = null;
            int n = 0;
            for (Region r : candidates) {
                if (r.type().equals(type)) {
                    only = r;
                    n++;
                }
            }
            if (n == 1) {
                return new Resolved(only);
            }
        }
        StringBuilder sb = new StringBuilder("ambiguous ").append(levelName).append(" name '").append(s)
                .append("' in ").append(candidates.size())
                .append(level == RegionLevel.DISTRICT ? " regencies: " : " districts: ");
        appendPlaces(sb, candidates);
        sb.append(level == RegionLevel.DISTRICT
                ? "; use the district code or scope the source to one regency"
                : "; use the Kemendagri village code or resolve the district first and use it as scope");
        return new Rejected(sb.toString());
    }

    /** "Kecamatan Karanganyar in Kabupaten Demak (33.21.05), …" for error messages. */
    private void appendPlaces(StringBuilder sb, List<Region> regions) {
        for (int i = 0; i < regions.size() && i < MAX_LISTED; i++) {
            Region r = regions.get(i);
            Region parent = registry.regionOrNull(r.parentCode());
            sb.append(i == 0 ? "" : ", ").append(r.displayName()).append(" in ");
            if (parent.level() == RegionLevel.DISTRICT) {
                sb.append(parent.displayName()).append(", ");
                parent = registry.regionOrNull(parent.parentCode());
            }
            sb.append(parent.displayName()).append(" (").append(r.code()).append(')');
        }
        if (regions.size() > MAX_LISTED) {
            sb.append(" and ").append(regions.size() - MAX_LISTED).append(" more");
        }
    }

    private static String listRegencies(List<Region> regions) {
        StringBuilder sb = new StringBuilder();
        for (Region r : regions) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r.displayName()).append(", ").append(r.code());
        }
        return sb.toString();
    }

    // ---- checks after resolution ----

    private static Resolution check(String s, Resolved resolved, RegionLevel level, Region scope) {
        Region r = resolved.region();
        if (r.level() != level) {
            return new Rejected("'" + s + "' is a " + r.level().configName() + "; this field needs a "
                    + level.configName());
        }
        if (!r.isWithin(scope.code())) {
            return new Rejected("region " + r.code() + " (" + r.displayName() + ") is outside this source's "
                    + scope.level().configName() + " " + scope.code() + " (" + scope.displayName() + ")");
        }
        return resolved;
    }

    private static List<Region> withinScope(List<Region> regions, Region scope) {
        if (scope.level() == RegionLevel.PROVINCE || regions.isEmpty()) {
            return regions;
        }
        List<Region> out = null;
        int kept = 0;
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            boolean in = r.isWithin(scope.code());
            if (in) {
                kept++;
            }
            if (!in && out == null) {
                out = new ArrayList<>(regions.subList(0, i)); // copy lazily: usually all or none match
            } else if (in && out != null) {
                out.add(r);
            }
        }
        return out == null ? regions : kept == 0 ? List.of() : out;
    }

    private static Prefix[] prefixesFor(RegionLevel level) {
        return switch (level) {
            case REGENCY -> REGENCY_PREFIXES;
            case DISTRICT -> DISTRICT_PREFIXES;
            case VILLAGE -> VILLAGE_PREFIXES;
            case PROVINCE -> NO_PREFIXES;
        };
    }

    private static String totalWord(String k) {
        for (String w : TOTAL_WORDS) {
            if (k.startsWith(w)) {
                String rest = k.substring(w.length());
                if (rest.isEmpty() || PROVINCE_KEYS.contains(rest) || ALL_REGENCIES_KEYS.contains(rest)) {
                    return w;
                }
            }
        }
        return null;
    }

    // ---- text helpers ----

    /** A type word at the start of a lower-cased name, followed by a non-alphanumeric character. */
    private record Prefix(String word, String type) {
        /** Index where the name after the prefix starts, or -1 if the prefix is absent or nothing follows. */
        int match(String lower) {
            int n = word.length();
            if (lower.length() <= n || !lower.startsWith(word) || Character.isLetterOrDigit(lower.charAt(n))) {
                return -1;
            }
            int i = skipSeparators(lower, n);
            return i < lower.length() ? i : -1;
        }
    }

    /** Trims and collapses all whitespace, including NBSP and other Unicode spaces, to single ASCII spaces. */
    static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        int len = raw.length();
        boolean dirty = len > 0 && (isSpace(raw.charAt(0)) || isSpace(raw.charAt(len - 1)));
        for (int i = 0; i < len && !dirty; i++) {
            char c = raw.charAt(i);
            dirty = isSpace(c) && (c != ' ' || (i + 1 < len && isSpace(raw.charAt(i + 1))));
        }
        if (!dirty) {
            return raw; // common case: nothing to do, no allocation
        }
        StringBuilder sb = new StringBuilder(len);
        boolean pendingSpace = false;
        for (int i = 0; i < len; i++) {
            char c = raw.charAt(i);
            if (isSpace(c)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean isSpace(char c) {
        return c <= ' ' || Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF' || c == '\u0085';
    }

    /** Name key: lower-cased letters and digits only. */
    static String key(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isCodeChar(char c) {
        return isDigit(c) || c == '.';
    }

    private static boolean isCodeChars(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isCodeChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlySeparators(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int skipSeparators(String s, int i) {
        while (i < s.length() && !Character.isLetterOrDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String trimSeparators(String s) {
        int a = skipSeparators(s, 0);
        int b = s.length();
        while (b > a && " -:,|".indexOf(s.charAt(b - 1)) >= 0) {
            b--;
        }
        return s.substring(a, b);
    }

    private static Map<String, List<Region>> freeze(Map<String, List<Region>> m) {
        Map<String, List<Region>> out = new HashMap<>(m.size() * 2);
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }
}
