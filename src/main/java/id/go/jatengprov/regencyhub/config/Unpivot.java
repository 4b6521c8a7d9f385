package id.go.jatengprov.regencyhub.config;

import java.util.Map;

/**
 * A wide table turned long: each listed source column gives one output row whose {@code into}
 * field takes that column's value and whose other fields take the listed constants.
 */
public record Unpivot(Map<String, Map<String, String>> columns, String into, int line) {
}
