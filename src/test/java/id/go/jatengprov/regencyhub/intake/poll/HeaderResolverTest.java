package id.go.jatengprov.regencyhub.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Secret headers: only ${env:HUB_POLL_SECRET_<NAME>} is filled, from the environment; any other placeholder is
 * refused, so that a hub setting never leaves the hub; only the name is in a message.
 */
class HeaderResolverTest {

    final HeaderResolver resolver = new HeaderResolver(Map.of("HUB_POLL_SECRET_SEMARANG_TOKEN", "s3cr3t",
            "HUB_POLL_SECRET_KEY", "k", "PATH", "/usr/bin", "hub.security.operator.password", "op-secret")::get);

    @Test
    void placeholdersAreFilledAndPlainValuesKept() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("Authorization", "Bearer ${env:HUB_POLL_SECRET_SEMARANG_TOKEN}");
        in.put("X-Api-Key", "${env:HUB_POLL_SECRET_KEY}-${env:HUB_POLL_SECRET_KEY}");
        in.put("Accept", "application/json");
        assertThat(resolver.resolve(in)).containsExactly(Map.entry("Authorization", "Bearer s3cr3t"),
                Map.entry("X-Api-Key", "k-k"), Map.entry("Accept", "application/json"));
        assertThat(resolver.resolve(null)).isEmpty();
    }

    @Test
    void aMissingSecretFailsThePollNamingOnlyTheVariable() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("Authorization", "Bearer ${env:HUB_POLL_SECRET_MISSING}")))
                .isInstanceOf(PollException.class)
                .hasMessage("header 'Authorization' needs the environment variable HUB_POLL_SECRET_MISSING, which is not"
                        + " set in the hub's environment");
    }

    @Test
    void anyOtherPlaceholderIsRefusedAndNothingIsLookedUp() {
        for (String v : new String[] {"${hub.security.operator.password}", "Bearer ${PATH}", "${env:PATH}",
                "${env:hub_poll_secret_x}", "x ${env:HUB_POLL_SECRET_KEY} ${KEY"}) {
            assertThatThrownBy(() -> resolver.resolve(Map.of("Authorization", v))).as(v)
                    .isInstanceOf(PollException.class).hasMessageContaining("placeholder other than")
                    .hasMessageNotContaining("op-secret").hasMessageNotContaining("/usr/bin");
        }
    }

    @Test
    void theRealEnvironmentIsRead() {
        // Surefire sets HUB_POLL_SECRET_IT_TOKEN for the test JVM (pom.xml), as a deployer sets it for the hub.
        assertThat(new HeaderResolver().resolve(Map.of("Authorization", "Bearer ${env:HUB_POLL_SECRET_IT_TOKEN}")))
                .containsEntry("Authorization", "Bearer " + System.getenv("HUB_POLL_SECRET_IT_TOKEN"));
        assertThat(System.getenv("HUB_POLL_SECRET_IT_TOKEN")).isNotBlank();
    }
}
