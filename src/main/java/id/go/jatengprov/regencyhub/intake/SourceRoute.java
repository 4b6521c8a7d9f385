package id.go.jatengprov.regencyhub.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.embedded.DataFolders;

/**
 * The route a source runs as: which template, which route id, which parameters. Start-up and live reload
 * both make a source's route from here, so the two can never disagree.
 */
public record SourceRoute(String template, String routeId, Map<String, String> parameters) {

    /** The route template of drop sources (defined by {@code intake.drop.DropRoutes}). */
    public static final String DROP_TEMPLATE = "drop-source";
    /** The route template of polled sources (defined by {@code intake.poll.PollRoutes}). */
    public static final String POLL_TEMPLATE = "poll-source";
    /**
     * The route template of database sources (defined by {@code intake.jdbc.JdbcRoutes}). Their routes are named
     * {@code poll-<id>} too and fire from the same Quartz scheduler, so "run now" works the same for them.
     */
    public static final String JDBC_TEMPLATE = "jdbc-source";

    public static String dropRouteId(String sourceId) {
        return "drop-" + sourceId;
    }

    public static String pollRouteId(String sourceId) {
        return "poll-" + sourceId;
    }

    public static SourceRoute of(SourceDef s, HubProperties props) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sourceId", s.id());
        if (s.kind() == SourceDef.Kind.DROP) {
            p.put("directory", props.dropDir().resolve(s.id()).toAbsolutePath().toString());
            p.put("include", s.dropInclude());
            return new SourceRoute(DROP_TEMPLATE, dropRouteId(s.id()), p);
        }
        p.put("cron", s.schedule().trim().replaceAll("\\s+", "+"));
        if (s.kind() == SourceDef.Kind.JDBC) {
            p.put("fetchSize", String.valueOf(s.jdbc().fetchSize()));
            return new SourceRoute(JDBC_TEMPLATE, pollRouteId(s.id()), p);
        }
        return new SourceRoute(POLL_TEMPLATE, pollRouteId(s.id()), p);
    }

    /**
     * A drop source's folder, made by the hub (mode 2770, {@link DataFolders#dropDirectory}) before its route starts,
     * so that Camel does not make it with the process's umask. An existing one is left as it is: if it is a link, the
     * route's filter refuses to read it and the health says why.
     */
    public void prepareFolder() {
        String dir = parameters.get("directory");
        if (dir == null) return;
        try {
            Path p = Path.of(dir);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) DataFolders.dropDirectory(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the drop folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds the route to a running Camel context (live reload), its drop folder first. */
    public void addTo(CamelContext camel) {
        prepareFolder();
        TemplatedRouteBuilder b = TemplatedRouteBuilder.builder(camel, template).routeId(routeId);
        parameters.forEach(b::parameter);
        b.add();
    }
}
