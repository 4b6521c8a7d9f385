package id.go.jatengprov.regencyhub.publish;

/**
 * A publish that stopped: which dataset, which portal, which step, and CKAN's own words when the portal
 * refused. {@link #isRetryable()} tells the caller whether running the same publish later may succeed
 * (the portal was down or overloaded) or something must change first (a refused row, a wrong key or name).
 */
public class CkanPublishException extends RuntimeException {

    public CkanPublishException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the portal did not answer or failed on its side; false when it refused (or the data is wrong). */
    public boolean isRetryable() {
        return getCause() instanceof CkanException e && e.isRetryable();
    }

    /** The portal's error, when it was one. */
    public CkanException ckanError() {
        return getCause() instanceof CkanException e ? e : null;
    }
}
