package id.go.jatengprov.regencyhub.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.embedded.EmbeddedDatabase;
import id.go.jatengprov.regencyhub.security.SecurityProperties;

/**
 * One line when the hub is ready to work, for the operator who started it and for scripts that wait for it
 * ({@code grep -q ' ready: API '}): where the API answers, which database it uses (never a password), which
 * broker, and which roles can log in.
 *
 * <pre>regency-hub 0.4.0 ready: API http://127.0.0.1:8080/api/v1 (loopback only), database
 * jdbc:postgresql://localhost:5433/regency_hub (embedded), broker embedded; logins: operator yes, 2 regencies, analyst no</pre>
 */
@Component
public class ReadyLine {

    private static final Logger log = LoggerFactory.getLogger(ReadyLine.class);

    private final Environment env;
    private final HubProperties props;
    private final SecurityProperties security;
    private final DataSource dataSource;
    private final ObjectProvider<EmbeddedDatabase> embedded;
    private final ObjectProvider<BuildProperties> build;

    public ReadyLine(Environment env, HubProperties props, SecurityProperties security, DataSource dataSource,
                     ObjectProvider<EmbeddedDatabase> embedded, ObjectProvider<BuildProperties> build) {
        this.build = build;
        this.env = env;
        this.props = props;
        this.security = security;
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    @EventListener
    public void ready(ApplicationReadyEvent e) {
        if (!(e.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            return;
        }
        BuildProperties b = build.getIfAvailable();
        log.info(line(b != null ? b.getVersion() : getClass().getPackage().getImplementationVersion(), scheme(), env.getProperty("server.address"),
                web.getWebServer().getPort(), jdbcUrl(), embedded.getIfAvailable() != null, broker(),
                security.getOperator().isSet(),
                (int) security.getRegencies().values().stream().filter(SecurityProperties.Credential::isSet).count(),
                security.getAnalyst().isSet()));
    }

    static String line(String version, String scheme, String address, int port, String jdbcUrl, boolean embeddedDb,
                       String broker, boolean operator, int regencies, boolean analyst) {
        String host;
        String binding;
        if (address == null || address.isBlank()) {
            host = "localhost";
            binding = "every interface";
        } else {
            host = address.contains(":") ? "[" + address + "]" : address;
            binding = loopback(address) ? "loopback only" : "on " + address + " only";
        }
        return "regency-hub" + (version == null ? "" : " " + version) + " ready: API " + scheme + "://" + host + ":" + port
                + "/api/v1 (" + binding + ", port " + port + "), database " + withoutSecrets(jdbcUrl)
                + (embeddedDb ? " (embedded)" : "") + ", broker " + broker + "; logins: operator "
                + (operator ? "yes" : "no") + ", " + regencies + " regenc" + (regencies == 1 ? "y" : "ies")
                + ", analyst " + (analyst ? "yes" : "no");
    }

    /** A JDBC URL without a password in it: {@code password=} parameters and {@code user:password@} are masked. */
    static String withoutSecrets(String url) {
        if (url == null) return "?";
        return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }

    private String scheme() {
        boolean tls = env.getProperty("server.ssl.enabled", Boolean.class, true)
                && (env.containsProperty("server.ssl.key-store") || env.containsProperty("server.ssl.bundle")
                || env.containsProperty("server.ssl.certificate"));
        return tls ? "https" : "http";
    }

    private String jdbcUrl() {
        return dataSource instanceof HikariDataSource h ? h.getJdbcUrl() : env.getProperty("spring.datasource.url");
    }

    private String broker() {
        return props.getBroker().isEmbedded() ? "embedded" : withoutSecrets(props.getBroker().getUrl());
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address.trim()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
