package id.go.jatengprov.regencyhub.intake.drop;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.SourceRoute;

/**
 * One route per drop source, {@code drop-<source id>}, all made from the template {@code drop-source}.
 * Safe pickup: hidden files ({@code .name}) and {@code *.tmp}/{@code *.part} are ignored, anything but a plain
 * file is refused before it is looked at ({@link DropFilter}), and a file is read only once its size and time
 * have stopped changing. Camel moves nothing ({@code noop}): {@link DropProcessor} moves the file itself, without
 * following links and without overwriting an earlier file of the same name (Camel's consumer {@code move}
 * deletes an existing target first).
 */
@Component
public class DropRoutes extends RouteBuilder {

    public static final String TEMPLATE = SourceRoute.DROP_TEMPLATE;

    private final ActiveConfig config;
    private final HubProperties props;

    public DropRoutes(ActiveConfig config, HubProperties props) {
        this.config = config;
        this.props = props;
    }

    @Override
    public void configure() {
        long stable = props.getDrop().getStableFor().toMillis();
        routeTemplate(TEMPLATE)
                .templateParameter("sourceId")
                .templateParameter("directory")
                .templateParameter("include")
                // include is checked by ConfigLoader.DROP_INCLUDE (file name patterns only, no '&'): it cannot add options.
                .from("file:{{directory}}?antInclude={{include}}&antExclude=*.tmp,*.part&filter=#dropFilter"
                        // Case-insensitive: exports from Windows tools are often named LAPORAN.CSV or DATA.XLSX.
                        + "&antFilterCaseSensitive=false"
                        // noop: the processor moves the file; idempotent=false: a file of the same name dropped later
                        // is a new file, and one left after a failure (database down) is read again at the next scan.
                        + "&noop=true&idempotent=false"
                        // With readLockMinAge set, Camel takes a file once its last change is that old; the check
                        // interval only says how often it looks. It was the whole stable-for, so a file dropped just
                        // now waited up to twice that; at 200 ms it is taken within 200 ms of being stable.
                        + "&readLock=changed&readLockCheckInterval=" + Math.min(200, Math.max(100, stable))
                        // readLockMinLength=0: Camel's default (1) never takes an empty file, so a sender of one got
                        // no answer at all; now it fails with "the file is empty" (found by BadInputCorpusTest).
                        + "&readLockMinLength=0"
                        + "&readLockMinAge=" + stable + "&readLockTimeout=" + Math.max(10_000, 4 * stable)
                        + "&delay=" + props.getDrop().getPoll().toMillis() + "&sortBy=file:modified")
                // A file that changed while it was read: roll back (the file stays for the next scan) without
                // the error handler's stack trace; DropProcessor logs what happened.
                .onException(DropProcessor.ChangedWhileReadException.class).handled(false).logExhausted(false)
                        .logStackTrace(false).end()
                .setHeader(HubHeaders.SOURCE).constant("{{sourceId}}")
                .process("dropProcessor").id("intake-{{sourceId}}");

        for (SourceDef s : config.config().sources().values()) {
            if (s.kind() == SourceDef.Kind.DROP) {
                SourceRoute r = SourceRoute.of(s, props);
                r.prepareFolder();
                TemplatedRouteDefinition d = templatedRoute(r.template()).routeId(r.routeId());
                r.parameters().forEach(d::parameter);
            }
        }
    }
}
