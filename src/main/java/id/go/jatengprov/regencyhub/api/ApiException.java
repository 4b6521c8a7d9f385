package id.go.jatengprov.regencyhub.api;

import java.util.Map;

/** An error answer with its HTTP status, a message that says what to do, and headers it needs (Retry-After). */
public class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, String> headers;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() { return status; }
    public Map<String, String> headers() { return headers; }
}
