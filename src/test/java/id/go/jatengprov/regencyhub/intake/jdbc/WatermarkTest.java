package id.go.jatengprov.regencyhub.intake.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

/**
 * A watermark keeps its type from the start value's form or the column's values, is bound to the query as that type
 * and compared by value: 10 after 9, a timestamp by its time, never as text where the database would not.
 */
class WatermarkTest {

    @Test
    void theStartsFormGivesItsType() {
        assertThat(Watermark.start("0")).isEqualTo(new Watermark(Watermark.Type.INTEGER, "0"));
        assertThat(Watermark.start(" 007 ")).isEqualTo(new Watermark(Watermark.Type.INTEGER, "7"));
        assertThat(Watermark.start("12.50")).isEqualTo(new Watermark(Watermark.Type.DECIMAL, "12.50"));
        assertThat(Watermark.start("2024-01-31")).isEqualTo(new Watermark(Watermark.Type.DATE, "2024-01-31"));
        assertThat(Watermark.start("2024-01-31 08:00")).isEqualTo(new Watermark(Watermark.Type.TIMESTAMP, "2024-01-31T08:00:00"));
        assertThat(Watermark.start("2024-01-31T08:00:00.000001"))
                .isEqualTo(new Watermark(Watermark.Type.TIMESTAMP, "2024-01-31T08:00:00.000001"));
        assertThat(Watermark.start("2024-01-31 08:00:00+07"))
                .isEqualTo(new Watermark(Watermark.Type.TIMESTAMPTZ, "2024-01-31T08:00:00+07:00"));
        assertThat(Watermark.start("2024-02-31 08:00:00")).as("no such day: text").extracting(Watermark::type)
                .isEqualTo(Watermark.Type.TEXT);
        assertThat(Watermark.start("A-0001")).isEqualTo(new Watermark(Watermark.Type.TEXT, "A-0001"));
    }

    @Test
    void valuesFromTheDriverKeepTheirTypeAndBindAsIt() {
        assertThat(Watermark.of(42L).bindValue()).isEqualTo(42L);
        assertThat(Watermark.of(42).bindValue()).isEqualTo(42L);
        assertThat(Watermark.of(new BigDecimal("12345678901234567890123")).bindValue()).isEqualTo(new BigDecimal("12345678901234567890123"));
        assertThat(Watermark.of(Timestamp.valueOf("2024-05-01 10:00:00.123456")).bindValue())
                .isEqualTo(LocalDateTime.of(2024, 5, 1, 10, 0, 0, 123_456_000));
        assertThat(Watermark.of(java.sql.Date.valueOf("2024-05-01")).bindValue()).isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(Watermark.of(OffsetDateTime.parse("2024-05-01T10:00:00+07:00")).bindValue())
                .isEqualTo(OffsetDateTime.parse("2024-05-01T10:00:00+07:00"));
        assertThat(Watermark.of(null)).isNull();
        assertThatThrownBy(() -> Watermark.of(new byte[] {1})).hasMessageStartingWith("a value of type byte[] cannot be a watermark");
    }

    @Test
    void valuesCompareByValueNotByText() {
        assertThat(Watermark.max(Watermark.of(9L), Watermark.of(10L))).isEqualTo(Watermark.of(10L));
        assertThat(Watermark.max(Watermark.start("9.5"), Watermark.of(10L))).isEqualTo(Watermark.of(10L));
        assertThat(Watermark.max(Watermark.of(Timestamp.valueOf("2024-05-01 09:00:00")), Watermark.of(Timestamp.valueOf("2024-05-01 10:00:00"))))
                .extracting(Watermark::text).isEqualTo("2024-05-01T10:00:00");
        assertThat(Watermark.start("2024-05-01T10:00:00+07:00").compareTo(Watermark.start("2024-05-01T04:00:00Z"))).isNegative();
        assertThat(Watermark.max(null, Watermark.of("b"))).isEqualTo(Watermark.of("b"));
    }

    @Test
    void aRunNeverMovesTheWatermarkBackAndTheColumnsTypeTakesOverFromTheStarts() {
        Watermark before = Watermark.of(100L);
        assertThat(Watermark.after(before, Watermark.of(150L))).isEqualTo(Watermark.of(150L));
        assertThat(Watermark.after(before, Watermark.of(50L))).as("a query that ignores the bound").isEqualTo(before);
        assertThat(Watermark.after(before, null)).as("only NULLs seen").isEqualTo(before);
        assertThat(Watermark.after(Watermark.start("2024-01-01 00:00:00"), Watermark.of(java.sql.Date.valueOf("2024-03-01"))))
                .isEqualTo(new Watermark(Watermark.Type.DATE, "2024-03-01"));
    }
}
