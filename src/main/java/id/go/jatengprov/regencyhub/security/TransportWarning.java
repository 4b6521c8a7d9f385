package id.go.jatengprov.regencyhub.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * One warning at start when passwords would travel in clear: Basic auth is on (a credential is
 * configured), TLS is off, and the port listens beyond loopback.
 */
@Component
public class TransportWarning {

    private static final Logger log = LoggerFactory.getLogger(TransportWarning.class);

    private final Environment env;
    private final SecurityProperties security;

    public TransportWarning(Environment env, SecurityProperties security) {
        this.env = env;
        this.security = security;
    }

    @EventListener
    public void started(WebServerInitializedEvent e) {
        warning(security.anyCredential(), env.getProperty("server.address"), tls(env), e.getWebServer().getPort())
                .ifPresent(log::warn);
    }

    /** Is TLS configured on the hub's port (Spring Boot's server.ssl.*)? */
    static boolean tls(Environment env) {
        if (!env.getProperty("server.ssl.enabled", Boolean.class, true)) return false;
        return env.containsProperty("server.ssl.key-store") || env.containsProperty("server.ssl.bundle")
                || env.containsProperty("server.ssl.certificate");
    }

    static Optional<String> warning(boolean credentials, String address, boolean tls, int port) {
        if (!credentials || tls || loopback(address)) return Optional.empty();
        return Optional.of("Passwords travel in clear: HTTP Basic is on, TLS is off and port " + port + " listens on "
                + (address == null || address.isBlank() ? "every interface" : address) + ". Turn on TLS"
                + " (server.ssl.key-store=<PKCS#12 file>, server.ssl.key-store-password=…), or bind to loopback"
                + " (server.address=127.0.0.1) behind a reverse proxy that terminates TLS; see docs/security.md");
    }

    private static boolean loopback(String address) {
        if (address == null || address.isBlank()) return false;
        try {
            return InetAddress.getByName(address.trim()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
