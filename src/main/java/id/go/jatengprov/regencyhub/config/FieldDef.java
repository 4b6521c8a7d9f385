package id.go.jatengprov.regencyhub.config;

import java.math.BigDecimal;
import java.util.List;

import id.go.jatengprov.regencyhub.config.Grain;
import id.go.jatengprov.regencyhub.reference.RegionLevel;

/**
 * One column of a canonical dataset.
 *
 * @param level  for {@code region}: the administrative level its values must have
 * @param grain  for {@code period}: year, quarter, month or day
 * @param values for {@code code}: the closed list of allowed values
 */
public record FieldDef(String name, FieldType type, RegionLevel level, Grain grain, List<String> values,
                       String unit, BigDecimal min, BigDecimal max, boolean required, int line) {
}
