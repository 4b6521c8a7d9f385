package id.go.jatengprov.regencyhub.publish;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.publish.DatasetMetadata.FieldMeta;

/** A dataset to publish in tests: population by regency, year and sex; 50 x 25 x 2 = 2,500 rows in key order. */
final class PopulationDataset {

    static final List<String> KEY = List.of("region", "period", "sex");

    private PopulationDataset() {}

    static DatasetMetadata metadata(String description) {
        return new DatasetMetadata("population", "Penduduk Kabupaten/Kota Jawa Tengah", description,
                List.of(new FieldMeta("region", FieldType.REGION, "Kabupaten/kota (kode Kemendagri)", null, null),
                        new FieldMeta("period", FieldType.PERIOD, "Tahun", null, null),
                        new FieldMeta("sex", FieldType.CODE, "Jenis kelamin", null, sexCodes()),
                        new FieldMeta("population", FieldType.INTEGER, "Jumlah penduduk", "jiwa", null),
                        new FieldMeta("density", FieldType.DECIMAL, "Kepadatan", "jiwa/km2", null),
                        new FieldMeta("estimated", FieldType.BOOLEAN, "Angka proyeksi", null, null)),
                KEY, "annual", "BPS Provinsi Jawa Tengah", "Diskominfo Jawa Tengah", "cc-by",
                List.of("kependudukan", "jawa tengah"), "Proyeksi penduduk hasil SP2020");
    }

    private static Map<String, String> sexCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("L", "laki-laki");
        codes.put("P", "perempuan");
        return codes;
    }

    static DatasetMetadata metadata() {
        return metadata("Jumlah penduduk menurut kabupaten/kota dan jenis kelamin");
    }

    /** 2,500 rows as a JDBC cursor would give them (java.time dates, BigDecimal, Long, Boolean), ordered by the key. */
    static List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 1; r <= 50; r++) {
            for (int y = 2000; y < 2025; y++) {
                for (String sex : List.of("L", "P")) {
                    rows.add(row(String.format("33.%02d", r), y, sex, 100_000L + r * 1000L + (y - 2000) * 10L + (sex.equals("L") ? 0 : 1),
                            new BigDecimal(r + "." + (y % 100)), y > 2020));
                }
            }
        }
        rows.sort(BY_KEY);
        return rows;
    }

    static Map<String, Object> row(String region, int year, String sex, long population, BigDecimal density, boolean estimated) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", region);
        m.put("period", LocalDate.of(year, 1, 1));
        m.put("sex", sex);
        m.put("population", population);
        m.put("density", density);
        m.put("estimated", estimated);
        return m;
    }

    static final Comparator<Map<String, Object>> BY_KEY = Comparator.<Map<String, Object>, String>comparing(m -> (String) m.get("region"))
            .thenComparing(m -> (LocalDate) m.get("period")).thenComparing(m -> (String) m.get("sex"));

    /** The key of a row as the DataStore shows it (period as ISO text). */
    static List<String> key(Map<String, ?> row) {
        return List.of(String.valueOf(row.get("region")), String.valueOf(row.get("period")), String.valueOf(row.get("sex")));
    }
}
