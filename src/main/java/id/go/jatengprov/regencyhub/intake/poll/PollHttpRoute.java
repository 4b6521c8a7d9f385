package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.core5.util.Timeout;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Every request a poll makes goes through this route, {@code poll-http}, on Camel's {@code http} component
 * (Apache HttpClient 5): one GET to the address in {@link Exchange#HTTP_URI}, with the headers the fetcher put on
 * the message, no redirect followed (the fetcher checks each one against the source's host policy first), no
 * exception for an error status (the fetcher decides what a status means). A 2xx body streams straight into the
 * file named by the exchange property {@link #TARGET}, up to {@link #MAX_BYTES}; nothing else is kept.
 *
 * <p>The body is copied inside the route because camel-http releases the connection, and with it the stream,
 * when the exchange completes.
 */
@Component
public class PollHttpRoute extends RouteBuilder {

    public static final String URI = "direct:hub-poll-http";
    /** Exchange properties (never sent as HTTP headers): where the body goes, and its bound. */
    static final String TARGET = "hubPollTarget";
    static final String MAX_BYTES = "hubPollMaxBytes";
    static final String LIMIT_NAME = "hubPollLimitName";
    static final String BYTES = "hubPollBytes";
    /** The registry name of the route's connection manager. */
    static final String CONNECTIONS = "hubPollConnections";

    private final PollProperties props;

    public PollHttpRoute(PollProperties props) {
        this.props = props;
    }

    @Override
    public void configure() {
        long read = props.getReadTimeout().toMillis();
        // The client's connections: its name lookups checked against the hub's networks when it connects, and the
        // connect and read timeouts (HttpClient 5 keeps them on the connection manager).
        HttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckedDnsResolver(HostPolicy.Networks.of(props)))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(props.getConnectTimeout()))
                        .setSocketTimeout(Timeout.of(props.getReadTimeout())).build())
                .build();
        getContext().getRegistry().bind(CONNECTIONS, connections);
        from(URI).routeId("poll-http")
                .to("http://poll-target?httpMethod=GET&throwExceptionOnFailure=false&followRedirects=false"
                        + "&disableStreamCache=true&clientConnectionManager=#" + CONNECTIONS
                        + "&responseTimeout=" + read).id("poll-http-get")
                .process(PollHttpRoute::bodyToFile).id("poll-http-body");
    }

    /** A 2xx body into the target file, bounded; any other body is discarded. */
    static void bodyToFile(Exchange exchange) throws IOException {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        InputStream body = exchange.getMessage().getBody(InputStream.class);
        if (body == null) {
            exchange.setProperty(BYTES, 0L);
            return;
        }
        try (InputStream in = body) {
            if (status < 200 || status >= 300) {
                return;
            }
            Path target = exchange.getProperty(TARGET, Path.class);
            long max = exchange.getProperty(MAX_BYTES, Long.class);
            long total = 0;
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > max) {
                        throw new PollException("the response is larger than " + exchange.getProperty(LIMIT_NAME, String.class)
                                + "; nothing kept");
                    }
                    out.write(buf, 0, n);
                }
            }
            exchange.setProperty(BYTES, total);
        }
    }
}
