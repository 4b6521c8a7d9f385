package id.go.jatengprov.regencyhub.normalise;

import static id.go.jatengprov.regencyhub.config.Grain.DAY;
import static id.go.jatengprov.regencyhub.config.Grain.MONTH;
import static id.go.jatengprov.regencyhub.config.Grain.QUARTER;
import static id.go.jatengprov.regencyhub.config.Grain.YEAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.config.Grain;

class PeriodsTest {

    private static LocalDate at(String raw, Grain grain) {
        ParsedPeriod p = Periods.parse(raw, grain);
        assertThat(p.isOk()).as("%s: %s", raw, p.error()).isTrue();
        return p.start();
    }

    private static String error(String raw, Grain grain) {
        ParsedPeriod p = Periods.parse(raw, grain);
        assertThat(p.isOk()).as(raw).isFalse();
        return p.error();
    }

    private static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }

    @Test
    void years() {
        assertThat(at("2024", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(at(" 2024 ", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(at("Tahun 2024", YEAR)).isEqualTo(d(2024, 1, 1));
    }

    @Test
    void spreadsheetYearArtefactsOnlyAsBareYears() {
        assertThat(at("2024.0", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(at("2024,00", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(at("2.024", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(error("Maret 2.024", MONTH)).startsWith("unrecognised period 'Maret 2.024'");
        assertThat(error("2024.0", MONTH)).isEqualTo("period '2024.0' is a year; this dataset needs month");
    }

    @Test
    void monthsInNumericForms() {
        for (String s : new String[] {"2024-03", "2024/03", "03/2024", "3-2024", "3/2024", "2024-3", "202403",
                "03.2024"}) {
            assertThat(at(s, MONTH)).as(s).isEqualTo(d(2024, 3, 1));
        }
    }

    @Test
    void monthsByName() {
        for (String s : new String[] {"Maret 2024", "MARET 2024", "Mar 2024", "March 2024", "mrt-2024",
                "Bulan Maret Tahun 2024", "2024 Maret"}) {
            assertThat(at(s, MONTH)).as(s).isEqualTo(d(2024, 3, 1));
        }
        String[][] names = {{"Jan", "1"}, {"Feb", "2"}, {"Pebruari", "2"}, {"Apr", "4"}, {"Mei", "5"}, {"May", "5"},
                {"Jun", "6"}, {"Jul", "7"}, {"Agu", "8"}, {"Agt", "8"}, {"Ags", "8"}, {"Aug", "8"}, {"Agustus", "8"},
                {"Sep", "9"}, {"Sept", "9"}, {"Okt", "10"}, {"Oct", "10"}, {"Nov", "11"}, {"Nopember", "11"},
                {"Des", "12"}, {"Dec", "12"}, {"Desember", "12"}};
        for (String[] n : names) {
            assertThat(at(n[0] + " 2023", MONTH)).as(n[0]).isEqualTo(d(2023, Integer.parseInt(n[1]), 1));
        }
    }

    @Test
    void quarters() {
        assertThat(at("Triwulan I 2024", QUARTER)).isEqualTo(d(2024, 1, 1));
        assertThat(at("TW II 2024", QUARTER)).isEqualTo(d(2024, 4, 1));
        assertThat(at("Q3 2024", QUARTER)).isEqualTo(d(2024, 7, 1));
        assertThat(at("2024 Q3", QUARTER)).isEqualTo(d(2024, 7, 1));
        assertThat(at("2024-Q3", QUARTER)).isEqualTo(d(2024, 7, 1));
        assertThat(at("Triwulan IV Tahun 2024", QUARTER)).isEqualTo(d(2024, 10, 1));
        assertThat(at("Kuartal 4 2024", QUARTER)).isEqualTo(d(2024, 10, 1));
        assertThat(error("Q5 2024", QUARTER)).startsWith("Q5 2024: there is no quarter '5'");
    }

    @Test
    void halfYearsFitOnlyTheYearGrain() {
        assertThat(at("Semester 1 2024", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(at("Semester II 2024", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(error("Semester II 2024", QUARTER))
                .isEqualTo("period 'Semester II 2024' is a half-year; this dataset needs quarter");
        assertThat(error("Semester 1 2024", MONTH))
                .isEqualTo("period 'Semester 1 2024' is a half-year; this dataset needs month");
        assertThat(error("Semester 3 2024", YEAR)).startsWith("Semester 3 2024: there is no half-year '3'");
    }

    @Test
    void datesAreDayFirst() {
        for (String s : new String[] {"17/08/2024", "17-08-2024", "17.08.2024", "2024-08-17", "20240817",
                "17 Agustus 2024", "17 Aug 2024", "17 AGUSTUS 2024", "Aug 17, 2024", "2024-08-17T10:00:00",
                "2024-08-17 10:00", "17/08/2024 10:00:00", "2024-08-17T10:00:00+07:00", "Tgl 17/08/2024"}) {
            assertThat(at(s, DAY)).as(s).isEqualTo(d(2024, 8, 17));
        }
        assertThat(at("05/08/2024", DAY)).as("5 August, not May 8").isEqualTo(d(2024, 8, 5));
        assertThat(error("08/17/2024", DAY)).isEqualTo("08/17/2024: there is no month 17 (dates are day/month/year)");
    }

    @Test
    void finerValuesAreReducedToTheGrain() {
        assertThat(at("2024-08-17", MONTH)).isEqualTo(d(2024, 8, 1));
        assertThat(at("2024-08-17", QUARTER)).isEqualTo(d(2024, 7, 1));
        assertThat(at("2024-08-17", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(at("Desember 2024", QUARTER)).isEqualTo(d(2024, 10, 1));
        assertThat(at("Maret 2024", YEAR)).isEqualTo(d(2024, 1, 1));
        assertThat(at("TW II 2024", YEAR)).isEqualTo(d(2024, 1, 1));
    }

    @Test
    void coarserValuesAreErrors() {
        assertThat(error("2024", MONTH)).isEqualTo("period '2024' is a year; this dataset needs month");
        assertThat(error("2024", QUARTER)).isEqualTo("period '2024' is a year; this dataset needs quarter");
        assertThat(error("Maret 2024", DAY)).isEqualTo("period 'Maret 2024' is a month; this dataset needs day");
        assertThat(error("Q3 2024", MONTH)).isEqualTo("period 'Q3 2024' is a quarter; this dataset needs month");
    }

    @Test
    void invalidDatesSayWhy() {
        assertThat(error("31/02/2024", DAY)).isEqualTo("31/02/2024: February 2024 has 29 days");
        assertThat(error("29/02/2023", DAY)).isEqualTo("29/02/2023: February 2023 has 28 days");
        assertThat(error("31 April 2024", DAY)).isEqualTo("31 April 2024: April 2024 has 30 days");
        assertThat(error("00/01/2024", DAY)).isEqualTo("00/01/2024: there is no day 0");
        assertThat(error("2024-13", MONTH)).isEqualTo("2024-13: there is no month 13");
        assertThat(error("13/2024", MONTH)).isEqualTo("13/2024: there is no month 13");
        assertThat(at("29/02/2024", DAY)).isEqualTo(d(2024, 2, 29));
    }

    @Test
    void yearsOutsideTheRangeAreErrors() {
        assertThat(error("1850", YEAR)).isEqualTo("1850: year 1850 is outside 1900..2100");
        assertThat(error("Maret 2101", MONTH)).isEqualTo("Maret 2101: year 2101 is outside 1900..2100");
        assertThat(error("17/08/0024", DAY)).isEqualTo("17/08/0024: year 24 is outside 1900..2100");
        assertThat(at("1900", YEAR)).isEqualTo(d(1900, 1, 1));
        assertThat(at("31/12/2100", DAY)).isEqualTo(d(2100, 12, 31));
    }

    @Test
    void unrecognisedValues() {
        assertThat(error("kemarin", YEAR)).startsWith("unrecognised period 'kemarin'");
        assertThat(error("Januari-Maret 2024", QUARTER)).startsWith("unrecognised period 'Januari-Maret 2024'");
        assertThat(error("17/08/24", DAY)).isEqualTo("17/08/24: two-digit years are not accepted; write the year in full");
        assertThat(error("Mar-24", MONTH)).isEqualTo("Mar-24: two-digit years are not accepted; write the year in full");
        assertThat(error("45520", DAY)).isEqualTo("45520: looks like a spreadsheet serial date; export dates as text");
        assertThat(error("Maert 2024", MONTH)).isEqualTo("Maert 2024: 'maert' is not a month name");
        assertThat(Periods.parse("-", MONTH).isMissing()).isTrue();
        assertThat(Periods.parse(null, MONTH).isMissing()).isTrue();
        assertThatThrownBy(() -> Periods.parse("kemarin", DAY).start()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoColumnPeriods() {
        assertThat(Periods.parse("JANUARI", "2023", MONTH).start()).isEqualTo(d(2023, 1, 1));
        assertThat(Periods.parse("1", "2023", MONTH).start()).isEqualTo(d(2023, 1, 1));
        assertThat(Periods.parse("01", "2023", MONTH).start()).isEqualTo(d(2023, 1, 1));
        assertThat(Periods.parse("Agt", "2023.0", MONTH).start()).isEqualTo(d(2023, 8, 1));
        assertThat(Periods.parse("Triwulan III", "2023", QUARTER).start()).isEqualTo(d(2023, 7, 1));
        assertThat(Periods.parse("Desember", "2023", YEAR).start()).isEqualTo(d(2023, 1, 1));
        assertThat(Periods.parse("", "2023", YEAR).start()).isEqualTo(d(2023, 1, 1));
        assertThat(Periods.parse(null, "2023", MONTH).error()).isEqualTo("period '2023' is a year; this dataset needs month");
        assertThat(Periods.parse("13", "2023", MONTH).error()).isEqualTo("13 2023: there is no month 13");
        assertThat(Periods.parse("JANUARI", "dua ribu", MONTH).error()).isEqualTo("year column: 'dua ribu' is not a year");
        assertThat(Periods.parse("JANUARI", "", MONTH).isMissing()).isTrue();
    }
}
