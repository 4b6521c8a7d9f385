package id.go.jatengprov.regencyhub.reference;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Administrative level of a region in Jawa Tengah, from the province down to desa/kelurahan. */
public enum RegionLevel {
    PROVINCE, REGENCY, DISTRICT, VILLAGE;

    private final String configName = name().toLowerCase(Locale.ROOT);

    /** The lower-case spelling used in source configuration files, e.g. {@code regency}. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration value (case-insensitive); fails listing the valid values. */
    public static RegionLevel fromConfig(String value) {
        if (value != null) {
            String v = value.trim();
            for (RegionLevel level : values()) {
                if (level.configName.equalsIgnoreCase(v)) {
                    return level;
                }
            }
        }
        throw new IllegalArgumentException("invalid region level '" + value + "'; valid values: "
                + Arrays.stream(values()).map(RegionLevel::configName).collect(Collectors.joining(", ")));
    }
}
