package id.go.jatengprov.regencyhub.intake.drop;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.util.AntPathMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * What the drop folders hold that the hub does not take, for operators: a folder under {@code drop/} that names no
 * drop source, a file that the source's {@code include} does not match, a sub-folder, and a source folder (or its
 * {@code .done/}, {@code .failed/}) the hub refuses to use because it is a link. Each is logged once, when first
 * seen (again only if it goes and comes back), and listed in the health's {@code dropFolders} details while it
 * lasts. Links in a source folder are refused here too (removed unread): links to folders never
 * reach the drop route's filter, which Camel skips as folders.
 */
@Component("dropFolders")
public class DropFolderWatch implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DropFolderWatch.class);

    private final ActiveConfig config;
    private final HubProperties props;
    private final DropOutcomes outcomes;
    /** Findings already logged, by key; a key that is no longer found is forgotten. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Map<String, String> folderProblems = new ConcurrentHashMap<>();
    private volatile Map<String, Object> findings = Map.of();

    public DropFolderWatch(ActiveConfig config, HubProperties props, DropOutcomes outcomes) {
        this.config = config;
        this.props = props;
        this.outcomes = outcomes;
    }

    /**
     * May the drop route of this source read its folder now? No when the folder, its {@code .done/} or its
     * {@code .failed/} is a link or not a folder; the problem is then logged once and shown in the health.
     */
    boolean usable(String sourceId, Path dir) {
        String problem = DropFolder.problem(dir);
        if (problem == null) {
            folderProblems.remove(sourceId);
            return true;
        }
        folderProblems.put(sourceId, problem);
        once("folder:" + sourceId + ":" + problem, "Drop folder of source " + sourceId + " is not used: " + problem);
        return false;
    }

    /** Looks at every drop folder; runs as often as the drop routes scan. */
    @Scheduled(initialDelayString = "${hub.drop.poll:1s}", fixedDelayString = "${hub.drop.poll:1s}")
    public void scan() {
        Path root = props.dropDir();
        Set<String> seen = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        Map<String, List<String>> notTaken = new TreeMap<>();
        Map<String, SourceDef> drops = new TreeMap<>();
        config.config().sources().values().stream().filter(s -> s.kind() == SourceDef.Kind.DROP).forEach(s -> drops.put(s.id(), s));
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path p : folders) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) continue;
                SourceDef source = drops.get(name);
                if (source == null) {
                    unknown.add(name);
                    String key = "unknown:" + name;
                    seen.add(key);
                    once(key, root.relativize(p) + " under the drop folder names no drop source, so nothing in it is read"
                            + (drops.isEmpty() ? "" : " (drop sources: " + String.join(", ", drops.keySet()) + ")"));
                    continue;
                }
                if (!usable(name, p)) {
                    seen.add("folder:" + name + ":" + folderProblems.get(name));
                    continue;
                }
                List<String> left = look(source, p, seen);
                if (!left.isEmpty()) notTaken.put(name, left);
            }
        } catch (NoSuchFileException e) {
            // no drop folder yet
        } catch (IOException e) {
            log.debug("Cannot list {}: {}", root, e.getMessage());
        }
        folderProblems.keySet().retainAll(drops.keySet());
        logged.removeIf(k -> !seen.contains(k));
        Map<String, Object> f = new TreeMap<>();
        if (!unknown.isEmpty()) f.put("unknownFolders", List.copyOf(unknown));
        if (!notTaken.isEmpty()) f.put("notTaken", notTaken);
        if (!folderProblems.isEmpty()) f.put("folderProblems", new TreeMap<>(folderProblems));
        findings = f;
    }

    /** The entries of one source folder the hub will not take, each "name: why"; refuses links on the way. */
    private List<String> look(SourceDef source, Path dir, Set<String> seen) {
        List<String> left = new ArrayList<>();
        String[] patterns = source.dropInclude().split(",");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".tmp") || name.endsWith(".part") || name.endsWith(".camelLock")) continue;
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException gone) {
                    continue;
                }
                String why;
                if (a.isSymbolicLink() || a.isOther()) {
                    outcomes.refuse(source.id(), name, DropFolder.refusal(new DropFolder.Entry(a, 1)));
                    continue;
                } else if (a.isDirectory()) {
                    why = "it is a folder (the hub reads files in the source's folder only, not in folders below it)";
                } else if (!matches(patterns, name)) {
                    why = "no include pattern of the source matches it (" + source.dropInclude() + ")";
                } else {
                    continue; // the drop route takes it
                }
                String key = "entry:" + source.id() + "/" + name;
                seen.add(key);
                left.add(name + ": " + why);
                once(key, "Drop file " + dir.getFileName() + "/" + name + " is not read: " + why);
            }
        } catch (IOException e) {
            log.debug("Cannot list {}: {}", dir, e.getMessage());
        }
        return left;
    }

    /** Camel's own Ant matching, as the route's antInclude applies it (case-insensitive). */
    static boolean matches(String[] patterns, String name) {
        for (String p : patterns) {
            if (AntPathMatcher.INSTANCE.match(p.trim(), name, false)) return true;
        }
        return false;
    }

    private void once(String key, String message) {
        if (logged.add(key)) log.warn("{}", message);
    }

    @Override
    public Health health() {
        return Health.up().withDetails(findings).build();
    }
}
