package id.go.jatengprov.regencyhub.reference;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Coding system a source uses for region codes. Below regency level BPS and Kemendagri codes differ
 * completely, and 10-digit village codes exist in both, so a source may have to declare which it uses.
 */
public enum CodeSystem {
    /** Infer from the code's shape; 10-digit village codes are then rejected as ambiguous. */
    AUTO,
    /** Kemendagri codes: 33.01.01 / 330101 for districts, 33.01.01.2001 / 3301012001 for villages. */
    KEMENDAGRI,
    /** BPS codes: 3301080 for districts; BPS village codes are not in the reference data. */
    BPS;

    private final String configName = name().toLowerCase(Locale.ROOT);

    /** The lower-case spelling used in source configuration files, e.g. {@code kemendagri}. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration value (case-insensitive); fails listing the valid values. */
    public static CodeSystem fromConfig(String value) {
        if (value != null) {
            String v = value.trim();
            for (CodeSystem system : values()) {
                if (system.configName.equalsIgnoreCase(v)) {
                    return system;
                }
            }
        }
        throw new IllegalArgumentException("invalid code system '" + value + "'; valid values: "
                + Arrays.stream(values()).map(CodeSystem::configName).collect(Collectors.joining(", ")));
    }
}
