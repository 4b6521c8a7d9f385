package id.go.jatengprov.regencyhub.completeness;

import java.util.LinkedHashMap;
import java.util.Map;

import id.go.jatengprov.regencyhub.config.Expectation;
import id.go.jatengprov.regencyhub.reference.Region;
import id.go.jatengprov.regencyhub.reference.RegionLevel;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;

/**
 * How many distinct regions a complete delivery of one regency holds: 1 for a regency-level dataset, else the
 * number of its districts (or villages) in the reference data (config/reference/regions).
 */
final class ExpectedRegions {

    private ExpectedRegions() {}

    static Map<String, Integer> of(RegionRegistry regions, Expectation e) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String regency : e.regencies()) {
            out.put(regency, count(regions, regency, e.regionLevel()));
        }
        return out;
    }

    static int count(RegionRegistry regions, String code, RegionLevel level) {
        Region r = regions.byCode(code).orElse(null);
        if (r == null) return 0;
        if (r.level() == level) return 1;
        int n = 0;
        for (Region child : regions.children(code)) n += count(regions, child.code(), level);
        return n;
    }
}
