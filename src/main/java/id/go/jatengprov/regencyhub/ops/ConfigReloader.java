package id.go.jatengprov.regencyhub.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubConfiguration;
import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.ConfigException;
import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.config.ConfigProblem;
import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.MetadataProperties;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.SourceRoute;
import id.go.jatengprov.regencyhub.load.SourceInfoTable;
import id.go.jatengprov.regencyhub.load.WarehouseSchema;
import id.go.jatengprov.regencyhub.normalise.FieldConverter;
import id.go.jatengprov.regencyhub.support.Sha256;

/**
 * Live reload of datasets, sources and custom routes. A change is validated whole first; an invalid
 * one is refused with its messages and the running configuration stays as it was. A valid one adds
 * warehouse columns and tables, adds, replaces or removes exactly the routes of the sources and route
 * files that changed (the other sources' routes keep running), and only once those routes started
 * swaps the configuration: a route that fails to start leaves the old configuration active and the
 * changed sources' old routes back in place. Batches already started finish under the configuration
 * they started with.
 */
@Component
public class ConfigReloader {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    /** What a reload did. */
    public record Result(Status status, List<String> changes, List<String> problems) {}

    /** RELOADED: applied; UNCHANGED: nothing to apply; REFUSED: invalid, the running one stays; FAILED: a route did not
     * start, the running configuration stays (custom route files changed before the failure stay changed). */
    public enum Status { RELOADED, UNCHANGED, REFUSED, FAILED }

    /** The configuration on disk was refused at {@code at}, for these problems; the running one stayed. */
    public record Refusal(OffsetDateTime at, List<String> problems) {}

    private final ActiveConfig active;
    private final HubProperties props;
    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final MetadataProperties metadata;
    private final Map<Path, Set<String>> routesByFile = new HashMap<>();
    private final Map<Path, String> routeFileHashes = new HashMap<>();
    /** Bytes of config/datasets and config/sources files as last applied, to tell an edit that changes nothing. */
    private final Map<String, String> configFileHashes = new TreeMap<>();
    private String fingerprint;
    private volatile Refusal lastRefusal;

    public ConfigReloader(ActiveConfig active, HubProperties props, CamelContext camel, JdbcTemplate jdbc,
                          MetadataProperties metadata) {
        this.active = active;
        this.props = props;
        this.camel = camel;
        this.jdbc = jdbc;
        this.metadata = metadata;
        configFileHashes.putAll(configFileHashes());
    }

    /** The file watch: cheap (names, sizes, times), every few seconds. */
    @Scheduled(fixedDelayString = "${hub.reload.interval:2s}", initialDelayString = "${hub.reload.interval:2s}")
    public void watch() {
        String now = fingerprint();
        if (fingerprint == null) {
            fingerprint = now;
            rememberStartupRoutes();
            return;
        }
        if (!now.equals(fingerprint)) {
            // Refused or not, this state of the files has been judged: the next edit triggers a new attempt.
            fingerprint = now;
            reload();
        }
    }

