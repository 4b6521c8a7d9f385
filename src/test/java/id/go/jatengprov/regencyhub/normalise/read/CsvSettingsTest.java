package id.go.jatengprov.regencyhub.normalise.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvSettingsTest {

    @Test
    void valuesAreNormalised() {
        assertThat(CsvSettings.auto()).isEqualTo(new CsvSettings(null, " AUTO "));
        assertThat(new CsvSettings("tab", "utf8")).isEqualTo(new CsvSettings("\t", "UTF-8"));
        assertThat(new CsvSettings("\\t", "cp1252")).isEqualTo(new CsvSettings("\t", "windows-1252"));
        assertThat(new CsvSettings(";", "utf-16").encoding()).isEqualTo("UTF-16");
        assertThat(new CsvSettings("|", "auto").delimiterChar()).isEqualTo('|');
    }

    @Test
    void unsupportedValuesAreRejected() {
        assertThatThrownBy(() -> new CsvSettings(":", "auto"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CSV delimiter ':' is not supported: use auto or one of , ; | tab");
        assertThatThrownBy(() -> new CsvSettings(",", "latin2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CSV encoding 'latin2' is not supported: use auto, UTF-8, windows-1252 or UTF-16");
    }

    @Test
    void recordReadersRejectsAnUnknownFormat() {
        assertThatThrownBy(() -> RecordReaders.open(Path.of("x.xml"), "xml", null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown file format 'xml': use csv, xlsx or json");
    }
}
