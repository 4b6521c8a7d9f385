package id.go.jatengprov.regencyhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docs/configuration-reference.md documents exactly the keys the loader accepts, section by section. */
class ConfigReferenceTest {

    static Map<String, Set<String>> documented() throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String section = null;
        Pattern row = Pattern.compile("^\\| `([a-z-]+)` \\|");
        for (String line : Files.readAllLines(Path.of("docs/configuration-reference.md"))) {
            if (line.startsWith("## ") || line.startsWith("### ")) {
                section = line.replaceFirst("^#+ ", "");
                out.put(section, new LinkedHashSet<>());
            }
            Matcher m = row.matcher(line);
            if (m.find() && section != null) out.get(section).add(m.group(1));
        }
        return out;
    }

    @Test
    void everyKeyIsDocumentedAndEveryDocumentedKeyExists() throws IOException {
        Map<String, Set<String>> doc = documented();
        Map<String, List<String>> code = Map.ofEntries(
                Map.entry("Dataset: `config/datasets/<id>.yaml`", ConfigLoader.DATASET_KEYS),
                Map.entry("Dataset field: an entry of `fields`", ConfigLoader.FIELD_KEYS),
                Map.entry("Source: `config/sources/<id>.yaml`", ConfigLoader.SOURCE_KEYS),
                Map.entry("`drop`", ConfigLoader.DROP_KEYS),
                Map.entry("`http`", ConfigLoader.HTTP_KEYS),
                Map.entry("`http.paging`", ConfigLoader.PAGING_KEYS),
                Map.entry("`ckan`", ConfigLoader.CKAN_KEYS),
                Map.entry("`csv`", ConfigLoader.CSV_KEYS),
                Map.entry("`mapping.<field>`", ConfigLoader.MAPPING_KEYS),
                Map.entry("`unpivot`", ConfigLoader.UNPIVOT_KEYS),
                Map.entry("`publish`", ConfigLoader.PUBLISH_KEYS),
                Map.entry("`publish.ckan`", ConfigLoader.PUBLISH_CKAN_KEYS));
        code.forEach((section, keys) -> assertThat(doc.get(section)).as(section).containsExactlyInAnyOrderElementsOf(keys));
        assertThat(doc.get("`excel`")).as("`excel`").containsExactlyInAnyOrderElementsOf(ConfigLoader.EXCEL_KEYS);
        assertThat(doc.get("`expect`")).as("`expect`").containsExactlyInAnyOrderElementsOf(ConfigLoader.EXPECT_KEYS);
        assertThat(doc.get("`jdbc`")).as("`jdbc`").containsExactlyInAnyOrderElementsOf(ConfigLoader.JDBC_KEYS);
        assertThat(doc.get("`jdbc.watermark`")).as("`jdbc.watermark`").containsExactlyInAnyOrderElementsOf(ConfigLoader.WATERMARK_KEYS);
    }
}
