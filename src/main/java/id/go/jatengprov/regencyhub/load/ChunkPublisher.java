package id.go.jatengprov.regencyhub.load;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;

/** Puts chunks on the load queue as persistent bytes messages; returns once the broker has stored them. */
@Component
public class ChunkPublisher {

    private final ProducerTemplate producer;
    private final String uri;

    public ChunkPublisher(ProducerTemplate producer, HubProperties props) {
        this.producer = producer;
        this.uri = "jms:queue:" + props.getLoad().getQueue()
                + "?deliveryPersistent=true&jmsMessageType=Bytes&disableReplyTo=true";
    }

    public void publish(ChunkMessage chunk) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(ChunkMessage.BATCH, chunk.batchId());
        headers.put(ChunkMessage.CHUNK, chunk.chunk());
        headers.put(ChunkMessage.SOURCE, chunk.sourceId());
        headers.put(ChunkMessage.DATASET, chunk.datasetId());
        headers.put(ChunkMessage.COLUMNS, String.join(",", chunk.columns()));
        headers.put(ChunkMessage.ROWS, chunk.rows());
        producer.sendBodyAndHeaders(uri, chunk.body(), headers);
    }
}
