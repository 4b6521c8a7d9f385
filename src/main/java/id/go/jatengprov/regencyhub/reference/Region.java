package id.go.jatengprov.regencyhub.reference;

import java.util.Objects;

/**
 * One administrative region of Jawa Tengah.
 *
 * @param code       Kemendagri code, dotted ("33", "33.74", "33.74.01", "33.74.01.1001"); the key
 * @param codeBps    BPS code ("33", "3374", "3374010"); null for villages (not in the reference data)
 * @param name       name as in the reference data, without type prefix ("Cilacap", "Kedungreja")
 * @param level      administrative level
 * @param parentCode Kemendagri code of the parent region; null for the province
 * @param type       "Provinsi", "Kabupaten", "Kota", "Kecamatan", "Desa" or "Kelurahan"
 */
public record Region(String code, String codeBps, String name, RegionLevel level, String parentCode, String type) {

    public Region {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(type, "type");
        if ((parentCode == null) != (level == RegionLevel.PROVINCE)) {
            throw new IllegalArgumentException("region " + code + ": only the province has no parent");
        }
    }

    /** Type and name, e.g. "Kabupaten Cilacap", "Kota Semarang", "Kecamatan Kedungreja". */
    public String displayName() {
        return type + " " + name;
    }

    /** True if this region is {@code ancestorCode} itself or lies under it (Kemendagri codes nest by prefix). */
    public boolean isWithin(String ancestorCode) {
        return ancestorCode != null && (code.equals(ancestorCode)
                || (code.length() > ancestorCode.length() && code.startsWith(ancestorCode)
                        && code.charAt(ancestorCode.length()) == '.'));
    }
}
