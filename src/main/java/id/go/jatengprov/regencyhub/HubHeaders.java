package id.go.jatengprov.regencyhub;

/**
 * The names of the headers the hub sets on its own exchanges and messages, defined once. Custom routes use
 * {@link #SOURCE} and {@link #FILE_NAME} to hand a payload to {@code direct:hub-intake} and read
 * {@link #BATCH} and {@link #STATUS} back; load messages carry the chunk's identity as JMS properties.
 * None of them is ever taken from an outside request: HTTP requests never become exchanges, and the load
 * route drops {@code Camel*} headers first.
 */
public final class HubHeaders {

    /** The source a payload belongs to. */
    public static final String SOURCE = "hubSource";
    /** A label for the payload (a file name); never used as a path. */
    public static final String FILE_NAME = "hubFileName";
    /** The batch a payload became, or a chunk belongs to. */
    public static final String BATCH = "hubBatch";
    /** The batch's status after intake. */
    public static final String STATUS = "hubStatus";
    /** Where a drop file goes after intake: {@code .done} or {@code .failed}. */
    public static final String OUTCOME_DIR = "hubOutcomeDir";
    /** A load message: its chunk number, dataset, COPY columns, natural key columns and row count. */
    public static final String CHUNK = "hubChunk";
    public static final String DATASET = "hubDataset";
    public static final String COLUMNS = "hubColumns";
    public static final String KEY = "hubKey";
    public static final String ROWS = "hubRows";
    /** A load message: whether the values it changes go to the dataset's revisions ({@code true}/{@code false}). */
    public static final String REVISIONS = "hubRevisions";

    private HubHeaders() {}
}
