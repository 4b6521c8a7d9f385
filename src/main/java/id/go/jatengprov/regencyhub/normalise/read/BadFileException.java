package id.go.jatengprov.regencyhub.normalise.read;

/**
 * A whole file that cannot be read (wrong format, broken quoting, limits exceeded...).
 * The message is meant for the person who sent the file: it says what is wrong, where
 * (line or byte offset when known) and what to do about it.
 */
public final class BadFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadFileException(String message) {
        super(message);
    }

    public BadFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
