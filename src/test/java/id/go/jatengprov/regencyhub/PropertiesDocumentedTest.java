package id.go.jatengprov.regencyhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import id.go.jatengprov.regencyhub.intake.jdbc.JdbcProperties;
import id.go.jatengprov.regencyhub.catalog.CatalogProperties;
import id.go.jatengprov.regencyhub.config.MetadataProperties;
import id.go.jatengprov.regencyhub.intake.poll.PollProperties;
import id.go.jatengprov.regencyhub.intake.upload.UploadProperties;
import id.go.jatengprov.regencyhub.publish.PublishProperties;
import id.go.jatengprov.regencyhub.security.SecurityProperties;

/** Every hub.* setting in the code has a row in the property table of docs/properties.md. */
class PropertiesDocumentedTest {

    @Test
    void everyPropertyIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("docs/properties.md"));
        List<String> names = new ArrayList<>();
        collect("hub", HubProperties.class, names);
        collect("hub.upload", UploadProperties.class, names);
        collect("hub.poll", PollProperties.class, names);
        collect("hub.jdbc", JdbcProperties.class, names);
        collect("hub.security.login", SecurityProperties.Login.class, names);
        collect("hub.completeness", id.go.jatengprov.regencyhub.completeness.CompletenessProperties.class, names);
        collect("hub.metrics", id.go.jatengprov.regencyhub.console.MetricsProperties.class, names);
        collect("hub.alerts", id.go.jatengprov.regencyhub.console.AlertProperties.class, names);
        collect("hub.metadata", MetadataProperties.class, names);
        collect("hub.publish", PublishProperties.class, names);
        collect("hub.export", CatalogProperties.class, names);
        assertThat(names).hasSizeGreaterThan(20);
        for (String n : names) {
            assertThat(readme).as("docs/properties.md documents " + n).contains("`" + n + "`");
        }
        assertThat(readme).contains("`hub.security.regencies.<bps code>.password`", "`hub.security.operator.password`",
                "`hub.security.analyst.password`", "`hub.security.analyst.connection-limit`",
                "`hub.security.analyst.statement-timeout`", "`hub.security.analyst-api.password`", "`hub.reload.interval`",
                "`hub.cluster.enabled`", "`hub.alerts.webhooks[n].url`", "`hub.alerts.webhooks[n].secret`");
    }

    private static void collect(String prefix, Class<?> type, List<String> out) {
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            String name = prefix + "." + f.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            Class<?> t = f.getType();
            if (t.isPrimitive() || t == String.class || t == Path.class || t == Duration.class || t == DataSize.class
                    || Number.class.isAssignableFrom(t) || t == Boolean.class || Map.class.isAssignableFrom(t)) {
                out.add(name);
            } else {
                collect(name, t, out);
            }
        }
    }
}
