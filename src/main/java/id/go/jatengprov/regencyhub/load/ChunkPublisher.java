package id.go.jatengprov.regencyhub.load;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;

/** Puts chunks on the load queue as persistent bytes messages; returns once the broker has stored them. */
@Component
public class ChunkPublisher {

    private final ProducerTemplate producer;
    private final String uri;

    public ChunkPublisher(ProducerTemplate producer, LoadQueue queue) {
        this.producer = producer;
        this.uri = queue.producerUri();
    }

    public void publish(ChunkMessage chunk) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(HubHeaders.BATCH, chunk.batchId());
        headers.put(HubHeaders.CHUNK, chunk.chunk());
        headers.put(HubHeaders.SOURCE, chunk.sourceId());
        headers.put(HubHeaders.DATASET, chunk.datasetId());
        headers.put(HubHeaders.COLUMNS, String.join(",", chunk.columns()));
        if (chunk.key() != null) headers.put(HubHeaders.KEY, String.join(",", chunk.key()));
        headers.put(HubHeaders.ROWS, chunk.rows());
        if (chunk.revisions() != null) headers.put(HubHeaders.REVISIONS, chunk.revisions().toString());
        producer.sendBodyAndHeaders(uri, chunk.body(), headers);
    }
}
