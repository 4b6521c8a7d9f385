package id.go.jatengprov.regencyhub.normalise;

import static id.go.jatengprov.regencyhub.normalise.Notation.COMMA_DECIMAL;
import static id.go.jatengprov.regencyhub.normalise.Notation.DOT_DECIMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NumbersTest {

    private static BigDecimal dec(String raw, Notation n) {
        ParsedNumber p = Numbers.parseDecimal(raw, n);
        assertThat(p.isOk()).as("%s: %s", raw, p.error()).isTrue();
        return p.decimalValue();
    }

    private static long integer(String raw, Notation n) {
        ParsedNumber p = Numbers.parseInteger(raw, n);
        assertThat(p.isOk()).as("%s: %s", raw, p.error()).isTrue();
        return p.longValue();
    }

    private static String decError(String raw, Notation n) {
        ParsedNumber p = Numbers.parseDecimal(raw, n);
        assertThat(p.isOk()).as(raw).isFalse();
        return p.error();
    }

    private static String intError(String raw, Notation n) {
        ParsedNumber p = Numbers.parseInteger(raw, n);
        assertThat(p.isOk()).as(raw).isFalse();
        return p.error();
    }

    @Test
    void missingMarkers() {
        for (String s : new String[] {null, "", "  ", "\u00A0", "-", " - ", "--", "\u2013", "\u2014", "...", "\u2026",
                "n/a", "N/A", "na", "NA", "null", "NULL"}) {
            assertThat(Numbers.isMissing(s)).as("'%s'", s).isTrue();
            ParsedNumber p = Numbers.parseDecimal(s, COMMA_DECIMAL);
            assertThat(p.isMissing()).isTrue();
            assertThat(p.isOk()).isFalse();
            assertThat(p.error()).isEqualTo("missing value");
        }
        for (String s : new String[] {"0", "-1", "x", "nan", "....", "nil"}) {
            assertThat(Numbers.isMissing(s)).as("'%s'", s).isFalse();
        }
    }

    @Test
    void realSampleValuesWithDecimalCommas() {
        assertThat(dec("74,57", COMMA_DECIMAL)).isEqualByComparingTo("74.57");
        assertThat(dec("7,4", COMMA_DECIMAL)).isEqualByComparingTo("7.4");
        assertThat(dec("13", COMMA_DECIMAL)).isEqualByComparingTo("13");
        assertThat(dec("11868", COMMA_DECIMAL)).isEqualByComparingTo("11868");
        assertThat(dec("1.234.567", COMMA_DECIMAL)).isEqualByComparingTo("1234567");
        assertThat(dec("1.234,5", COMMA_DECIMAL)).isEqualByComparingTo("1234.5");
        assertThat(dec("1.234", COMMA_DECIMAL)).as("three-digit group").isEqualByComparingTo("1234");
    }

    @Test
    void realSampleValuesWithDecimalPoints() {
        assertThat(dec("1,234.56", DOT_DECIMAL)).isEqualByComparingTo("1234.56");
        assertThat(dec("1,234,567.5", DOT_DECIMAL)).isEqualByComparingTo("1234567.5");
        assertThat(dec("12.69", DOT_DECIMAL)).isEqualByComparingTo("12.69");
        assertThat(dec("1,234", DOT_DECIMAL)).isEqualByComparingTo("1234");
    }

    @Test
    void scaleIsKeptAsWritten() {
        assertThat(dec("12,50", COMMA_DECIMAL)).isEqualTo(new BigDecimal("12.50"));
        assertThat(dec("0,5", COMMA_DECIMAL)).isEqualTo(new BigDecimal("0.5"));
        assertThat(dec(",5", COMMA_DECIMAL)).isEqualTo(new BigDecimal("0.5"));
    }

    @Test
    void signsSpacesAndPercent() {
        assertThat(dec(" -3,25 ", COMMA_DECIMAL)).isEqualByComparingTo("-3.25");
        assertThat(dec("+7", COMMA_DECIMAL)).isEqualByComparingTo("7");
        assertThat(dec("\u22124.5", DOT_DECIMAL)).as("Unicode minus").isEqualByComparingTo("-4.5");
        assertThat(dec("1 234", COMMA_DECIMAL)).isEqualByComparingTo("1234");
        assertThat(dec("1\u00A0234\u00A0567,8", COMMA_DECIMAL)).isEqualByComparingTo("1234567.8");
        assertThat(dec("1 234.5", DOT_DECIMAL)).isEqualByComparingTo("1234.5");
        ParsedNumber pct = Numbers.parseDecimal("12,5%", COMMA_DECIMAL);
        assertThat(pct.decimalValue()).isEqualByComparingTo("12.5");
        assertThat(pct.isPercent()).isTrue();
        assertThat(dec("12,5 %", COMMA_DECIMAL)).isEqualByComparingTo("12.5");
        assertThat(Numbers.parseDecimal("12,5", COMMA_DECIMAL).isPercent()).isFalse();
    }

    @Test
    void separatorThatCouldBeDecimalIsAmbiguous() {
        assertThat(decError("1.5", COMMA_DECIMAL)).isEqualTo("ambiguous number '1.5': the column uses decimal commas");
        assertThat(decError("12.69", COMMA_DECIMAL)).isEqualTo("ambiguous number '12.69': the column uses decimal commas");
        assertThat(decError("1,5", DOT_DECIMAL)).isEqualTo("ambiguous number '1,5': the column uses decimal points");
    }

    @Test
    void wrongNotationAndBadGrouping() {
        assertThat(decError("1,234.56", COMMA_DECIMAL))
                .isEqualTo("number uses decimal points but the column uses decimal commas");
        assertThat(decError("1.234,5", DOT_DECIMAL))
                .isEqualTo("number uses decimal commas but the column uses decimal points");
        assertThat(decError("1,234,567", COMMA_DECIMAL)).isEqualTo("more than one decimal comma");
        assertThat(decError("1.23.456", COMMA_DECIMAL)).isEqualTo("misplaced thousands separator");
        assertThat(decError("1.234 567", COMMA_DECIMAL)).isEqualTo("misplaced thousands separator");
        assertThat(decError("1234.567", COMMA_DECIMAL)).isEqualTo("ambiguous number '1234.567': the column uses decimal commas");
        assertThat(decError("12 5", COMMA_DECIMAL)).isEqualTo("misplaced thousands separator");
    }

    @Test
    void nonNumbers() {
        for (String s : new String[] {"abc", "12a", "Rp 1.000", "+", "%", ",", "12,", "(12)", "1-2"}) {
            assertThat(decError(s, COMMA_DECIMAL)).as(s).isEqualTo("not a number");
        }
        assertThat(decError("1E3", DOT_DECIMAL)).startsWith("scientific notation is not accepted");
        assertThat(decError("1,5e-3", COMMA_DECIMAL)).startsWith("scientific notation is not accepted");
        assertThat(decError("1".repeat(41), COMMA_DECIMAL)).isEqualTo("number too long (41 characters)");
        assertThat(dec("1".repeat(40), COMMA_DECIMAL)).isEqualByComparingTo("1".repeat(40));
    }

    @Test
    void longDecimalsKeepAllDigits() {
        assertThat(dec("-123.456.789.012.345.678.901,123456", COMMA_DECIMAL))
                .isEqualTo(new BigDecimal("-123456789012345678901.123456"));
    }

    @Test
    void integers() {
        assertThat(integer("13", COMMA_DECIMAL)).isEqualTo(13L);
        assertThat(integer("11868", COMMA_DECIMAL)).isEqualTo(11868L);
        assertThat(integer("1.234.567", COMMA_DECIMAL)).isEqualTo(1_234_567L);
        assertThat(integer("1,234,567", DOT_DECIMAL)).isEqualTo(1_234_567L);
        assertThat(integer("12,0", COMMA_DECIMAL)).isEqualTo(12L);
        assertThat(integer("12.00", DOT_DECIMAL)).isEqualTo(12L);
        assertThat(integer("-0", COMMA_DECIMAL)).isEqualTo(0L);
        assertThat(integer("007", COMMA_DECIMAL)).isEqualTo(7L);
        assertThat(Numbers.parseInteger("42", COMMA_DECIMAL).decimalValue()).isEqualByComparingTo("42");
    }

    @Test
    void integerLimits() {
        assertThat(integer("9223372036854775807", DOT_DECIMAL)).isEqualTo(Long.MAX_VALUE);
        assertThat(integer("-9.223.372.036.854.775.808", COMMA_DECIMAL)).isEqualTo(Long.MIN_VALUE);
        assertThat(intError("9223372036854775808", DOT_DECIMAL)).isEqualTo("out of range for integer");
        assertThat(intError("-9223372036854775809", DOT_DECIMAL)).isEqualTo("out of range for integer");
        assertThat(intError("99999999999999999999999", DOT_DECIMAL)).isEqualTo("out of range for integer");
    }

    @Test
    void integerRejectsFractions() {
        assertThat(intError("1,5", COMMA_DECIMAL)).isEqualTo("not a whole number");
        assertThat(intError("12.01", DOT_DECIMAL)).isEqualTo("not a whole number");
        assertThat(intError("1.5", COMMA_DECIMAL)).isEqualTo("ambiguous number '1.5': the column uses decimal commas");
        assertThat(Numbers.parseInteger("-", COMMA_DECIMAL).isMissing()).isTrue();
    }

    @Test
    void resultAccessorsGuardAgainstMisuse() {
        ParsedNumber bad = Numbers.parseDecimal("abc", COMMA_DECIMAL);
        assertThatThrownBy(bad::decimalValue).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a number");
        ParsedNumber decimal = Numbers.parseDecimal("1,5", COMMA_DECIMAL);
        assertThatThrownBy(decimal::longValue).isInstanceOf(IllegalStateException.class);
        assertThat(Numbers.parseDecimal("7,40", COMMA_DECIMAL)).isEqualTo(Numbers.parseDecimal("7.40", DOT_DECIMAL));
        assertThat(decimal.toString()).isEqualTo("ParsedNumber[1.5]");
    }
}
