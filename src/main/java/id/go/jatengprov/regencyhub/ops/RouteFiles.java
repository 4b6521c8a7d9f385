package id.go.jatengprov.regencyhub.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import id.go.jatengprov.regencyhub.config.ConfigProblem;

/** Parses custom route files (Camel YAML DSL) without starting them, and reports what does not parse. */
public final class RouteFiles {

    private static final Pattern LINE = Pattern.compile("line (\\d+)|:(\\d+):\\d+|line=(\\d+)");

    private RouteFiles() {}

    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    public static List<ConfigProblem> check(Path dir) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<Path> files;
        try {
            files = list(dir);
        } catch (IOException e) {
            problems.add(new ConfigProblem(dir.toString(), 0, "cannot list route files: " + e.getMessage()));
            return problems;
        }
        for (Path f : files) {
            String display = (dir.getFileName() == null ? "" : dir.getFileName() + "/") + f.getFileName();
            try (DefaultCamelContext ctx = new DefaultCamelContext()) {
                Resource r = ResourceHelper.resolveResource(ctx, "file:" + f.toAbsolutePath());
                for (RoutesBuilder b : PluginHelper.getRoutesLoader(ctx).findRoutesBuilders(r)) {
                    ctx.addRoutes(b);
                }
            } catch (Exception e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) root = root.getCause();
                String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
                problems.add(new ConfigProblem(display, lineOf(e), "route file does not load: " + firstLine(msg)));
            }
        }
        return problems;
    }

    private static int lineOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() == null) continue;
            Matcher m = LINE.matcher(t.getMessage());
            if (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) return Integer.parseInt(m.group(g));
                }
            }
            if (t.getCause() == t) break;
        }
        return 0;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
