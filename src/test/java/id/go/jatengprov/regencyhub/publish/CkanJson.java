package id.go.jatengprov.regencyhub.publish;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON for the test portal: exact decimals in and out, as PostgreSQL's numeric keeps them. */
final class CkanJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private CkanJson() {}

    static ObjectNode object() { return NODES.objectNode(); }

    static ArrayNode array() { return NODES.arrayNode(); }

    static JsonNode parse(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value as text, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : unicodeSafe(v);
    }

    /** CKAN's unicode_safe: strings as they are, null as "", lists and dicts as JSON, the rest as str(). */
    static String unicodeSafe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "";
        if (v.isTextual()) return v.textValue();
        if (v.isBoolean()) return v.booleanValue() ? "True" : "False";
        if (v.isContainerNode()) return write(v);
        return v.asText();
    }

    /** Python's truthiness of a JSON value, which CKAN's not_empty and ignore_empty test. */
    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return false;
        if (v.isTextual()) return !v.textValue().isEmpty();
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) return v.decimalValue().signum() != 0;
        return v.size() > 0;
    }

    /** CKAN's boolean_validator: true, "true", "yes", "t", "y", "1" and non-zero numbers; anything else false. */
    static boolean bool(JsonNode v) {
        if (v == null || v.isNull()) return false;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber()) return v.longValue() != 0;
        if (v.isTextual()) {
            return java.util.Set.of("true", "yes", "t", "y", "1").contains(v.textValue().toLowerCase(java.util.Locale.ROOT));
        }
        return false;
    }
}
