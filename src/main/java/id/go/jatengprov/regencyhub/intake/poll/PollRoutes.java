package id.go.jatengprov.regencyhub.intake.poll;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.SourceRoute;

/**
 * One route per http or ckan source, {@code poll-<source id>}, all made from the template
 * {@code poll-source}: a Quartz cron trigger (stateful, so one source never polls twice at once) that
 * runs {@link PollService#poll}.
 */
@Component
public class PollRoutes extends RouteBuilder {

    public static final String TEMPLATE = SourceRoute.POLL_TEMPLATE;

    private final ActiveConfig config;
    private final HubProperties props;

    public PollRoutes(ActiveConfig config, HubProperties props) {
        this.config = config;
        this.props = props;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("sourceId")
                .templateParameter("cron")
                .from("quartz:hub-poll/{{sourceId}}?cron={{cron}}&stateful=true")
                .setHeader(HubHeaders.SOURCE).constant("{{sourceId}}")
                .process("pollProcessor").id("poll-{{sourceId}}-fetch");

        for (SourceDef s : config.config().sources().values()) {
            if (s.kind() == SourceDef.Kind.HTTP || s.kind() == SourceDef.Kind.CKAN) {
                SourceRoute r = SourceRoute.of(s, props);
                TemplatedRouteDefinition d = templatedRoute(r.template()).routeId(r.routeId());
                r.parameters().forEach(d::parameter);
            }
        }
    }
}
