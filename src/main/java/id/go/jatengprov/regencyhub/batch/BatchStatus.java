package id.go.jatengprov.regencyhub.batch;

/** Where a batch stands. RECEIVED and QUEUED are on the way; the others are final. */
public enum BatchStatus {
    RECEIVED, QUEUED, LOADED, LOADED_WITH_REJECTS, FAILED, DUPLICATE;

    public boolean isFinal() {
        return this != RECEIVED && this != QUEUED;
    }
}
