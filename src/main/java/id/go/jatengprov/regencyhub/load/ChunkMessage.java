package id.go.jatengprov.regencyhub.load;

import java.util.List;

/**
 * One chunk of normalised rows on its way to the warehouse: COPY text of {@code columns} plus the source
 * row number, and where it belongs. Travels as a JMS BytesMessage with these values as properties named in
 * {@link id.go.jatengprov.regencyhub.HubHeaders}. The columns and the key are those of the configuration the
 * batch started with, so that a reload while the chunk waits in the queue does not change how it loads.
 *
 * @param key the natural key's columns; null for a message queued by a hub before 0.4, which did not send
 *            it: then the table's key constraint says
 */
public record ChunkMessage(long batchId, int chunk, String sourceId, String datasetId, List<String> columns,
                           List<String> key, int rows, byte[] body) {

    /** A chunk whose key the loader reads from the table. */
    public ChunkMessage(long batchId, int chunk, String sourceId, String datasetId, List<String> columns, int rows,
                        byte[] body) {
        this(batchId, chunk, sourceId, datasetId, columns, null, rows, body);
    }
}
