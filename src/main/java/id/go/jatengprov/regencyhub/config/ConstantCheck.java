package id.go.jatengprov.regencyhub.config;

import id.go.jatengprov.regencyhub.normalise.FieldConverter;
import id.go.jatengprov.regencyhub.normalise.Notation;
import id.go.jatengprov.regencyhub.reference.CodeSystem;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;
import id.go.jatengprov.regencyhub.reference.RegionResolver;

/** Converts a constant from a source file exactly as a row value would be, to catch mistakes at start. */
final class ConstantCheck {
    private final DatasetDef dataset;
    private final RegionResolver resolver;
    private final String regency;
    private final CodeSystem codes;

    ConstantCheck(DatasetDef dataset, RegionRegistry regions, String regency, CodeSystem codes) {
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
        FieldConverter.Converted c = new FieldConverter(f, dataset.isRequired(f), resolver, regency, codes,
                Notation.DOT_DECIMAL).convert(value);
        return c.isOk() ? null : "'" + value + "' is not valid for " + f.type().configName() + " field '" + f.name() + "': " + c.error();
    }
}
