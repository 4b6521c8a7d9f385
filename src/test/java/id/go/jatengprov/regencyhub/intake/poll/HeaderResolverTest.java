package id.go.jatengprov.regencyhub.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Secret headers: placeholders filled from the secrets, and only the name in a message when one is missing. */
class HeaderResolverTest {

    final HeaderResolver resolver = new HeaderResolver(Map.of("SEMARANG_TOKEN", "s3cr3t", "KEY", "k")::get);

    @Test
    void placeholdersAreFilledAndPlainValuesKept() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("Authorization", "Bearer ${SEMARANG_TOKEN}");
        in.put("X-Api-Key", "${KEY}-${KEY}");
        in.put("Accept", "application/json");
        assertThat(resolver.resolve(in)).containsExactly(Map.entry("Authorization", "Bearer s3cr3t"),
                Map.entry("X-Api-Key", "k-k"), Map.entry("Accept", "application/json"));
        assertThat(resolver.resolve(null)).isEmpty();
    }

    @Test
    void aMissingSecretFailsThePollNamingOnlyTheVariable() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("Authorization", "Bearer ${MISSING_TOKEN}")))
                .isInstanceOf(PollException.class)
                .hasMessage("header 'Authorization' needs ${MISSING_TOKEN}, which is not set in the environment");
    }
}
