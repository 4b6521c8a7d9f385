package id.go.jatengprov.regencyhub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BooleansTest {

    @Test
    void trueWords() {
        for (String s : new String[] {"ya", "Ya", "YA", "iya", "y", "Y", "yes", "true", "TRUE", "benar", "Benar",
                "1", " ya\u00A0"}) {
            ParsedBoolean p = Booleans.parse(s);
            assertThat(p.isOk()).as(s).isTrue();
            assertThat(p.value()).as(s).isTrue();
        }
    }

    @Test
    void falseWords() {
        for (String s : new String[] {"tidak", "TIDAK", "Tidak", "tdk", "n", "N", "no", "false", "False", "salah",
                "SALAH", "0"}) {
            ParsedBoolean p = Booleans.parse(s);
            assertThat(p.isOk()).as(s).isTrue();
            assertThat(p.value()).as(s).isFalse();
        }
    }

    @Test
    void missingMarkers() {
        for (String s : new String[] {null, "", " ", "-", "n/a"}) {
            ParsedBoolean p = Booleans.parse(s);
            assertThat(p.isMissing()).as("'%s'", s).isTrue();
            assertThat(p.isOk()).isFalse();
            assertThat(p.valueOrNull()).isNull();
        }
    }

    @Test
    void otherValuesAreErrors() {
        for (String s : new String[] {"t", "f", "2", "mungkin", "ya tidak", "1.0", "yaa"}) {
            ParsedBoolean p = Booleans.parse(s);
            assertThat(p.isOk()).as(s).isFalse();
            assertThat(p.isMissing()).isFalse();
            assertThat(p.error()).startsWith("not a yes/no value: '" + s + "'");
        }
        assertThatThrownBy(() -> Booleans.parse("mungkin").value()).isInstanceOf(IllegalStateException.class);
    }
}
