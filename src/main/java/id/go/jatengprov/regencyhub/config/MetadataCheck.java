package id.go.jatengprov.regencyhub.config;

import id.go.jatengprov.regencyhub.config.MetadataRules.Item;

/**
 * Checks a dataset against the required minimum of metadata ({@link MetadataRules}); each gap is reported with
 * the line to edit and what to write there, as a problem (strict) or a warning.
 */
final class MetadataCheck {

    private static final String WHY = " (hub.metadata.required)";

    private MetadataCheck() {}

    static void check(DatasetDef d, MetadataRules rules, Problems out) {
        DatasetInfo info = d.info();
        int top = info.lineOf("id");
        if (rules.requires(Item.DESCRIPTION) && info.description() == null) {
            out.add(d.file(), top, "dataset '" + d.id() + "' has no 'description': say what it measures and how"
                    + " (konsep/definisi), e.g. description: \"Jumlah penduduk menurut ... hasil registrasi ...\"" + WHY);
        }
        if (rules.requires(Item.PRODUCER) && info.producer() == null) {
            out.add(d.file(), top, "dataset '" + d.id() + "' has no 'producer': the office that produces the data (produsen"
                    + " data), e.g. producer: \"BPS Provinsi Jawa Tengah\"" + WHY);
        }
        if (rules.requires(Item.PERIODICITY) && info.periodicity() == null) {
            out.add(d.file(), top, "dataset '" + d.id() + "' has no 'periodicity': how often new data comes, one of "
                    + Periodicity.configNames() + WHY);
        }
        if (rules.requires(Item.STEWARD) && info.steward() == null) {
            out.add(d.file(), top, "dataset '" + d.id() + "' has no 'steward': who answers for the data (walidata), e.g."
                    + " steward: \"Diskominfo Provinsi Jawa Tengah\"" + WHY);
        }
        if (rules.requires(Item.LICENCE) && info.licence() == null) {
            out.add(d.file(), top, "dataset '" + d.id() + "' has no 'licence', e.g. licence: cc-by" + WHY);
        }
        if (rules.requires(Item.TAGS) && info.tags().isEmpty()) {
            out.add(d.file(), top, "dataset '" + d.id() + "' has no 'tags', e.g. tags: [kependudukan, jawa tengah]" + WHY);
        }
        if (rules.requires(Item.REFERENCES) && info.references().isEmpty()) {
            out.add(d.file(), top, "dataset '" + d.id() + "' has no 'references': the code lists it uses, e.g. references:"
                    + " [\"Kode wilayah Kemendagri (Kepmendagri 300.2.2-2430/2025)\"]" + WHY);
        }
        if (rules.requires(Item.SOURCE_NOTES) && info.sourceNotes() == null) {
            out.add(d.file(), top, "dataset '" + d.id() + "' has no 'source-notes': where its numbers come from" + WHY);
        }
        for (FieldDef f : d.fields()) {
            if (rules.requires(Item.UNIT) && f.type().isNumeric() && f.unit() == null) {
                out.add(d.file(), f.line(), "field '" + f.name() + "' (" + f.type().configName() + ") has no 'unit' (satuan),"
                        + " e.g. unit: jiwa, unit: persen, unit: tahun" + WHY);
            }
            if (rules.requires(Item.FIELD_DESCRIPTION) && f.description() == null) {
                out.add(d.file(), f.line(), "field '" + f.name() + "' has no 'description'" + WHY);
            }
            if (rules.requires(Item.CODE_LABELS) && f.type() == FieldType.CODE && f.labels().size() < f.values().size()) {
                out.add(d.file(), f.line(), "code field '" + f.name() + "' lists its values without labels: write them as"
                        + " values: { " + f.values().get(0) + ": \"what " + f.values().get(0) + " means\", ... }" + WHY);
            }
        }
    }
}
