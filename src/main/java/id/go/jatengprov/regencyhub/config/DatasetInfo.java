package id.go.jatengprov.regencyhub.config;

import java.util.List;
import java.util.Map;

/**
 * What a dataset is, for people and for Satu Data (Perpres 39/2019; Pergub Jawa Tengah 6/2022): its concept and
 * definition, who produces it (produsen data) and who answers for it (walidata), how often it changes, the reference
 * codes it uses, its licence, tags and where its numbers come from; and, optionally, the CKAN portal it is
 * published on. The warehouse's comments, the catalogue API, DCAT and CKAN all come from here.
 *
 * @param references the code lists and standards the data uses, e.g. "Kode wilayah Kemendagri (Kepmendagri
 *                   300.2.2-2430/2025)"
 * @param licence    a CKAN licence id such as {@code cc-by}
 * @param lines      the line of each key in the dataset file, for messages
 */
public record DatasetInfo(String description, Periodicity periodicity, String producer, String steward,
                          List<String> references, String licence, List<String> tags, String sourceNotes,
                          CkanPublishSpec publish, Map<String, Integer> lines) {

    public static final DatasetInfo NONE = new DatasetInfo(null, null, null, null, List.of(), null, List.of(), null, null, Map.of());

    public DatasetInfo {
        references = references == null ? List.of() : List.copyOf(references);
        tags = tags == null ? List.of() : List.copyOf(tags);
        lines = lines == null ? Map.of() : Map.copyOf(lines);
    }

    /** The line of a key, or of the file's first line when the key is absent. */
    public int lineOf(String key) {
        return lines.getOrDefault(key, 1);
    }
}
