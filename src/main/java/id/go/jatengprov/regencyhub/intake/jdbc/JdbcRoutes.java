package id.go.jatengprov.regencyhub.intake.jdbc;

import javax.sql.DataSource;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.SourceRoute;

/**
 * One route per database source, {@code poll-<source id>}, all made from the template {@code jdbc-source}: the
 * source's Quartz cron trigger (the polls' scheduler; stateful, so one source never runs twice at once, and "run now"
 * fires the same job), then Camel's jdbc endpoint on the source's own data source, streaming the result
 * ({@code outputType=StreamList}, fetched {@code fetch-size} rows at a time, never held whole) in the connection's
 * read-only transaction ({@code resetAutoCommit=false}: the endpoint must not commit, which would close PostgreSQL's
 * cursor before the rows are read). {@link JdbcSourceRun} does the rest.
 */
@Component
public class JdbcRoutes extends RouteBuilder {

    public static final String TEMPLATE = SourceRoute.JDBC_TEMPLATE;

    private final ActiveConfig config;
    private final HubProperties props;
    private final SourceDatabases databases;
    private final JdbcProperties jdbc;

    public JdbcRoutes(ActiveConfig config, HubProperties props, SourceDatabases databases, JdbcProperties jdbc) {
        this.config = config;
        this.props = props;
        this.databases = databases;
        this.jdbc = jdbc;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("sourceId")
                .templateParameter("cron")
                .templateParameter("fetchSize")
                .templateBean("sourceDatabase", DataSource.class, rtc -> databases.of(rtc.getProperty("sourceId", String.class)))
                .from("quartz:hub-poll/{{sourceId}}?cron={{cron}}&stateful=true")
                .setHeader(HubHeaders.SOURCE).constant("{{sourceId}}")
                .doTry()
                    .bean("jdbcSourceRun", "prepare").id("poll-{{sourceId}}-prepare")
                    .to("jdbc:{{sourceDatabase}}?outputType=StreamList&useHeadersAsParameters=true&resetAutoCommit=false"
                            + "&statement.fetchSize={{fetchSize}}&statement.queryTimeout="
                            + Math.max(1, jdbc.getQueryTimeout().toSeconds())).id("poll-{{sourceId}}-query")
                    .bean("jdbcSourceRun", "land").id("poll-{{sourceId}}-land")
                .doCatch(Exception.class)
                    .bean("jdbcSourceRun", "failed").id("poll-{{sourceId}}-failed")
                .end();

        for (SourceDef s : config.config().sources().values()) {
            if (s.kind() == SourceDef.Kind.JDBC) {
                SourceRoute r = SourceRoute.of(s, props);
                TemplatedRouteDefinition d = templatedRoute(r.template()).routeId(r.routeId());
                r.parameters().forEach(d::parameter);
            }
        }
    }
}
