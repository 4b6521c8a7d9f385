package id.go.jatengprov.regencyhub.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import id.go.jatengprov.regencyhub.cluster.SharedDropFolders;
import id.go.jatengprov.regencyhub.config.ConfigException;
import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.config.ConfigProblem;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.MetadataRules;
import id.go.jatengprov.regencyhub.load.WarehouseSchema;
import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/**
 * {@code java -jar regency-hub.jar check [--hub.config-dir=DIR] [--hub.routes-dir=DIR] [--against-db]
 * [--hub.metadata.required=...] [--hub.metadata.strict=true]}: validates datasets, sources, reference data and custom
 * routes without a server, a broker or a database, and warns about drop folders several hubs share
 * ({@link SharedDropFolders}). Missing dataset metadata is listed as warnings (exit 0) unless
 * strict. With {@code --against-db} it also asks the warehouse, read only, whether it would take the datasets (a
 * changed type or key is refused by a running hub) and says what a reload would change there. Exit 0 when clean,
 * 1 with problems, 2 when the database cannot be asked.
 */
public final class CheckCommand {

    public static final int CLEAN = 0;
    public static final int PROBLEMS = 1;
    public static final int CANNOT_CHECK = 2;

    private CheckCommand() {}

    public static int run(String[] args, PrintStream out) {
        Path configDir = Path.of(Args.value(args, "hub.config-dir", "config"));
        Path routesDir = Path.of(Args.value(args, "hub.routes-dir", "routes"));
        List<ConfigProblem> problems = new ArrayList<>();
        List<ConfigProblem> warnings = List.of();
        HubConfig config = null;
        MetadataRules rules;
        try {
            rules = MetadataRules.parse(Args.value(args, "hub.metadata.required", null),
                    Boolean.parseBoolean(Args.value(args, "hub.metadata.strict", "false")));
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return PROBLEMS;
        }
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.load(configDir, FieldConverter.CONSTANTS, rules);
            config = loaded.config();
            warnings = loaded.warnings();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        warnings.forEach(w -> out.println("warning: " + w));
        clusterWarnings(args).forEach(w -> out.println("warning: " + w));
        problems.addAll(RouteFiles.check(routesDir));
        if (!problems.isEmpty()) {
            print(problems, out);
            return PROBLEMS;
        }
        int routes = 0;
        try {
            routes = RouteFiles.list(routesDir).size();
        } catch (IOException ignored) {
            // listed above already
        }
        out.printf("OK: %d datasets, %d sources, %d route files in %s and %s%s%n", config.datasets().size(),
                config.sources().size(), routes, configDir, routesDir, warnings.isEmpty() ? ""
                        : "; " + warnings.size() + " warning" + (warnings.size() == 1 ? "" : "s") + " about metadata"
                        + " (hub.metadata.strict=true makes them problems)");
        return Args.flag(args, "against-db") ? againstDatabase(args, config, out) : CLEAN;
    }

    /** Drop folders and several hubs, for the settings as the hub would take them ({@link Args#setting}). */
    static List<String> clusterWarnings(String[] args) {
        boolean cluster = Boolean.parseBoolean(Args.setting(args, "hub.cluster.enabled", "false"));
        boolean shared = Boolean.parseBoolean(Args.setting(args, "hub.cluster.shared-drop-folders", "false"));
        Path drop = Path.of(Args.setting(args, "hub.data-dir", "data")).resolve("drop").toAbsolutePath();
        return SharedDropFolders.warnings(cluster, shared, drop, SharedDropFolders.fileSystemType(drop));
    }

    /** Causes first (a wrong type before the mapping it breaks), then by file and line. */
    static void print(List<ConfigProblem> problems, PrintStream out) {
        problems.stream().sorted().forEach(out::println);
        out.printf("%d problem%s found%n", problems.size(), problems.size() == 1 ? "" : "s");
    }

    private static int againstDatabase(String[] args, HubConfig config, PrintStream out) {
        Database db;
        try {
            db = Database.of(args);
        } catch (IOException | IllegalArgumentException e) {
            out.println("cannot check against the database: " + e.getMessage());
            return CANNOT_CHECK;
        }
        WarehouseSchema.Plan plan;
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            // Read only, and rolled back: asking must never change the warehouse.
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                plan = new WarehouseSchema(new JdbcTemplate(new SingleConnectionDataSource(c, true))).plan(config);
            } finally {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            out.println("cannot check against the database " + ReadyLine.withoutSecrets(db.url()) + " as " + db.user() + ": "
                    + e.getMessage());
            return CANNOT_CHECK;
        }
        if (!plan.refused().isEmpty()) {
            out.println("the warehouse at " + ReadyLine.withoutSecrets(db.url()) + " would refuse these datasets; a running hub"
                    + " keeps its configuration and refuses the change:");
            print(plan.refused(), out);
            return PROBLEMS;
        }
        out.println("OK: the warehouse at " + ReadyLine.withoutSecrets(db.url()) + " takes these datasets"
                + (plan.changes().isEmpty() ? "; a reload changes nothing there" : "; a reload would:"));
        plan.changes().forEach(ch -> out.println("  " + ch));
        return CLEAN;
    }

    /** Where the warehouse is: spring.datasource.*, or the embedded database of the data folder. */
    record Database(String url, String user, String password) {

        static Database of(String[] args) throws IOException {
            String url = Args.setting(args, "spring.datasource.url", null);
            if (url != null && !url.isBlank()) {
                return new Database(url, Args.setting(args, "spring.datasource.username", null),
                        Args.setting(args, "spring.datasource.password", null));
            }
            Path dataDir = Path.of(Args.setting(args, "hub.data-dir", "data"));
            Path secrets = dataDir.resolve("postgres.secrets");
            if (!Files.isReadable(secrets)) {
                throw new IllegalArgumentException("no spring.datasource.url and no embedded database in " + dataDir
                        + " (" + secrets + " is missing): give --spring.datasource.url=… or --hub.data-dir=… of the hub");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(secrets, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            String user = Args.setting(args, "hub.embedded-db.user", "hub");
            return new Database("jdbc:postgresql://localhost:" + Args.setting(args, "hub.embedded-db.port", "5433") + "/"
                    + Args.setting(args, "hub.embedded-db.database", "regency_hub"), user, p.getProperty("hub"));
        }

        @Override
        public String toString() {
            return "Database[" + ReadyLine.withoutSecrets(url) + ", " + user + ", ***]";
        }
    }
}
