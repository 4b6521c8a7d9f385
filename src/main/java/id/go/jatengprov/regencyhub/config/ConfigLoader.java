package id.go.jatengprov.regencyhub.config;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import id.go.jatengprov.regencyhub.config.CsvSettings;
import id.go.jatengprov.regencyhub.config.Grain;
import id.go.jatengprov.regencyhub.reference.CodeSystem;
import id.go.jatengprov.regencyhub.reference.RegionLevel;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;

/**
 * Reads {@code datasets/*.yaml}, {@code sources/*.yaml} and {@code reference/regions} from a config
 * folder and validates them together. Every problem is collected, so one run lists them all, each with
 * file and line; {@link #load} throws {@link ConfigException} when there is any.
 */
public final class ConfigLoader {

    public static final Pattern DATASET_ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    public static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    public static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    static final List<String> DATASET_KEYS = List.of("id", "title", "description", "fields", "key", "expect", "periodicity",
            "producer", "steward", "references", "licence", "tags", "source-notes", "publish", "revisions");
    static final List<String> EXPECT_KEYS = List.of("every", "due", "regencies", "from");
    static final List<String> PUBLISH_KEYS = List.of("ckan");
    static final List<String> PUBLISH_CKAN_KEYS = List.of("url", "organization", "package", "api-key-env");
    static final List<String> FIELD_KEYS = List.of("name", "type", "level", "grain", "values", "unit", "min", "max",
            "required", "description");
    static final List<String> SOURCE_KEYS = List.of("id", "title", "regency", "dataset", "kind", "schedule", "drop",
            "http", "ckan", "jdbc", "format", "csv", "excel", "codes", "mapping", "unpivot", "max-reject-ratio", "description");
    static final List<String> DROP_KEYS = List.of("include");
    static final List<String> HTTP_KEYS = List.of("url", "format", "records", "paging", "headers", "allowed-hosts",
            "allow-plain-http-secrets");
    static final List<String> PAGING_KEYS = List.of("style", "size", "offset-param", "limit-param", "page-param",
            "total", "pages", "next");
    static final List<String> CKAN_KEYS = List.of("url", "resource", "dataset", "format", "page-size", "resource-hosts");
    static final List<String> JDBC_KEYS = JdbcSourceConfig.JDBC_KEYS;
    static final List<String> WATERMARK_KEYS = JdbcSourceConfig.WATERMARK_KEYS;
    /**
     * {@code drop.include}: file name patterns only (Ant style, comma between several). Nothing else, since the
     * value becomes part of the drop route's endpoint: "*.csv&delete=true" would be an endpoint option.
     */
    public static final Pattern DROP_INCLUDE = Pattern.compile("[A-Za-z0-9*?._-]+(,[A-Za-z0-9*?._-]+)*");
    /** An entry of {@code http.allowed-hosts} / {@code ckan.resource-hosts}: a host name, IPv4 or [IPv6], and a port or not. */
    public static final Pattern HOST_ENTRY = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+])(?::([0-9]{1,5}))?");
    /** Any placeholder-like text in a header value, valid or not. */
    private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}?");
    static final List<String> CSV_KEYS = List.of("delimiter", "encoding", "decimal");
    static final List<String> EXCEL_KEYS = List.of("sheet", "include-hidden");
    static final List<String> MAPPING_KEYS = List.of("column", "columns", "value", "values");
    static final List<String> UNPIVOT_KEYS = List.of("columns", "into");
    /** Columns every warehouse table has besides its fields. */
    public static final Set<String> RESERVED = Set.of("_source", "_batch", "_row", "_loaded_at");
    /** Names the warehouse uses for its own tables and views. */
    public static final Set<String> RESERVED_DATASET_IDS = Set.of("region", "batch", "source");
    /** The columns of a dataset's revisions view besides its key fields (load/RowHistory). */
    public static final List<String> REVISION_COLUMNS = List.of("field", "old_value", "new_value", "old_batch", "new_batch",
            "changed_at");

    /** Endings of the views made for each dataset: {@code <id>_v} and its revisions, {@code <id>_revisions}. */
    public static final List<String> RESERVED_DATASET_SUFFIXES = List.of("_v", "_revisions");

    /** A valid configuration, and what it lacks that is not required (missing metadata, unless strict). */
    public record Loaded(HubConfig config, List<ConfigProblem> warnings) {}

    private ConfigLoader() {}

    /**
     * Reads and validates the whole configuration; every problem is collected before it fails.
     *
     * @param values converts constants as the normaliser would ({@code FieldConverter.CONSTANTS})
     * @throws ConfigException with every problem, each with file and line
     */
    public static HubConfig load(Path configDir, ValueCheck values) {
        return load(configDir, values, MetadataRules.DEFAULT).config();
    }

    /**
     * Reads and validates the whole configuration, and checks every dataset's metadata against {@code rules}:
     * missing metadata is a problem when the rules are strict, a warning otherwise.
     *
     * @throws ConfigException with every problem, each with file and line
     */
    public static Loaded load(Path configDir, ValueCheck values, MetadataRules rules) {
        Problems problems = new Problems();
        Problems warnings = new Problems();
        RegionRegistry regions = loadRegions(configDir, problems);
        Map<String, DatasetDef> datasets = new TreeMap<>();
        for (Path f : yamlFiles(configDir.resolve("datasets"), problems)) {
            DatasetDef d = readDataset(f, display(configDir, f), regions, problems);
            if (d == null) {
                problems.brokenDataset(f.getFileName().toString().replaceFirst("\\.ya?ml$", ""), display(configDir, f));
            } else {
                if (datasets.containsKey(d.id())) {
                    problems.add(d.file(), 1, "dataset id '" + d.id() + "' is also defined in " + datasets.get(d.id()).file());
                } else {
                    datasets.put(d.id(), d);
                    MetadataCheck.check(d, rules, rules.strict() ? problems : warnings);
                }
            }
        }
        Map<String, SourceDef> sources = new TreeMap<>();
        for (Path f : yamlFiles(configDir.resolve("sources"), problems)) {
            SourceDef s = readSource(f, display(configDir, f), datasets, regions, values, problems);
            if (s != null) {
                sources.put(s.id(), s);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list());
        }
        List<ConfigProblem> w = new ArrayList<>(warnings.list());
        w.sort(null);
        return new Loaded(new HubConfig(Map.copyOf(datasets), Map.copyOf(sources), regions), List.copyOf(w));
    }

    private static String display(Path configDir, Path f) {
        Path parent = configDir.getFileName();
        return (parent == null ? "" : parent + "/") + configDir.relativize(f).toString().replace('\\', '/');
    }

    private static RegionRegistry loadRegions(Path configDir, Problems problems) {
        Path dir = configDir.resolve("reference").resolve("regions");
        try {
            return RegionRegistry.load(dir);
        } catch (IOException | RuntimeException e) {
            problems.add(dir.toString(), 0, "cannot read the region reference data: " + e.getMessage()
                    + "; copy regencies.csv, districts.csv and villages.csv there");
            return null;
        }
    }

    private static List<Path> yamlFiles(Path dir, Problems problems) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted().toList();
        } catch (IOException e) {
            problems.add(dir.toString(), 0, "cannot list folder: " + e.getMessage());
            return List.of();
        }
    }

    static YamlMap parse(Path file, String display, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(2 * 1024 * 1024);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Node root = yaml.compose(r);
            if (root == null) {
                problems.add(display, 1, "the file is empty");
                return null;
            }
            YamlMap m = new YamlMap(display, root, problems);
            if (!(root instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
                problems.add(display, YamlMap.line(root), "the file must be a YAML mapping (key: value lines)");
                return null;
            }
            return m;
        } catch (MarkedYAMLException e) {
            problems.add(display, yamlLine(e), "not valid YAML: " + yamlHint(e));
        } catch (IOException | RuntimeException e) {
            problems.add(display, 0, "cannot read: " + e.getMessage());
        }
        return null;
    }

    /**
     * The line to edit. SnakeYAML marks where it noticed the mistake, which for a key without ':', a quote or a
     * bracket never closed is a later line (or the end of the file); the line where that key, quote or bracket
     * starts is its context mark. A line indented wrongly is its problem mark.
     */
    static int yamlLine(MarkedYAMLException e) {
        String context = e.getContext() == null ? "" : e.getContext();
        boolean opened = context.contains("scanning") || context.contains("flow");
        var mark = opened && e.getContextMark() != null ? e.getContextMark() : e.getProblemMark();
        return mark == null ? 0 : mark.getLine() + 1;
    }

    /** What SnakeYAML found, said as the mistake a person made. */
    static String yamlHint(MarkedYAMLException e) {
        String context = e.getContext() == null ? "" : e.getContext();
        String problem = e.getProblem() == null ? "" : e.getProblem().trim();
        String hint;
        if (context.contains("simple key")) {
            hint = "a key without ':' (write key: value)";
        } else if (context.contains("quoted scalar")) {
            hint = "a quote opened here is never closed";
        } else if (context.contains("flow mapping")) {
            hint = "a '{' opened here is not closed with '}' (or a ',' is missing)";
        } else if (context.contains("flow sequence")) {
            hint = "a '[' opened here is not closed with ']' (or a ',' is missing)";
        } else if (problem.startsWith("expected <block end>") || problem.contains("mapping values are not allowed")) {
            hint = "this line is indented differently from the lines it belongs with";
        } else {
            return problem + (context.isEmpty() ? "" : " (" + context + ")");
        }
        return hint + " (" + problem + ")";
    }

    // ---------------------------------------------------------------- datasets

    static DatasetDef readDataset(Path file, String display, RegionRegistry regions, Problems problems) {
        YamlMap y = parse(file, display, problems);
        if (y == null) return null;
        y.reportUnknown(DATASET_KEYS, null);
        String id = y.string("id", true, "the table name, e.g. 'id: population'");
        if (id != null && !DATASET_ID.matcher(id).matches()) {
            problems.add(display, y.lineOf("id"), "dataset id '" + id + "' must match [a-z][a-z0-9_]* (it names a table)");
            id = null;
        } else if (id != null && (RESERVED_DATASET_IDS.contains(id) || RESERVED_DATASET_SUFFIXES.stream().anyMatch(id::endsWith))) {
            problems.add(display, y.lineOf("id"), "dataset id '" + id + "' is taken by the warehouse (warehouse."
                    + String.join(", warehouse.", RESERVED_DATASET_IDS) + " and the views <id>_v, <id>_revisions): choose another");
            id = null;
        }
        expectFileName(file, id, display, y, problems);
        String title = y.string("title", false, null);
        List<FieldDef> fields = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<Node> fieldNodes = y.list("fields");
        if (fieldNodes.isEmpty()) {
            problems.add(display, y.lineOf("fields"), "a dataset needs at least one field under 'fields'");
        }
        Map<String, Integer> broken = new LinkedHashMap<>();
        for (Node n : fieldNodes) {
            FieldDef f = readField(new YamlMap(display, n, problems), problems, broken);
            if (f != null) {
                if (!names.add(f.name())) {
                    problems.add(display, f.line(), "field '" + f.name() + "' is defined twice");
                } else {
                    fields.add(f);
                }
            }
        }
        List<String> key = y.strings("key");
        if (key.isEmpty()) {
            problems.add(display, y.lineOf("key"), "missing 'key': the natural key that makes loads idempotent, e.g. key: [region, period]");
        }
        if (id != null) {
            for (Map.Entry<String, Integer> b : broken.entrySet()) problems.brokenField(id, b.getKey(), display + ":" + b.getValue());
        }
        for (String k : key) {
            if (broken.containsKey(k) && !names.contains(k)) {
                problems.addFollowOn(display, y.lineOf("key"), "key field '" + k + "' is not usable until its definition on"
                        + " line " + broken.get(k) + " is fixed (see there)");
            } else if (!names.contains(k)) {
                problems.add(display, y.lineOf("key"), "key field '" + k + "' is not a field of this dataset"
                        + suggestion(k, names));
            }
        }
        if (new LinkedHashSet<>(key).size() != key.size()) {
            problems.add(display, y.lineOf("key"), "key lists a field twice");
        }
        Expectation expect = readExpect(y, fields, key, regions, problems);
        DatasetInfo info = readInfo(y, problems);
        // Off unless asked for: keeping them costs a quarter more CPU on a reload that changes every row (bench/README.md).
        boolean revisions = y.has("revisions") && bool(y, "revisions", problems);
        if (revisions) {
            for (String k : key) {
                if (REVISION_COLUMNS.contains(k)) {
                    problems.add(display, y.lineOf("key"), "key field '" + k + "' has the name of a column of warehouse."
                            + id + "_revisions (" + String.join(", ", REVISION_COLUMNS) + "): rename the field, or leave"
                            + " revisions off (no 'revisions: true')");
                }
            }
        }
        return id == null ? null : new DatasetDef(id, title == null ? id : title, List.copyOf(fields), List.copyOf(key),
                display, expect, info, revisions);
    }

    /**
     * {@code expect: { every: year, due: P3M, regencies: all, from: 2020 }}. {@code every} may be the period
     * field's grain or coarser, never finer: a yearly value cannot be delivered every month.
     */
    private static Expectation readExpect(YamlMap y, List<FieldDef> fields, List<String> key, RegionRegistry regions,
                                          Problems problems) {
        if (!y.has("expect")) return null;
        var m = y.map("expect");
        if (m.isEmpty()) return null;
        YamlMap e = m.get();
        String display = e.file();
        int before = problems.size();
        e.reportUnknown(EXPECT_KEYS, "expect");
        List<FieldDef> periods = fields.stream().filter(f -> f.type() == FieldType.PERIOD).toList();
        if (periods.size() > 1) periods = periods.stream().filter(f -> key.contains(f.name())).toList();
        List<FieldDef> regionFields = fields.stream().filter(f -> f.type() == FieldType.REGION).toList();
        if (regionFields.size() > 1) regionFields = regionFields.stream().filter(f -> key.contains(f.name())).toList();
        FieldDef period = periods.size() == 1 ? periods.get(0) : null;
        FieldDef region = regionFields.size() == 1 ? regionFields.get(0) : null;
        if (period == null) {
            problems.add(display, y.lineOf("expect"), "'expect' needs exactly one field of type period in the key"
                    + " (it says which period a row belongs to); this dataset has " + periods.size());
        }
        if (region == null) {
            problems.add(display, y.lineOf("expect"), "'expect' needs exactly one field of type region in the key"
                    + " (it says which regency delivered a row); this dataset has " + regionFields.size());
        } else if (region.level() == RegionLevel.PROVINCE) {
            problems.add(display, y.lineOf("expect"), "'expect' is about regencies, but field '" + region.name()
                    + "' holds the province; use level regency, district or village");
        }
        Grain every = period == null ? null : period.grain();
        String everyText = e.string("every", false, null);
        if (everyText != null) {
            try {
                every = Grain.fromConfig(everyText);
                if (period != null && !Expectation.coarserOrSame(every, period.grain())) {
                    problems.add(display, e.lineOf("every"), "expect.every '" + everyText + "' is finer than the grain '"
                            + period.grain().configName() + "' of field '" + period.name() + "': a " + period.grain().configName()
                            + "ly value cannot be delivered every " + every.configName() + "; use every: "
                            + period.grain().configName() + " or coarser");
                }
            } catch (IllegalArgumentException ex) {
                problems.add(display, e.lineOf("every"), "expect." + ex.getMessage());
                every = null;
            }
        }
        java.time.Period due = null;
        String dueText = e.string("due", true, "how long after the period ends the delivery is due, e.g. due: P3M"
                + " (three months) or P45D");
        if (dueText != null) {
            try {
                due = java.time.Period.parse(dueText.trim().toUpperCase(Locale.ROOT));
                if (due.isNegative()) {
                    problems.add(display, e.lineOf("due"), "expect.due '" + dueText + "' is negative; a delivery is due on or"
                            + " after the end of its period (P0D: at once)");
                }
            } catch (java.time.format.DateTimeParseException ex) {
                problems.add(display, e.lineOf("due"), "expect.due '" + dueText + "' is not an ISO-8601 period; write e.g."
                        + " P3M (three months), P45D (45 days) or P1Y");
            }
        }
        List<String> codes = new ArrayList<>();
        boolean all = true;
        if (e.has("regencies")) {
            List<String> listed = e.strings("regencies");
            if (listed.size() == 1 && listed.get(0).trim().equalsIgnoreCase("all")) {
                all = true;
            } else if (listed.isEmpty()) {
                problems.add(display, e.lineOf("regencies"), "expect.regencies is empty: write 'all' or a list of"
                        + " regency codes such as [\"3374\", \"33.01\"]");
            } else {
                all = false;
                for (String c : listed) {
                    String code = regions == null ? null : regions.toKemendagriRegencyOrProvince(c.trim()).orElse(null);
                    if (code == null || code.equals(RegionRegistry.PROVINCE_CODE)) {
                        problems.add(display, e.lineOf("regencies"), "expect.regencies: '" + c + "' is not a Jawa Tengah"
                                + " regency code; use a BPS code such as \"3374\" or a Kemendagri code such as \"33.74\"");
                    } else if (codes.contains(code)) {
                        problems.add(display, e.lineOf("regencies"), "expect.regencies lists regency " + code + " twice");
                    } else {
                        codes.add(code);
                    }
                }
            }
        }
        if (all && regions != null) {
            regions.all().stream().filter(r -> r.level() == RegionLevel.REGENCY).forEach(r -> codes.add(r.code()));
        }
        java.time.LocalDate from = null;
        String fromText = e.string("from", false, null);
        if (fromText != null && every != null) {
            try {
                from = Expectation.parse(every, fromText);
            } catch (IllegalArgumentException ex) {
                problems.add(display, e.lineOf("from"), "expect.from: " + ex.getMessage());
            }
        }
        if (problems.size() > before || period == null || region == null || every == null || due == null) return null;
        return new Expectation(every, due, List.copyOf(codes.stream().sorted().toList()), all, from, period.name(),
                region.name(), region.level(), period.grain());
    }

    /** The metadata keys of a dataset: description, periodicity, producer, steward, references, licence, tags, ... */
    private static DatasetInfo readInfo(YamlMap y, Problems problems) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (String k : y.keys()) lines.put(k, y.lineOf(k));
        Periodicity periodicity = null;
        String p = y.string("periodicity", false, null);
        if (p != null) {
            try {
                periodicity = Periodicity.fromConfig(p);
            } catch (IllegalArgumentException e) {
                problems.add(y.file(), y.lineOf("periodicity"), e.getMessage());
            }
        }
        String licence = text(y, "licence");
        if (licence != null && !licence.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            problems.add(y.file(), y.lineOf("licence"), "'licence' is a licence id as the portal lists it (e.g. cc-by,"
                    + " cc-by-sa, odc-by, other-open), not '" + licence + "'");
            licence = null;
        }
        List<String> tags = new ArrayList<>();
        for (String t : y.strings("tags")) {
            String tag = t.strip();
            // ckan/logic/validators.py tag_length_validator and tag_name_validator
            if (tag.length() < 2 || tag.length() > 100 || !tag.matches("(?U)[\\w \\-.]+")) {
                problems.add(y.file(), y.lineOf("tags"), "tag '" + t + "' must be 2 to 100 letters, digits, spaces, - _ or .");
            } else if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        List<String> references = y.strings("references").stream().map(String::strip).filter(r -> !r.isEmpty()).toList();
        return new DatasetInfo(text(y, "description"), periodicity, text(y, "producer"), text(y, "steward"), references,
                licence, tags, text(y, "source-notes"), readPublish(y, problems), lines);
    }

    /** A scalar with surrounding space removed; blank is absent. */
    private static String text(YamlMap y, String key) {
        String v = y.string(key, false, null);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** {@code publish: { ckan: { url, organization, package, api-key-env } }}. */
    private static CkanPublishSpec readPublish(YamlMap y, Problems problems) {
        var publish = y.map("publish");
        if (publish.isEmpty()) return null;
        publish.get().reportUnknown(PUBLISH_KEYS, "publish");
        var ckan = publish.get().map("ckan");
        if (ckan.isEmpty()) {
            problems.add(y.file(), y.lineOf("publish"), "'publish' needs a 'ckan' section: publish: { ckan: { url, organization,"
                    + " package, api-key-env } }");
            return null;
        }
        YamlMap c = ckan.get();
        c.reportUnknown(PUBLISH_CKAN_KEYS, "publish.ckan");
        int before = problems.size();
        String url = c.string("url", true, "the portal's site address, e.g. url: \"https://data.jatengprov.go.id\"");
        if (url != null) {
            java.net.URI u = null;
            try {
                u = java.net.URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                // reported below
            }
            if (u == null || u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
                    || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
                problems.add(y.file(), c.lineOf("url"), "'publish.ckan.url' must be the portal's http(s) site address without"
                        + " credentials, query or fragment, e.g. \"https://data.jatengprov.go.id\"");
            }
        }
        String organization = c.string("organization", true, "the owning organization's CKAN name, e.g. organization: bps-jateng");
        if (organization != null) {
            CkanPublishSpec.ckanNameProblem(organization).ifPresent(m ->
                    problems.add(y.file(), c.lineOf("organization"), "'publish.ckan.organization' '" + organization + "': " + m));
        }
        String pkg = c.string("package", true, "the dataset's CKAN name, e.g. package: ipm-kabupaten-kota");
        if (pkg != null) {
            CkanPublishSpec.ckanNameProblem(pkg).ifPresent(m ->
                    problems.add(y.file(), c.lineOf("package"), "'publish.ckan.package' '" + pkg + "': " + m));
        }
        String env = c.string("api-key-env", true, "the environment variable with the portal's API key, e.g. api-key-env: "
                + CkanPublishSpec.SECRET_PREFIX + "JATENG");
        if (env != null) {
            CkanPublishSpec.apiKeyEnvProblem(env).ifPresent(m ->
                    problems.add(y.file(), c.lineOf("api-key-env"), "'publish.ckan.api-key-env' " + m));
        }
        if (problems.size() > before) return null;
        return new CkanPublishSpec(url.strip().replaceAll("/+$", ""), organization, pkg, env, y.lineOf("publish"));
    }

    /** Type names people write for the hub's types: "int" is an integer, "string" a text. */
    static final Map<String, String> TYPE_ALIASES = Map.ofEntries(Map.entry("int", "integer"), Map.entry("long", "integer"),
            Map.entry("bigint", "integer"), Map.entry("whole", "integer"), Map.entry("number", "decimal"),
            Map.entry("numeric", "decimal"), Map.entry("float", "decimal"), Map.entry("double", "decimal"),
            Map.entry("real", "decimal"), Map.entry("string", "text"), Map.entry("str", "text"), Map.entry("varchar", "text"),
            Map.entry("bool", "boolean"), Map.entry("enum", "code"), Map.entry("datetime", "date"),
            Map.entry("timestamp", "date"), Map.entry("year", "period"), Map.entry("month", "period"),
            Map.entry("wilayah", "region"));

    /** @param broken where a field's definition is wrong: its name and line, for the problems that follow from it */
    private static FieldDef readField(YamlMap f, Problems problems, Map<String, Integer> broken) {
        FieldDef field = readField(f, problems);
        String name = f.valueNode("name") instanceof ScalarNode s ? s.getValue() : null;
        if (field == null && name != null) broken.put(name, f.line());
        return field;
    }

    private static FieldDef readField(YamlMap f, Problems problems) {
        String display = f.file();
        f.reportUnknown(FIELD_KEYS, "a field");
        String name = f.string("name", true, "e.g. name: population");
        if (name != null && (!FIELD_NAME.matcher(name).matches() || RESERVED.contains(name))) {
            problems.add(display, f.lineOf("name"), "field name '" + name + "' must match [a-z][a-z0-9_]* and not be one of " + RESERVED);
            name = null;
        }
        String typeText = f.string("type", true, "one of " + FieldType.configNames());
        FieldType type = null;
        if (typeText != null) {
            try {
                type = FieldType.valueOf(typeText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                String alias = TYPE_ALIASES.get(typeText.trim().toLowerCase(Locale.ROOT));
                problems.add(display, f.lineOf("type"), "unknown type '" + typeText + "'" + (alias != null
                        ? " (did you mean '" + alias + "'?)" : suggestion(typeText, FieldType.configNames())));
            }
        }
        RegionLevel level = null;
        Grain grain = null;
        List<String> values = List.of();
        if (type == FieldType.REGION) {
            String l = f.string("level", true, "province, regency, district or village");
            if (l != null) {
                try { level = RegionLevel.fromConfig(l); }
                catch (IllegalArgumentException e) { problems.add(display, f.lineOf("level"), e.getMessage()); }
            }
        } else if (f.has("level")) {
            problems.add(display, f.lineOf("level"), "'level' is only for fields of type region");
        }
        if (type == FieldType.PERIOD) {
            String g = f.string("grain", true, "year, quarter, month or day");
            if (g != null) {
                try { grain = Grain.fromConfig(g); }
                catch (IllegalArgumentException e) { problems.add(display, f.lineOf("grain"), e.getMessage()); }
            }
        } else if (f.has("grain")) {
            problems.add(display, f.lineOf("grain"), "'grain' is only for fields of type period");
        }
        Map<String, String> labels = Map.of();
        if (type == FieldType.CODE) {
            if (f.valueNode("values") instanceof org.yaml.snakeyaml.nodes.MappingNode) {
                labels = f.scalarMap("values");
                values = List.copyOf(labels.keySet());
            } else {
                values = f.strings("values");
            }
            if (values.isEmpty()) {
                problems.add(display, f.lineOf("values"), "a code field needs its closed list: values: [A, B], or with"
                        + " labels: values: { A: \"what A means\", B: \"what B means\" }");
            }
        } else if (f.has("values")) {
            problems.add(display, f.lineOf("values"), "'values' is only for fields of type code");
        }
        BigDecimal min = number(f, "min", type, problems);
        BigDecimal max = number(f, "max", type, problems);
        if (min != null && max != null && min.compareTo(max) > 0) {
            problems.add(display, f.lineOf("max"), "max " + max + " is below min " + min);
        }
        boolean required = bool(f, "required", problems);
        if (name == null || type == null) return null;
        if ((type == FieldType.REGION && level == null) || (type == FieldType.PERIOD && grain == null)) return null;
        String unit = f.string("unit", false, null);
        String description = f.string("description", false, null);
        return new FieldDef(name, type, level, grain, List.copyOf(values), unit == null || unit.isBlank() ? null : unit.strip(),
                min, max, required, f.line(), description == null || description.isBlank() ? null : description.strip(), labels);
    }

    private static BigDecimal number(YamlMap f, String key, FieldType type, Problems problems) {
        String v = f.string(key, false, null);
        if (v == null) return null;
        if (type != null && !type.isNumeric()) {
            problems.add(f.file(), f.lineOf(key), "'" + key + "' is only for integer and decimal fields");
            return null;
        }
        try {
            return new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            problems.add(f.file(), f.lineOf(key), "'" + key + "' must be a number, not '" + v + "'");
            return null;
        }
    }

    private static boolean bool(YamlMap f, String key, Problems problems) {
        String v = f.string(key, false, null);
        if (v == null) return false;
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        problems.add(f.file(), f.lineOf(key), "'" + key + "' must be true or false, not '" + v + "'");
        return false;
    }

    private static void expectFileName(Path file, String id, String display, YamlMap y, Problems problems) {
        if (id == null) return;
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!base.equals(id)) {
            problems.add(display, y.lineOf("id"), "id '" + id + "' does not match the file name; rename the file to " + id + ".yaml or change the id");
        }
    }

    // ---------------------------------------------------------------- sources

    static SourceDef readSource(Path file, String display, Map<String, DatasetDef> datasets, RegionRegistry regions,
                                ValueCheck values, Problems problems) {
        YamlMap y = parse(file, display, problems);
        if (y == null) return null;
        int before = problems.size();
        y.reportUnknown(SOURCE_KEYS, null);
        String id = y.string("id", true, "e.g. id: semarang-population");
        if (id != null && !SOURCE_ID.matcher(id).matches()) {
            problems.add(display, y.lineOf("id"), "source id '" + id + "' must match [a-z0-9-]+ (it names a folder and a route)");
            id = null;
        }
        expectFileName(file, id, display, y, problems);

        String regencyText = y.string("regency", true, "the owning regency's code, e.g. regency: \"33.74\" (or \"33\" for the province)");
        String regency = null;
        if (regencyText != null && regions != null) {
            regency = regions.toKemendagriRegencyOrProvince(regencyText.trim()).orElse(null);
            if (regency == null) {
                problems.add(display, y.lineOf("regency"), "unknown regency '" + regencyText
                        + "': use a Jawa Tengah regency code such as \"33.74\" or \"3374\", or \"33\" for the province");
            }
        }

        String datasetId = y.string("dataset", true, "one of " + datasets.keySet());
        DatasetDef dataset = null;
        if (datasetId != null) {
            dataset = datasets.get(datasetId);
            if (dataset == null && problems.brokenDataset(datasetId) != null) {
                problems.addFollowOn(display, y.lineOf("dataset"), "dataset '" + datasetId + "' is not usable until "
                        + problems.brokenDataset(datasetId) + " is fixed (see there)");
            } else if (dataset == null) {
                problems.add(display, y.lineOf("dataset"), "unknown dataset '" + datasetId + "' (known: "
                        + String.join(", ", datasets.keySet()) + ")");
            }
        }

        String kindText = y.string("kind", true, "drop, http, ckan or jdbc");
        SourceDef.Kind kind = null;
        if (kindText != null) {
            try {
                kind = SourceDef.Kind.valueOf(kindText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(display, y.lineOf("kind"), "unknown kind '" + kindText + "' (valid: drop, http, ckan, jdbc)");
            }
        }
        String schedule = y.string("schedule", kind == SourceDef.Kind.HTTP || kind == SourceDef.Kind.CKAN || kind == SourceDef.Kind.JDBC,
                "a Quartz cron expression such as \"0 0 2 * * ?\" (every day at 02:00)");
        if (schedule != null) {
            if (kind == SourceDef.Kind.DROP) {
                problems.add(display, y.lineOf("schedule"), "'schedule' is for http, ckan and jdbc sources; a drop source reads files as they arrive");
            } else {
                String err = Cron.check(schedule);
                if (err != null) problems.add(display, y.lineOf("schedule"), "bad cron expression '" + schedule + "': " + err);
            }
        }

        SourceDef.HttpSpec http = readHttp(y, kind, display, problems);
        SourceDef.CkanSpec ckan = readCkan(y, kind, display, problems);
        SourceDef.JdbcSpec jdbcSpec = JdbcSourceConfig.read(y, kind, problems);

        String delimiter = "auto", encoding = "auto", decimal = "auto";
        var csv = y.map("csv");
        if (csv.isPresent()) {
            YamlMap c = csv.get();
            c.reportUnknown(CSV_KEYS, "csv");
            delimiter = oneOf(c, "delimiter", List.of("auto", ",", ";", "\t", "|"), "auto", problems);
            encoding = oneOf(c, "encoding", List.of("auto", "UTF-8", "windows-1252", "UTF-16"), "auto", problems);
            decimal = oneOf(c, "decimal", List.of("auto", "comma", "dot"), "auto", problems);
            if (kind == SourceDef.Kind.JDBC) {
                problems.add(display, y.lineOf("csv"), "'csv' is for files; a jdbc source's rows come typed from the database");
            }
        }
        if (kind == SourceDef.Kind.JDBC) {
            decimal = "dot"; // a database's numbers come canonical: 1234.5, never 1.234,5
        }

        String fileFormat = readFileFormat(y, kind, http, ckan, problems);
        ExcelSettings excel = readExcel(y, problems);
        String include = readDropInclude(y, fileFormat, problems);

        CodeSystem codes = CodeSystem.AUTO;
        String codesText = y.string("codes", false, null);
        if (codesText != null) {
            try { codes = CodeSystem.fromConfig(codesText); }
            catch (IllegalArgumentException e) { problems.add(display, y.lineOf("codes"), e.getMessage()); }
        }

        Map<String, FieldMapping> mapping = readMapping(y, dataset, display, problems);
        Unpivot unpivot = readUnpivot(y, dataset, display, problems);

        double ratio = 0.2;
        String ratioText = y.string("max-reject-ratio", false, null);
        if (ratioText != null) {
            try {
                ratio = Double.parseDouble(ratioText.trim());
                if (ratio < 0 || ratio > 1) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problems.add(display, y.lineOf("max-reject-ratio"), "'max-reject-ratio' must be a number from 0 to 1, not '" + ratioText + "'");
            }
        }

        if (dataset != null) {
            checkCoverage(dataset, mapping, unpivot, display, y, problems);
            checkConstants(dataset, mapping, unpivot, new ConstantCheck(dataset, regions, regency, codes, values), display, problems);
        }
        if (problems.size() > before || id == null || kind == null) {
            return null;
        }
        return new SourceDef(id, regency, datasetId, kind, schedule, include, http, ckan,
                new CsvSettings(delimiter, encoding), decimal, codes, mapping, unpivot, ratio, display, fileFormat, excel, jdbcSpec,
                text(y, "title"), text(y, "description"));
    }

    /** What a drop source takes from its folder when {@code drop.include} is not given, by {@code format}. */
    static String defaultDropInclude(String fileFormat) {
        // A csv source reads a workbook by its bytes, so it takes both; an .xls is taken too, so that its sender
        // gets the reader's reason (.failed/<name>.error.txt) instead of a file that lies in the folder unread.
        return "xlsx".equals(fileFormat) ? "*.xlsx,*.xlsm,*.xls" : "*.csv,*.xlsx,*.xlsm,*.xls";
    }

    private static String readDropInclude(YamlMap y, String fileFormat, Problems problems) {
        String include = defaultDropInclude(fileFormat);
        var drop = y.map("drop");
        if (drop.isPresent()) {
            drop.get().reportUnknown(DROP_KEYS, "drop");
            String inc = drop.get().string("include", false, null);
            if (inc != null) {
                if (inc.contains("/") || inc.contains("\\") || inc.contains("..")) {
                    problems.add(y.file(), drop.get().lineOf("include"), "'drop.include' is a file name pattern such as \"*.csv\", not a path");
                } else if (!DROP_INCLUDE.matcher(inc).matches()) {
                    problems.add(y.file(), drop.get().lineOf("include"), "'drop.include' must be file name patterns such as"
                            + " \"*.csv\" or \"*.csv,*.xlsx\" (letters, digits and * ? . _ -, a comma between patterns), not '"
                            + inc + "'");
                } else {
                    include = inc;
                }
            }
        }
        return include;
    }

    /** {@code format}: csv (the default; a workbook is still recognised by its bytes) or xlsx, for files. */
    private static String readFileFormat(YamlMap y, SourceDef.Kind kind, SourceDef.HttpSpec http, SourceDef.CkanSpec ckan,
                                         Problems problems) {
        if (!y.has("format")) return "csv";
        if (kind == SourceDef.Kind.JDBC) {
            problems.add(y.file(), y.lineOf("format"), "'format' is for files; a jdbc source's rows are read as typed records");
        }
        if (kind == SourceDef.Kind.HTTP) {
            problems.add(y.file(), y.lineOf("format"), "for an http source the format goes under 'http': http: { format: xlsx }");
        } else if (kind == SourceDef.Kind.CKAN && ckan != null && ckan.resource() != null) {
            problems.add(y.file(), y.lineOf("format"), "'format' is for files; a ckan resource is read as JSON records"
                    + " (to download a workbook use ckan.dataset with ckan.format: XLSX)");
        }
        return oneOf(y, "format", List.of("csv", "xlsx"), "csv", problems);
    }

    /** {@code excel: { sheet: "Tabel 1" | 2, include-hidden: false }}; a number is a position, a quoted one a name. */
    private static ExcelSettings readExcel(YamlMap y, Problems problems) {
        var m = y.map("excel");
        if (m.isEmpty()) return ExcelSettings.defaults();
        YamlMap e = m.get();
        e.reportUnknown(EXCEL_KEYS, "excel");
        String name = null;
        int index = 0;
        String sheet = e.string("sheet", false, null);
        if (sheet != null) {
            boolean number = e.valueNode("sheet").getTag().getValue().equals("tag:yaml.org,2002:int");
            if (number) {
                try {
                    index = Integer.parseInt(sheet.trim());
                } catch (NumberFormatException ex) {
                    index = -1;
                }
                if (index < 1 || index > 10_000) {
                    problems.add(e.file(), e.lineOf("sheet"), "'excel.sheet' as a number is the sheet's position, from 1"
                            + " (the first sheet), not " + sheet + "; to name a sheet quote it: sheet: \"" + sheet + "\"");
                    index = 0;
                }
            } else if (sheet.isBlank() || sheet.strip().length() > 31) {
                problems.add(e.file(), e.lineOf("sheet"), "'excel.sheet' must be a sheet name of 1 to 31 characters"
                        + " (as on the sheet's tab) or its position (1, 2, ...), not '" + sheet + "'");
            } else {
                name = sheet.strip();
            }
        }
        return new ExcelSettings(name, index, bool(e, "include-hidden", problems));
    }

    private static String oneOf(YamlMap m, String key, List<String> valid, String dflt, Problems problems) {
        String v = m.string(key, false, null);
        if (v == null) return dflt;
        for (String ok : valid) {
            if (ok.equalsIgnoreCase(v)) return ok;
        }
        problems.add(m.file(), m.lineOf(key), "'" + key + "' must be one of " + valid.stream().map(s -> s.equals("\t") ? "\"\\t\"" : '"' + s + '"').toList() + ", not '" + v + "'");
        return dflt;
    }

    private static SourceDef.HttpSpec readHttp(YamlMap y, SourceDef.Kind kind, String display, Problems problems) {
        var m = y.map("http");
        if (kind == SourceDef.Kind.HTTP && m.isEmpty()) {
            problems.add(display, y.line(), "an http source needs an 'http' section with at least 'url'");
            return null;
        }
        if (m.isEmpty()) return null;
        YamlMap h = m.get();
        if (kind != SourceDef.Kind.HTTP) {
            problems.add(display, y.lineOf("http"), "'http' is only for sources of kind http");
        }
        h.reportUnknown(HTTP_KEYS, "http");
        String url = h.string("url", true, "e.g. url: \"https://data.example.go.id/x.csv\"");
        if (url != null && !(url.startsWith("https://") || url.startsWith("http://"))) {
            problems.add(display, h.lineOf("url"), "'http.url' must start with https:// or http://");
        }
        String format = oneOf(h, "format", List.of("csv", "json", "xlsx"), "csv", problems);
        Map<String, String> paging = Map.of();
        var p = h.map("paging");
        if (p.isPresent()) {
            p.get().reportUnknown(PAGING_KEYS, "http.paging");
            paging = h.scalarMap("paging");
        }
        Map<String, String> headers = readHeaders(h, problems);
        boolean plainSecrets = bool(h, "allow-plain-http-secrets", problems);
        SourceDef.HttpSpec spec = new SourceDef.HttpSpec(url, format, h.string("records", false, null), paging, headers,
                hosts(h, "allowed-hosts", "http.allowed-hosts", problems), plainSecrets);
        if (url != null && url.startsWith("http://") && spec.hasSecretHeaders() && !plainSecrets) {
            problems.add(display, h.lineOf("headers"), "the headers carry a secret (${env:...}) and 'http.url' is plain"
                    + " http://, so the secret would travel in clear: use https://, or for a server on the intranet set"
                    + " 'allow-plain-http-secrets: true' under 'http'");
        }
        return spec;
    }

    /**
     * {@code http.headers}: plain values, or secrets named as {@code ${env:HUB_POLL_SECRET_<NAME>}}. Any other
     * placeholder is refused: {@code ${hub.security.operator.password}} would otherwise send a hub setting to the
     * polled server.
     */
    private static Map<String, String> readHeaders(YamlMap h, Problems problems) {
        Map<String, String> out = new LinkedHashMap<>();
        Node node = h.valueNode("headers");
        if (node == null || (node instanceof ScalarNode s && s.getValue().isEmpty())) return out;
        if (!(node instanceof MappingNode m)) {
            problems.add(h.file(), YamlMap.line(node), "'http.headers' must be a mapping (Name: value)");
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(t.getKeyNode());
            int line = YamlMap.line(t.getKeyNode());
            if (!(t.getValueNode() instanceof ScalarNode v)) {
                problems.add(h.file(), line, "'http.headers." + name + "' must be a single value");
                continue;
            }
            String rest = SourceDef.HttpSpec.SECRET.matcher(v.getValue()).replaceAll("");
            Matcher bad = ANY_PLACEHOLDER.matcher(rest);
            if (bad.find()) {
                problems.add(h.file(), line, "header '" + name + "' uses " + bad.group() + ": a header may name only an"
                        + " environment variable whose name starts with HUB_POLL_SECRET_, written"
                        + " ${env:HUB_POLL_SECRET_<NAME>} (e.g. \"Bearer ${env:HUB_POLL_SECRET_SEMARANG_TOKEN}\");"
                        + " hub settings and other variables are never sent");
                continue;
            }
            out.put(name, v.getValue());
        }
        return out;
    }

    /** A list of host entries ({@link #HOST_ENTRY}), lower-cased. */
    private static List<String> hosts(YamlMap m, String key, String display, Problems problems) {
        List<String> out = new ArrayList<>();
        for (String e : m.strings(key)) {
            Matcher hm = HOST_ENTRY.matcher(e.trim());
            boolean portOk = hm.matches() && (hm.group(1) == null
                    || (Integer.parseInt(hm.group(1)) >= 1 && Integer.parseInt(hm.group(1)) <= 65535));
            if (!portOk) {
                problems.add(m.file(), m.lineOf(key), "'" + display + "' takes host names such as files.example.go.id"
                        + " or files.example.go.id:8443 (no scheme, no path), not '" + e + "'");
            } else {
                out.add(e.trim().toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(out);
    }

    private static SourceDef.CkanSpec readCkan(YamlMap y, SourceDef.Kind kind, String display, Problems problems) {
        var m = y.map("ckan");
        if (kind == SourceDef.Kind.CKAN && m.isEmpty()) {
            problems.add(display, y.line(), "a ckan source needs a 'ckan' section with 'url' and 'resource' or 'dataset'");
            return null;
        }
        if (m.isEmpty()) return null;
        YamlMap c = m.get();
        if (kind != SourceDef.Kind.CKAN) {
            problems.add(display, y.lineOf("ckan"), "'ckan' is only for sources of kind ckan");
        }
        c.reportUnknown(CKAN_KEYS, "ckan");
        String url = c.string("url", true, "the portal's base address, e.g. url: \"https://data.jatengprov.go.id\"");
        String resource = c.string("resource", false, null);
        String dataset = c.string("dataset", false, null);
        if ((resource == null) == (dataset == null)) {
            problems.add(display, c.line(), "'ckan' needs exactly one of 'resource' (datastore rows) or 'dataset' (download a file)");
        }
        int pageSize = 1000;
        String ps = c.string("page-size", false, null);
        if (ps != null) {
            try {
                pageSize = Integer.parseInt(ps.trim());
                if (pageSize < 1 || pageSize > 32_000) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problems.add(display, c.lineOf("page-size"), "'ckan.page-size' must be a whole number from 1 to 32000");
            }
        }
        if (url != null && !(url.startsWith("https://") || url.startsWith("http://"))) {
            problems.add(display, c.lineOf("url"), "'ckan.url' must start with https:// or http://");
        }
        return new SourceDef.CkanSpec(url, resource, dataset, c.string("format", false, null), pageSize,
                hosts(c, "resource-hosts", "ckan.resource-hosts", problems));
    }

    private static Map<String, FieldMapping> readMapping(YamlMap y, DatasetDef dataset, String display, Problems problems) {
        Map<String, FieldMapping> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlMap> e : y.maps("mapping").entrySet()) {
            String field = e.getKey();
            YamlMap m = e.getValue();
            m.reportUnknown(MAPPING_KEYS, "mapping." + field);
            if (dataset != null && dataset.field(field).isEmpty() && problems.brokenField(dataset.id(), field) != null) {
                problems.addFollowOn(display, m.line(), "mapping of '" + field + "' is not checked until field '" + field
                        + "' at " + problems.brokenField(dataset.id(), field) + " is fixed (see there)");
                continue;
            }
            if (dataset != null && dataset.field(field).isEmpty()) {
                problems.add(display, m.line(), "mapping names field '" + field + "', which dataset '" + dataset.id()
                        + "' does not have" + suggestion(field, dataset.fieldNames()));
                continue;
            }
            String column = m.string("column", false, null);
            List<String> columns = m.has("columns") ? m.strings("columns") : null;
            String value = m.string("value", false, null);
            int given = (column != null ? 1 : 0) + (columns != null ? 1 : 0) + (value != null ? 1 : 0);
            if (given != 1) {
                problems.add(display, m.line(), "mapping of '" + field + "' needs exactly one of 'column', 'columns' or 'value'");
                continue;
            }
            if (columns != null && columns.size() < 2) {
                problems.add(display, m.lineOf("columns"), "'columns' joins two or more columns (e.g. [bulan, tahun]); use 'column' for one");
            }
            Map<String, String> values = m.scalarMap("values");
            out.put(field, new FieldMapping(column, columns, value, values, m.line()));
        }
        return out;
    }

    private static Unpivot readUnpivot(YamlMap y, DatasetDef dataset, String display, Problems problems) {
        var m = y.map("unpivot");
        if (m.isEmpty()) return null;
        YamlMap u = m.get();
        u.reportUnknown(UNPIVOT_KEYS, "unpivot");
        String into = u.string("into", true, "the field that takes each listed column's value");
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        for (Map.Entry<String, YamlMap> e : u.maps("columns").entrySet()) {
            Map<String, String> constants = new LinkedHashMap<>();
            for (String k : e.getValue().keys()) {
                constants.put(k, e.getValue().string(k, true, null));
                if (dataset != null && dataset.field(k).isEmpty() && problems.brokenField(dataset.id(), k) != null) {
                    problems.addFollowOn(display, e.getValue().lineOf(k), "unpivot column '" + e.getKey() + "' sets field '"
                            + k + "', which is not usable until " + problems.brokenField(dataset.id(), k) + " is fixed (see there)");
                } else if (dataset != null && dataset.field(k).isEmpty()) {
                    problems.add(display, e.getValue().lineOf(k), "unpivot column '" + e.getKey() + "' sets field '" + k
                            + "', which dataset '" + dataset.id() + "' does not have" + suggestion(k, dataset.fieldNames()));
                }
            }
            columns.put(e.getKey(), constants);
        }
        if (columns.isEmpty()) {
            problems.add(display, u.lineOf("columns"), "'unpivot.columns' must list the wide columns, e.g. { \"Laki-laki\": { sex: L } }");
        }
        if (into != null && dataset != null && dataset.field(into).isEmpty() && problems.brokenField(dataset.id(), into) != null) {
            problems.addFollowOn(display, u.lineOf("into"), "unpivot into '" + into + "' is not checked until "
                    + problems.brokenField(dataset.id(), into) + " is fixed (see there)");
        } else if (into != null && dataset != null && dataset.field(into).isEmpty()) {
            problems.add(display, u.lineOf("into"), "unpivot into '" + into + "': dataset '" + dataset.id()
                    + "' has no such field" + suggestion(into, dataset.fieldNames()));
        }
        return new Unpivot(columns, into, u.line());
    }

    /** Every required and key field must get a value from the mapping or the unpivot. */
    private static void checkCoverage(DatasetDef dataset, Map<String, FieldMapping> mapping, Unpivot unpivot,
                                      String display, YamlMap y, Problems problems) {
        for (FieldDef f : dataset.fields()) {
            if (!dataset.isRequired(f) || mapping.containsKey(f.name())) continue;
            boolean byUnpivot = unpivot != null && (f.name().equals(unpivot.into())
                    || (!unpivot.columns().isEmpty() && unpivot.columns().values().stream().allMatch(c -> c.containsKey(f.name()))));
            if (!byUnpivot) {
                problems.add(display, y.has("mapping") ? y.lineOf("mapping") : y.line(), "field '" + f.name() + "' of dataset '"
                        + dataset.id() + "' is " + (dataset.key().contains(f.name()) ? "part of the key" : "required")
                        + " but nothing maps it: add mapping: { " + f.name() + ": { column: ... } }");
            }
            if (unpivot != null && mapping.containsKey(unpivot.into())) {
                problems.add(display, unpivot.line(), "field '" + unpivot.into() + "' is both mapped and the unpivot target; keep one");
            }
        }
    }

    /** Constants and value maps are checked now rather than rejecting every row later. */
    private static void checkConstants(DatasetDef dataset, Map<String, FieldMapping> mapping, Unpivot unpivot,
                                       ConstantCheck check, String display, Problems problems) {
        mapping.forEach((field, m) -> {
            FieldDef f = dataset.field(field).orElseThrow();
            if (m.value() != null) {
                String err = check.check(f, m.value());
                if (err != null) problems.add(display, m.line(), "mapping of '" + field + "': constant " + err);
            }
            if (f.type() == FieldType.CODE) {
                m.values().forEach((from, to) -> {
                    String err = check.check(f, to);
                    if (err != null) problems.add(display, m.line(), "mapping of '" + field + "': value map '" + from + "' → " + err);
                });
            }
        });
        if (unpivot != null) {
            unpivot.columns().forEach((col, constants) -> constants.forEach((field, value) ->
                    dataset.field(field).ifPresent(f -> {
                        String err = check.check(f, value);
                        if (err != null) problems.add(display, unpivot.line(), "unpivot column '" + col + "': " + field + " " + err);
                    })));
        }
    }

    private static String suggestion(String word, java.util.Collection<String> known) {
        String near = Suggest.nearest(word, known);
        return near == null ? " (known: " + String.join(", ", known) + ")" : " (did you mean '" + near + "'?)";
    }

    /** Keeps scalar-node parsing of booleans out of SnakeYAML's implicit typing. */
    static boolean isScalar(Node n) {
        return n instanceof ScalarNode;
    }
}
