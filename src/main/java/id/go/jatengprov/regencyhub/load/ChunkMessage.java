package id.go.jatengprov.regencyhub.load;

import java.util.List;

/**
 * One chunk of normalised rows on its way to the warehouse: COPY text of {@code columns} plus the source
 * row number, and where it belongs. Travels as a JMS BytesMessage with these values as properties named in
 * {@link id.go.jatengprov.regencyhub.HubHeaders}. The columns, the key and whether revisions are kept are those of
 * the configuration the batch started with, so that a reload while the chunk waits in the queue does not change how
 * it loads.
 *
 * @param key       the natural key's columns; null for a message queued by a hub before 0.4, which did not send
 *                  it: then the table's key constraint says
 * @param revisions whether the values it changes are kept in the dataset's revisions; null for a message queued
 *                  by a hub before 0.4: then they are if the dataset's history table exists
 */
public record ChunkMessage(long batchId, int chunk, String sourceId, String datasetId, List<String> columns,
                           List<String> key, int rows, byte[] body, Boolean revisions) {

    /** A chunk of a dataset whose key travels with it; revisions as the table says. */
    public ChunkMessage(long batchId, int chunk, String sourceId, String datasetId, List<String> columns, List<String> key,
                        int rows, byte[] body) {
        this(batchId, chunk, sourceId, datasetId, columns, key, rows, body, null);
    }

    /** A chunk whose key the loader reads from the table. */
    public ChunkMessage(long batchId, int chunk, String sourceId, String datasetId, List<String> columns, int rows,
                        byte[] body) {
        this(batchId, chunk, sourceId, datasetId, columns, null, rows, body, null);
    }
}
