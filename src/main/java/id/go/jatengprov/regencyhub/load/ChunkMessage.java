package id.go.jatengprov.regencyhub.load;

import java.util.List;

/**
 * One chunk of normalised rows on its way to the warehouse: COPY text of {@code columns} plus the source
 * row number, and where it belongs. Travels as a JMS BytesMessage with these values as properties named in
 * {@link id.go.jatengprov.regencyhub.HubHeaders}.
 */
public record ChunkMessage(long batchId, int chunk, String sourceId, String datasetId, List<String> columns,
                           int rows, byte[] body) {
}
