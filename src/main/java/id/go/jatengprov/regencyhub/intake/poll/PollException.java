package id.go.jatengprov.regencyhub.intake.poll;

/** A poll that failed for a reason worth telling the operator (and not worth retrying at once). */
public class PollException extends RuntimeException {
    private final int httpStatus;

    public PollException(String message) {
        this(message, 0);
    }

    public PollException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() { return httpStatus; }
}
