package id.go.jatengprov.regencyhub.batch;

/** An event that the batch's current status does not allow, e.g. a chunk loaded into a DUPLICATE batch. */
public class IllegalTransitionException extends IllegalStateException {

    private final BatchStatus from;
    private final String event;

    public IllegalTransitionException(BatchStatus from, String event) {
        super("a batch that is " + from + " cannot be " + event);
        this.from = from;
        this.event = event;
    }

    public BatchStatus from() { return from; }

    public String event() { return event; }
}
