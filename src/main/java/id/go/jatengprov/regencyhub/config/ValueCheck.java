package id.go.jatengprov.regencyhub.config;

import id.go.jatengprov.regencyhub.reference.CodeSystem;
import id.go.jatengprov.regencyhub.reference.RegionResolver;

/**
 * Converts a constant from a source file (a mapping's {@code value}, a value map's target, an unpivot
 * constant) exactly as a row's value would be, so that a mistake is found when the configuration is read
 * rather than as a reject on every row. The normaliser provides it ({@code FieldConverter.CONSTANTS}); the
 * configuration only knows the question.
 */
@FunctionalInterface
public interface ValueCheck {

    /** @return null when the value is valid for the field, otherwise the reason */
    String check(FieldDef field, boolean required, String value, RegionResolver resolver, String regency, CodeSystem codes);
}
