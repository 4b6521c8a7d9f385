package id.go.jatengprov.regencyhub.publish;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CKAN action that did not succeed: CKAN's own error (its {@code __type}, message and field errors,
 * word for word) or the transport failure that left no answer. {@link #isRetryable()} says whether the
 * same call may work later (5xx, 429, timeouts, broken connections) or needs a change first (4xx).
 */
public class CkanException extends RuntimeException {

    private final String action;
    private final int status;
    private final String errorType;
    private final String ckanMessage;
    private final Map<String, List<String>> fieldErrors;
    private final boolean retryable;

    CkanException(String message, String action, int status, String errorType, String ckanMessage,
                  Map<String, List<String>> fieldErrors, boolean retryable, Throwable cause) {
        super(message, cause);
        this.action = action;
        this.status = status;
        this.errorType = errorType;
        this.ckanMessage = ckanMessage;
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
        this.retryable = retryable;
    }

    /** The action called, e.g. {@code datastore_upsert}. */
    public String action() { return action; }

    /** The HTTP status, or 0 when no response came (timeout, refused or dropped connection). */
    public int status() { return status; }

    /** CKAN's {@code error.__type} ("Validation Error", "Authorization Error", "Not Found Error", ...), or null. */
    public String errorType() { return errorType; }

    /** CKAN's {@code error.message} (or the bad-request text), or null for validation errors, which have field errors instead. */
    public String ckanMessage() { return ckanMessage; }

    /**
     * CKAN's field errors, flattened: {@code name -> [messages]}, nested ones as {@code tags[1].name}, and
     * values that are not messages (such as {@code records_row}) as their text.
     */
    public Map<String, List<String>> fieldErrors() { return fieldErrors; }

    public boolean isRetryable() { return retryable; }

    public boolean isNotFound() { return status == 404; }

    public boolean isValidationError() { return status == 409 || "Validation Error".equals(errorType); }

    public boolean isAuthorizationError() { return status == 403; }

    /** True when no answer came back: the portal may or may not have applied the call. */
    public boolean isResponseLost() { return status == 0 || status >= 500; }

    /** The error of an answer that carried CKAN's envelope (or at least a status). */
    static CkanException fromResponse(String action, String portal, int status, JsonNode body, String rawSnippet) {
        String type = null;
        String message = null;
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (body != null && body.isTextual()) {
            message = body.textValue(); // "Bad request: ..." comes as a bare JSON string
        } else if (body != null && body.path("error").isObject()) {
            JsonNode error = body.get("error");
            type = error.path("__type").asText(null);
            message = error.hasNonNull("message") && error.get("message").isTextual() ? error.get("message").textValue() : null;
            Iterator<Map.Entry<String, JsonNode>> it = error.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__type") || (e.getKey().equals("message") && message != null)) continue;
                if (e.getKey().equals("data")) continue; // an Integrity Error echoes the whole request
                flatten(e.getKey(), e.getValue(), fields);
            }
        }
        boolean retryable = status >= 500 || status == 429 || status == 408;
        StringBuilder m = new StringBuilder("CKAN at ").append(portal).append(status >= 500 ? " failed on " : " refused ").append(action)
                .append(" (HTTP ").append(status);
        if (type != null) m.append(' ').append(type);
        m.append(')');
        String detail = describe(message, fields);
        if (!detail.isEmpty()) {
            m.append(": ").append(detail);
        } else if (rawSnippet != null && !rawSnippet.isBlank()) {
            m.append(": not a CKAN answer: ").append(rawSnippet);
        }
        if (status == 403) {
            m.append(". Check that the API key belongs to a portal user with editor rights in the dataset's organization");
        } else if (retryable) {
            m.append(". The portal may be overloaded or down; the call can be retried later");
        }
        return new CkanException(m.toString(), action, status, type, message, fields, retryable, null);
    }

    /** A call that got no answer. */
    static CkanException noResponse(String action, String portal, String what, boolean retryable, Throwable cause) {
        return new CkanException("CKAN at " + portal + " gave no answer to " + action + ": " + what, action, 0, null, null,
                Map.of(), retryable, cause);
    }

    /** The same failure, told after the last of {@code attempts} tries. */
    CkanException afterAttempts(int attempts) {
        return new CkanException(getMessage() + " (after " + attempts + " attempts)", action, status, errorType, ckanMessage,
                fieldErrors, retryable, getCause());
    }

    private static String describe(String message, Map<String, List<String>> fields) {
        List<String> parts = new ArrayList<>();
        if (message != null && !message.isBlank()) parts.add(message);
        fields.forEach((k, v) -> parts.add(k + ": " + String.join("; ", v)));
        return String.join(", ", parts);
    }

    private static void flatten(String key, JsonNode v, Map<String, List<String>> out) {
        if (v.isArray()) {
            boolean nested = false;
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                if (item.isObject()) {
                    nested = true;
                    flatten(key + "[" + i + "]", item, out);
                } else {
                    out.computeIfAbsent(key, k -> new ArrayList<>()).add(item.asText());
                }
            }
            if (!nested && v.isEmpty()) out.computeIfAbsent(key, k -> new ArrayList<>());
        } else if (v.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(key + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(v.asText());
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + getMessage();
    }

    /** For messages: the field errors as {@code key: message; message}. */
    String fieldErrorText() {
        return fieldErrors.entrySet().stream().map(e -> e.getKey() + ": " + String.join("; ", e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
