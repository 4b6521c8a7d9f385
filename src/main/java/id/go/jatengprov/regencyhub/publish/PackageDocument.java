package id.go.jatengprov.regencyhub.publish;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A dataset's metadata as a CKAN package: title, notes, licence, author (producer) and maintainer (steward)
 * as CKAN fields, tags, and the rest as {@code extras}. The hub owns the extras it names
 * ({@link #MANAGED_EXTRAS}) and leaves the portal's other extras alone; it adds its tags and removes none
 * (a curator's tags stay).
 */
final class PackageDocument {

    /** The extras the hub writes; an extra with another key belongs to the portal. */
    static final List<String> MANAGED_EXTRAS = List.of("hub_dataset_id", "natural_key", "periodicity", "producer",
            "steward", "source_notes");

    private PackageDocument() {}

    /** The package_create body. */
    static ObjectNode forCreate(DatasetMetadata meta, String packageName, String organizationId) {
        ObjectNode p = CkanClient.JSON.createObjectNode();
        p.put("name", packageName);
        p.put("owner_org", organizationId);
        fields(meta).forEach(p::put);
        ArrayNode tags = p.putArray("tags");
        meta.tags().stream().distinct().forEach(t -> tags.addObject().put("name", t));
        ArrayNode extras = p.putArray("extras");
        extras(meta).forEach((k, v) -> extras.addObject().put("key", k).put("value", v));
        return p;
    }

    /**
     * The package_patch body that brings {@code existing} (package_show's answer) in line with the metadata,
     * or empty when it already is. Only keys that differ are sent; extras and tags, which CKAN replaces as
     * whole lists, are sent merged with what the portal has.
     */
    static Optional<ObjectNode> patchFor(DatasetMetadata meta, JsonNode existing) {
        ObjectNode patch = CkanClient.JSON.createObjectNode();
        fields(meta).forEach((k, v) -> {
            if (!Objects.equals(blankToNull(v), blankToNull(existing.path(k).asText(null)))) patch.put(k, v);
        });

        Map<String, String> current = new LinkedHashMap<>();
        for (JsonNode x : existing.path("extras")) current.put(x.path("key").asText(), x.path("value").asText(null));
        Map<String, String> wanted = extras(meta);
        Map<String, String> merged = new LinkedHashMap<>();
        current.forEach((k, v) -> {
            if (!MANAGED_EXTRAS.contains(k)) merged.put(k, v);
        });
        merged.putAll(wanted);
        if (!merged.equals(current)) {
            ArrayNode extras = patch.putArray("extras");
            merged.forEach((k, v) -> extras.addObject().put("key", k).put("value", v));
        }

        Set<String> have = new LinkedHashSet<>();
        for (JsonNode t : existing.path("tags")) {
            if (t.path("vocabulary_id").isNull() || t.path("vocabulary_id").isMissingNode()) have.add(t.path("name").asText());
        }
        List<String> missing = meta.tags().stream().filter(t -> !have.contains(t)).distinct().toList();
        if (!missing.isEmpty()) {
            ArrayNode tags = patch.putArray("tags");
            for (JsonNode t : existing.path("tags")) {
                ObjectNode keep = tags.addObject().put("name", t.path("name").asText());
                if (t.hasNonNull("vocabulary_id")) keep.put("vocabulary_id", t.get("vocabulary_id").asText());
            }
            missing.forEach(t -> tags.addObject().put("name", t));
        }
        return patch.isEmpty() ? Optional.empty() : Optional.of(patch);
    }

    /** CKAN fields: title, notes (the description), license_id, author (producer), maintainer (steward). */
    static Map<String, String> fields(DatasetMetadata meta) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("title", meta.title());
        f.put("notes", nullToEmpty(meta.description()));
        f.put("license_id", nullToEmpty(meta.licence()));
        f.put("author", nullToEmpty(meta.producer()));
        f.put("maintainer", nullToEmpty(meta.steward()));
        return f;
    }

    /** The hub's extras: only those with a value (an absent one is removed from the portal). */
    static Map<String, String> extras(DatasetMetadata meta) {
        Map<String, String> x = new LinkedHashMap<>();
        x.put("hub_dataset_id", meta.id());
        x.put("natural_key", String.join(", ", meta.key()));
        putIfPresent(x, "periodicity", meta.periodicity());
        putIfPresent(x, "producer", meta.producer());
        putIfPresent(x, "steward", meta.steward());
        putIfPresent(x, "source_notes", meta.sourceNotes());
        return x;
    }

    /** The body of the DataStore resource the hub creates in the package, marked with the dataset's id. */
    static ObjectNode resource(DatasetMetadata meta, String packageId) {
        ObjectNode r = CkanClient.JSON.createObjectNode();
        r.put("package_id", packageId);
        r.put("name", meta.title());
        r.put("description", "Every row of dataset '" + meta.id() + "', one per " + String.join(" + ", meta.key())
                + ", kept up to date by regency-hub.");
        r.put("hub_dataset_id", meta.id());
        return r;
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) m.put(key, value.strip());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
