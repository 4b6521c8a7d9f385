package id.go.jatengprov.regencyhub.publish;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The exceptions a CKAN action raises, each with the HTTP status and error envelope that
 * {@code ckan/views/api.py} turns it into (ValidationError 409, NotAuthorized 403, NotFound 404,
 * DataError 400, anything else 500).
 */
final class CkanActionError extends RuntimeException {

    final int status;
    /** The {@code error} member of the envelope; null for a plain "Bad request" string body. */
    final ObjectNode error;
    /** For a 400 outside any action (unknown action, undecodable body): CKAN's body is a JSON string. */
    final String badRequest;

    private CkanActionError(int status, ObjectNode error, String badRequest) {
        super(error != null ? error.toString() : badRequest, null, false, false);
        this.status = status;
        this.error = error;
        this.badRequest = badRequest;
    }

    /** ValidationError(error_dict): the field errors at the top of the error object. */
    static CkanActionError validation(ObjectNode errorDict) {
        errorDict.put("__type", "Validation Error");
        return new CkanActionError(409, errorDict, null);
    }

    /** ValidationError({field: [message]}). */
    static CkanActionError validation(String field, String message) {
        ObjectNode e = CkanJson.object();
        e.putArray(field).add(message);
        return validation(e);
    }

    static CkanActionError validation(Map<String, List<String>> errors) {
        ObjectNode e = CkanJson.object();
        errors.forEach((k, v) -> v.forEach(e.withArray(k)::add));
        return validation(e);
    }

    /** NotFound(msg): "Not found: msg", or "Not found" for a bare {@code raise NotFound}. */
    static CkanActionError notFound(String message) {
        ObjectNode e = CkanJson.object();
        e.put("__type", "Not Found Error");
        e.put("message", message == null || message.isEmpty() ? "Not found" : "Not found: " + message);
        return new CkanActionError(404, e, null);
    }

    static CkanActionError notAuthorized(String message) {
        ObjectNode e = CkanJson.object();
        e.put("__type", "Authorization Error");
        e.put("message", message == null || message.isEmpty() ? "Access denied" : "Access denied: " + message);
        return new CkanActionError(403, e, null);
    }

    /** DataError from navl flattening: a list where dicts were expected and the like. */
    static CkanActionError integrity(String message, JsonNode data) {
        ObjectNode e = CkanJson.object();
        e.put("__type", "Integrity Error");
        e.put("message", message);
        e.set("data", data);
        return new CkanActionError(400, e, null);
    }

    static CkanActionError internal() {
        ObjectNode e = CkanJson.object();
        e.put("__type", "Internal Server Error");
        e.put("message", "Internal Server Error");
        return new CkanActionError(500, e, null);
    }

    /** A request this stand-in does not model: a 500 that says so, so that a test relying on it fails loudly. */
    static CkanActionError unsupported(String what) {
        ObjectNode e = CkanJson.object();
        e.put("__type", "Internal Server Error");
        e.put("message", "CkanTestServer does not implement " + what);
        return new CkanActionError(500, e, null);
    }

    static CkanActionError badRequest(String extra) {
        return new CkanActionError(400, null, "Bad request: " + extra);
    }
}
