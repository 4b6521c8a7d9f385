package id.go.jatengprov.regencyhub.ops;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import id.go.jatengprov.regencyhub.config.ConfigException;
import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.config.ConfigProblem;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.MetadataRules;
import id.go.jatengprov.regencyhub.normalise.FieldConverter;

/**
 * {@code java -jar regency-hub.jar check [--hub.config-dir=DIR] [--hub.routes-dir=DIR] [--hub.metadata.required=...]
 * [--hub.metadata.strict=true]}: validates datasets, sources, reference data and custom routes without a server, a
 * broker or a database. Exit 0 when clean; missing metadata is listed as warnings (exit 0) unless strict.
 */
public final class CheckCommand {

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
            return 1;
        }
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.load(configDir, FieldConverter.CONSTANTS, rules);
            config = loaded.config();
            warnings = loaded.warnings();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        warnings.forEach(w -> out.println("warning: " + w));
        problems.addAll(RouteFiles.check(routesDir));
        if (problems.isEmpty()) {
            int routes = 0;
            try {
                routes = RouteFiles.list(routesDir).size();
            } catch (java.io.IOException ignored) {
                // listed above already
            }
            out.printf("OK: %d datasets, %d sources, %d route files in %s and %s%s%n", config.datasets().size(),
                    config.sources().size(), routes, configDir, routesDir, warnings.isEmpty() ? ""
                            : "; " + warnings.size() + " warning" + (warnings.size() == 1 ? "" : "s") + " about metadata"
                            + " (hub.metadata.strict=true makes them problems)");
            return 0;
        }
        problems.stream().sorted().forEach(p -> out.println(p));
        out.printf("%d problem%s found%n", problems.size(), problems.size() == 1 ? "" : "s");
        return 1;
    }
}
