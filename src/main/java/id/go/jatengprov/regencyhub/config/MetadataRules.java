package id.go.jatengprov.regencyhub.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The minimum metadata every dataset must carry ({@code hub.metadata.required}), and whether a dataset without it
 * is refused ({@code hub.metadata.strict=true}) or only warned about (the default). Warnings by default, because
 * configurations written before the hub knew about metadata would otherwise stop the hub at its first start after
 * an upgrade; {@code check} lists every missing item either way, so the gap is visible and can be closed before
 * strict mode is switched on.
 */
public record MetadataRules(Set<Item> required, boolean strict) {

    /** What can be required. */
    public enum Item {
        /** The dataset's description (konsep/definisi). */
        DESCRIPTION("description"),
        /** A unit (satuan) for every integer and decimal field. */
        UNIT("unit"),
        /** The producing office (produsen data). */
        PRODUCER("producer"),
        /** How often new data comes. */
        PERIODICITY("periodicity"),
        /** Who answers for the data (walidata). */
        STEWARD("steward"),
        LICENCE("licence"),
        TAGS("tags"),
        /** The reference code lists the dataset uses. */
        REFERENCES("references"),
        SOURCE_NOTES("source-notes"),
        /** A description for every field. */
        FIELD_DESCRIPTION("field-description"),
        /** A label for every value of every code field ({@code values} as a mapping). */
        CODE_LABELS("code-labels");

        private final String configName;

        Item(String configName) { this.configName = configName; }

        public String configName() { return configName; }
    }

    public static final Set<Item> DEFAULT_REQUIRED = Set.copyOf(EnumSet.of(Item.DESCRIPTION, Item.UNIT, Item.PRODUCER,
            Item.PERIODICITY));
    public static final MetadataRules DEFAULT = new MetadataRules(DEFAULT_REQUIRED, false);

    public MetadataRules {
        required = required == null || required.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(required));
    }

    public boolean requires(Item item) {
        return required.contains(item);
    }

    /**
     * From the property's text: names separated by commas; empty for none.
     *
     * @throws IllegalArgumentException naming an unknown item and the valid ones
     */
    public static MetadataRules parse(String required, boolean strict) {
        if (required == null) return new MetadataRules(DEFAULT_REQUIRED, strict);
        Set<Item> items = EnumSet.noneOf(Item.class);
        for (String part : required.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            Item found = Arrays.stream(Item.values()).filter(i -> i.configName.equals(p)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("hub.metadata.required: unknown item '" + part.trim() + "'; valid: " + names()));
            items.add(found);
        }
        return new MetadataRules(items, strict);
    }

    public static List<String> names() {
        return Arrays.stream(Item.values()).map(Item::configName).toList();
    }
}