    /** The last refused attempt, while no reload has succeeded since: the files on disk are not the ones running. */
    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal);
    }

    public synchronized Result reload() {
        Result r = attempt();
        if (r.status() == Status.REFUSED) {
            lastRefusal = new Refusal(OffsetDateTime.now(), r.problems());
        } else if (r.status() != Status.FAILED) {
            lastRefusal = null;
        }
        return r;
    }

    private Result attempt() {
        HubConfig next;
        List<String> problems = new ArrayList<>();
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.load(props.getConfigDir(), FieldConverter.CONSTANTS, metadata.rules());
            next = loaded.config();
            HubConfiguration.logWarnings(loaded.warnings());
        } catch (ConfigException e) {
            e.problems().stream().sorted().map(ConfigProblem::toString).forEach(problems::add);
            next = null;
        }
        RouteFiles.check(props.getRoutesDir()).stream().map(ConfigProblem::toString).forEach(problems::add);
        if (!problems.isEmpty()) {
            log.warn("Configuration change refused; the running configuration stays:\n  {}", String.join("\n  ", problems));
            return new Result(Status.REFUSED, List.of(), problems);
        }
        WarehouseSchema.Plan plan = new WarehouseSchema(jdbc).plan(next);
        if (!plan.refused().isEmpty()) {
            plan.refused().stream().map(ConfigProblem::toString).forEach(problems::add);
            log.warn("Configuration change refused: {}", new WarehouseSchema.IncompatibleSchemaException(plan.refused()).getMessage());
            return new Result(Status.REFUSED, List.of(), problems);
        }
        HubConfig previous = active.config();
        List<String> changes = new ArrayList<>(ConfigDiff.between(previous, next));
        try {
            new WarehouseSchema(jdbc).execute(plan, next).forEach(c -> changes.add("warehouse: " + c));
            syncSourceRoutes(previous, next);
            syncRouteFiles(changes);
        } catch (Exception e) {
            restoreSourceRoutes(previous, next);
            log.error("Configuration change failed while its routes started; the running configuration stays"
                    + " (custom route files already changed stay as they are now): {}", e.getMessage(), e);
            changes.add("error: " + e.getMessage());
            return new Result(Status.FAILED, changes, List.of(e.getMessage()
                    + " (the running configuration stays; the changed sources keep their old routes)"));
        }
        active.replace(next);
        new SourceInfoTable(jdbc).sync(next);
        fingerprint = fingerprint();
        boolean applied = !changes.isEmpty();
        changes.addAll(unusedEdits(changes));
        if (!changes.isEmpty()) log.info("Configuration reloaded: {}", changes);
        return new Result(applied ? Status.RELOADED : Status.UNCHANGED, changes, List.of());
    }

    /**
     * Files of config/datasets and config/sources whose bytes changed although nothing the hub uses did (a
     * description, a comment, the order of keys): said, so that an edit is never met with silence.
     */
    private List<String> unusedEdits(List<String> changes) {
        Map<String, String> now = configFileHashes();
        List<String> out = new ArrayList<>();
        now.forEach((file, hash) -> {
            String before = configFileHashes.get(file);
            String id = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.ya?ml$", "");
            boolean told = changes.stream().anyMatch(c -> c.matches("(added |removed |changed )?(dataset|source) " + id + "\\b.*"));
            if (before != null && !before.equals(hash) && !told) {
                out.add(file + ": edited, but nothing the hub uses changed (a comment, the layout)");
            }
        });
        configFileHashes.clear();
        configFileHashes.putAll(now);
        return out;
    }

    private Map<String, String> configFileHashes() {
        Map<String, String> out = new TreeMap<>();
        for (String kind : List.of("datasets", "sources")) {
            Path dir = props.getConfigDir().resolve(kind);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
                    out.put(kind + "/" + p.getFileName(), Sha256.of(p));
                }
            } catch (IOException e) {
                log.debug("Cannot read {}: {}", dir, e.getMessage());
            }
        }
        return out;
    }

    /** Replaces exactly the routes of the sources whose definition changed (where it is written is no change). */
    private void syncSourceRoutes(HubConfig previous, HubConfig next) throws Exception {
        Set<String> ids = new LinkedHashSet<>(previous.sources().keySet());
        ids.addAll(next.sources().keySet());
        for (String id : ids) {
            SourceDef before = previous.sources().get(id);
            SourceDef after = next.sources().get(id);
            if (ConfigDiff.same(before, after)) continue;
            if (before != null) removeRoute(SourceRoute.of(before, props).routeId());
            if (after != null) SourceRoute.of(after, props).addTo(camel);
        }
    }

    /** After a failed start: the routes of the sources that changed, as they were before. */
    private void restoreSourceRoutes(HubConfig previous, HubConfig next) {
        Set<String> ids = new LinkedHashSet<>(previous.sources().keySet());
        ids.addAll(next.sources().keySet());
        for (String id : ids) {
            SourceDef before = previous.sources().get(id);
            SourceDef after = next.sources().get(id);
            if (Objects.equals(before, after)) continue;
            try {
                if (after != null) removeRoute(SourceRoute.of(after, props).routeId());
                if (before != null) {
                    SourceRoute old = SourceRoute.of(before, props);
                    removeRoute(old.routeId());
                    old.addTo(camel);
                }
            } catch (Exception e) {
                log.error("Could not put back the route of source {} after a failed reload: {}", id, e.getMessage(), e);
            }
        }
    }

    private void removeRoute(String routeId) throws Exception {
        if (camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
    }

    private void syncRouteFiles(List<String> changes) throws Exception {
        Map<Path, String> now = new HashMap<>();
        for (Path f : RouteFiles.list(props.getRoutesDir())) now.put(f.toAbsolutePath(), Sha256.of(f));
        Set<Path> all = new LinkedHashSet<>(routeFileHashes.keySet());
        all.addAll(now.keySet());
        for (Path f : all) {
            if (Objects.equals(routeFileHashes.get(f), now.get(f))) continue;
            for (String id : routesByFile.getOrDefault(f, Set.of())) removeRoute(id);
            routesByFile.remove(f);
            if (now.containsKey(f)) {
                Set<String> before = routeIds();
                Resource r = ResourceHelper.resolveResource(camel, "file:" + f);
                for (RoutesBuilder b : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(r)) camel.addRoutes(b);
                Set<String> added = routeIds();
                added.removeAll(before);
                routesByFile.put(f, added);
            }
            changes.add((routeFileHashes.containsKey(f) ? now.containsKey(f) ? "changed" : "removed" : "added")
                    + " route file " + f.getFileName());
        }
        routeFileHashes.clear();
        routeFileHashes.putAll(now);
    }

    /** Routes that Camel loaded from routes/ at start, by file, so that a later change can replace them. */
    private synchronized void rememberStartupRoutes() {
        try {
            for (Path f : RouteFiles.list(props.getRoutesDir())) {
                Path abs = f.toAbsolutePath();
                routeFileHashes.put(abs, Sha256.of(f));
                Set<String> ids = new LinkedHashSet<>();
                for (Route r : camel.getRoutes()) {
                    String loc = r.getSourceLocation();
                    if (loc != null && loc.contains(f.getFileName().toString())) ids.add(r.getRouteId());
                }
                routesByFile.put(abs, ids);
            }
        } catch (IOException e) {
            log.warn("Cannot list {}: {}", props.getRoutesDir(), e.getMessage());
        }
    }

    private Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        camel.getRoutes().forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (Path dir : List.of(props.getConfigDir().resolve("datasets"), props.getConfigDir().resolve("sources"), props.getRoutesDir())) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    sb.append(p).append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
                }
            } catch (IOException e) {
                sb.append(dir).append(":unreadable\n");
            }
        }
        return sb.toString();
    }
}
