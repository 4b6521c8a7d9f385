package id.go.jatengprov.regencyhub.api;

/** An error answer with its HTTP status and a message that says what to do. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() { return status; }
}
