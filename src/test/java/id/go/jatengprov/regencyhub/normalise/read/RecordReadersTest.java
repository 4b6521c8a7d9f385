package id.go.jatengprov.regencyhub.normalise.read;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecordReadersTest {

    @Test
    void recordReadersRejectsAnUnknownFormat() {
        assertThatThrownBy(() -> RecordReaders.open(Path.of("x.xml"), "xml", null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown file format 'xml': use csv, xlsx or json");
    }
}
