package id.go.jatengprov.regencyhub.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Time grain of a dataset: each period is stored as the first day of its year, quarter, month or day. */
public enum Grain {
    YEAR, QUARTER, MONTH, DAY;

    private final String configName = name().toLowerCase(Locale.ROOT);

    /** The lower-case spelling used in source configuration files, e.g. {@code month}. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration value (case-insensitive); fails listing the valid values. */
    public static Grain fromConfig(String value) {
        if (value != null) {
            String v = value.trim();
            for (Grain g : values()) {
                if (g.configName.equalsIgnoreCase(v)) {
                    return g;
                }
            }
        }
        throw new IllegalArgumentException("invalid grain '" + value + "'; valid values: "
                + Arrays.stream(values()).map(Grain::configName).collect(Collectors.joining(", ")));
    }
}
