package id.go.jatengprov.regencyhub.normalise;

import static id.go.jatengprov.regencyhub.normalise.Notation.COMMA_DECIMAL;
import static id.go.jatengprov.regencyhub.normalise.Notation.DOT_DECIMAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotationDetectTest {

    private static Notation detect(Notation fallback, String... samples) {
        return Numbers.detect(Arrays.asList(samples), fallback);
    }

    @Test
    void decimalCommaEvidence() {
        assertThat(detect(DOT_DECIMAL, "74,57")).isEqualTo(COMMA_DECIMAL);
        assertThat(detect(DOT_DECIMAL, "7,4")).isEqualTo(COMMA_DECIMAL);
        assertThat(detect(DOT_DECIMAL, "3,1416")).as("four digits after the comma").isEqualTo(COMMA_DECIMAL);
        assertThat(detect(DOT_DECIMAL, "1.234,5")).isEqualTo(COMMA_DECIMAL);
        assertThat(detect(DOT_DECIMAL, "1.234.567")).isEqualTo(COMMA_DECIMAL);
        assertThat(detect(DOT_DECIMAL, "0,125")).as("a leading zero is never a thousands group").isEqualTo(COMMA_DECIMAL);
        assertThat(detect(DOT_DECIMAL, "12,5%")).isEqualTo(COMMA_DECIMAL);
        assertThat(detect(DOT_DECIMAL, "-0,75")).isEqualTo(COMMA_DECIMAL);
    }

    @Test
    void decimalPointEvidence() {
        assertThat(detect(COMMA_DECIMAL, "12.69")).isEqualTo(DOT_DECIMAL);
        assertThat(detect(COMMA_DECIMAL, "1,234.5")).isEqualTo(DOT_DECIMAL);
        assertThat(detect(COMMA_DECIMAL, "1,234,567")).isEqualTo(DOT_DECIMAL);
        assertThat(detect(COMMA_DECIMAL, "0.125")).isEqualTo(DOT_DECIMAL);
    }

    @Test
    void ambiguousValuesGiveNoEvidence() {
        assertThat(detect(COMMA_DECIMAL, "1.234", "1,234", "12", "11868", "-", "...", "", null))
                .isEqualTo(COMMA_DECIMAL);
        assertThat(detect(DOT_DECIMAL, "1.234", "1,234", "12", "abc"))
                .isEqualTo(DOT_DECIMAL);
    }

    @Test
    void emptySamplesGiveTheFallback() {
        assertThat(Numbers.detect(List.of(), DOT_DECIMAL)).isEqualTo(DOT_DECIMAL);
    }

    @Test
    void majorityWins() {
        assertThat(detect(DOT_DECIMAL, "74,57", "7,4", "12.69", "1.234")).isEqualTo(COMMA_DECIMAL);
        assertThat(detect(COMMA_DECIMAL, "12.69", "3.5", "7,4")).isEqualTo(DOT_DECIMAL);
    }

    @Test
    void tieGivesTheFallback() {
        assertThat(detect(DOT_DECIMAL, "74,57", "12.69")).isEqualTo(DOT_DECIMAL);
        assertThat(detect(COMMA_DECIMAL, "74,57", "12.69")).isEqualTo(COMMA_DECIMAL);
    }

    @Test
    void ipmSampleColumnIsDecimalComma() {
        // values of the "indeks" column of the data.jatengprov.go.id IPM 2024 sample
        assertThat(detect(DOT_DECIMAL, "74,57", "12,69", "7,4", "11868", "72,38", "13", "10,01", "6,9"))
                .isEqualTo(COMMA_DECIMAL);
    }
}
