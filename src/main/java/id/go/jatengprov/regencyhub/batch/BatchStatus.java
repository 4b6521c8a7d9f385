package id.go.jatengprov.regencyhub.batch;

/**
 * Where a batch stands. RECEIVED and QUEUED are on the way; the others are final, except that a FAILED
 * batch whose chunks wait in the dead-letter queue goes back to QUEUED when they are replayed. Which
 * moves are allowed is {@link BatchLifecycle}'s to say.
 */
public enum BatchStatus {
    RECEIVED, QUEUED, LOADED, LOADED_WITH_REJECTS, FAILED, DUPLICATE;

    public boolean isFinal() {
        return this != RECEIVED && this != QUEUED;
    }
}
