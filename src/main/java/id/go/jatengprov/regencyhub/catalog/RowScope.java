package id.go.jatengprov.regencyhub.catalog;

import java.util.Optional;

import id.go.jatengprov.regencyhub.api.ApiException;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.reference.Region;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;

/**
 * Which rows a caller reads: the region asked for ({@code region=}, a Kemendagri or BPS code: that region and the
 * regions under it), within what the caller may read (an operator or analyst: everything; a regency: its regency and
 * the districts and villages under it; the province's account: everything).
 *
 * @param field the dataset's region field the filter applies to, or null when there is no filter
 * @param code  the Kemendagri code whose region and subregions are read
 */
record RowScope(FieldDef field, String code) {

    static final RowScope ALL = new RowScope(null, null);

    /**
     * @param callerRegency the calling regency's Kemendagri code, empty for an operator or analyst
     * @throws ApiException 400 for an unknown region, 403 for rows the caller may not read
     */
    static RowScope of(DatasetDef d, RegionRegistry regions, Optional<String> callerRegency, String region) {
        FieldDef field = d.regionField().orElse(null);
        Region asked = null;
        if (region != null && !region.isBlank()) {
            String r = region.trim();
            asked = regions.byCode(r).or(() -> regions.byBpsCode(r)).orElseThrow(() -> new ApiException(400,
                    "parameter 'region': '" + r.replaceAll("[^\\p{Print}]", "?") + "' is not a Jawa Tengah region code;"
                            + " use a Kemendagri code (33.74, 33.74.01) or a BPS code (3374)"));
            if (field == null) {
                throw new ApiException(400, "dataset '" + d.id() + "' has no region field; leave out 'region'");
            }
        }
        if (callerRegency.isEmpty()) {
            return asked == null ? ALL : new RowScope(field, asked.code());
        }
        String own = callerRegency.get();
        if (field == null) {
            throw new ApiException(403, "dataset '" + d.id() + "' has no region field, so its rows belong to no regency:"
                    + " they are for operators and analysts");
        }
        if (asked == null) return new RowScope(field, own);
        if (asked.isWithin(own)) return new RowScope(field, asked.code());
        // asking for a region above its own (the province) reads its own rows
        if (own.startsWith(asked.code() + ".")) return new RowScope(field, own);
        throw new ApiException(403, "your account reads the rows of region " + own + " and the regions under it, not "
                + asked.code() + " (" + asked.displayName() + ")");
    }

    boolean isAll() {
        return field == null;
    }
}
