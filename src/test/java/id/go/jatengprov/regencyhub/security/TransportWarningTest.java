package id.go.jatengprov.regencyhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The start-up warning about passwords in clear: when it is due, and what it tells the deployer to do. */
class TransportWarningTest {

    @Test
    void warnsOnlyWithCredentialsWithoutTlsBeyondLoopback() {
        assertThat(TransportWarning.warning(true, null, false, 8080)).hasValueSatisfying(w -> assertThat(w)
                .contains("every interface", "8080", "server.ssl.key-store", "server.address=127.0.0.1", "docs/security.md"));
        assertThat(TransportWarning.warning(true, "0.0.0.0", false, 8080)).isPresent();
        assertThat(TransportWarning.warning(true, "127.0.0.1", false, 8080)).isEmpty();
        assertThat(TransportWarning.warning(true, "localhost", false, 8080)).isEmpty();
        assertThat(TransportWarning.warning(true, "::1", false, 8080)).isEmpty();
        assertThat(TransportWarning.warning(true, null, true, 8443)).isEmpty();
        assertThat(TransportWarning.warning(false, null, false, 8080)).as("no credential: Basic auth is off").isEmpty();
    }

    @Test
    void tlsIsOnWhenAKeyStoreOrBundleIsConfiguredAndNotDisabled() {
        assertThat(TransportWarning.tls(env(Map.of()))).isFalse();
        assertThat(TransportWarning.tls(env(Map.of("server.ssl.key-store", "hub.p12")))).isTrue();
        assertThat(TransportWarning.tls(env(Map.of("server.ssl.bundle", "hub")))).isTrue();
        assertThat(TransportWarning.tls(env(Map.of("server.ssl.key-store", "hub.p12", "server.ssl.enabled", "false")))).isFalse();
    }

    private static StandardEnvironment env(Map<String, Object> props) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", props));
        return env;
    }
}
