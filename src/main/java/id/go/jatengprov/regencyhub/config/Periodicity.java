package id.go.jatengprov.regencyhub.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How often a dataset gets new data (Satu Data's "periode"/"frekuensi"), with its code in the EU frequency
 * vocabulary that DCAT-AP's {@code dct:accrualPeriodicity} uses. Written in English or Indonesian in a dataset file.
 */
public enum Periodicity {
    ANNUAL("annual", "tahunan", "ANNUAL"),
    SEMIANNUAL("semiannual", "semesteran", "ANNUAL_2"),
    QUARTERLY("quarterly", "triwulanan", "QUARTERLY"),
    MONTHLY("monthly", "bulanan", "MONTHLY"),
    WEEKLY("weekly", "mingguan", "WEEKLY"),
    DAILY("daily", "harian", "DAILY"),
    IRREGULAR("irregular", "tidak-tetap", "IRREG");

    private final String configName;
    private final String indonesian;
    private final String euCode;

    Periodicity(String configName, String indonesian, String euCode) {
        this.configName = configName;
        this.indonesian = indonesian;
        this.euCode = euCode;
    }

    public String configName() { return configName; }

    public String indonesian() { return indonesian; }

    /** The concept of http://publications.europa.eu/resource/authority/frequency. */
    public String euFrequencyUri() {
        return "http://publications.europa.eu/resource/authority/frequency/" + euCode;
    }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(Periodicity::configName).toList();
    }

    /** From its English or Indonesian name, ignoring case; fails listing both. */
    public static Periodicity fromConfig(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Periodicity p : values()) {
            if (p.configName.equals(v) || p.indonesian.equals(v)) return p;
        }
        throw new IllegalArgumentException("unknown periodicity '" + value + "'; use one of " + configNames()
                + " (or in Indonesian: " + Arrays.stream(values()).map(Periodicity::indonesian).toList() + ")");
    }
}
