package id.go.jatengprov.regencyhub.config;

import id.go.jatengprov.regencyhub.reference.CodeSystem;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;
import id.go.jatengprov.regencyhub.reference.RegionResolver;

/** Converts a constant from a source file exactly as a row value would be, to catch mistakes at start. */
final class ConstantCheck {
    private final DatasetDef dataset;
    private final RegionResolver resolver;
    private final String regency;
    private final CodeSystem codes;
    private final ValueCheck values;

    ConstantCheck(DatasetDef dataset, RegionRegistry regions, String regency, CodeSystem codes, ValueCheck values) {
        this.values = values;
        this.dataset = dataset;
        this.resolver = regions == null ? null : new RegionResolver(regions);
        this.regency = regency;
        this.codes = codes;
    }

    /** @return null when the value is valid for the field, otherwise the reason */
    String check(FieldDef f, String value) {
        if (f.type() == FieldType.REGION && (resolver == null || regency == null)) {
            return null; // already reported: no reference data or no valid regency
        }
        String error = values.check(f, dataset.isRequired(f), value, resolver, regency, codes);
        return error == null ? null : "'" + value + "' is not valid for " + f.type().configName() + " field '" + f.name() + "': " + error;
    }
}
