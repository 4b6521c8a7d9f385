package id.go.jatengprov.regencyhub.api;

/** An error answer with its HTTP status, a message that says what to do, and headers it needs (Retry-After). */
public class ApiException extends RuntimeException {
    private final int status;
    private final java.util.Map<String, String> headers;

    public ApiException(int status, String message) {
        this(status, message, java.util.Map.of());
    }

    public ApiException(int status, String message, java.util.Map<String, String> headers) {
        super(message);
        this.status = status;
        this.headers = java.util.Map.copyOf(headers);
    }

    public int status() { return status; }
    public java.util.Map<String, String> headers() { return headers; }
}
