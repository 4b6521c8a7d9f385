package id.go.jatengprov.regencyhub.load;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.HubProperties;

/**
 * Reads a chunk from the JMS message and loads it. On failure it records why and rethrows, so the
 * transacted consumer rolls back and the broker redelivers with backoff (or dead-letters it).
 */
@Component
public class LoadProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(LoadProcessor.class);

    private final ChunkLoader loader;
    private final LoadFailures failures;
    private final int maxAttempts;
    private final AtomicLong failedAttempts = new AtomicLong();

    public LoadProcessor(ChunkLoader loader, LoadFailures failures, HubProperties props) {
        this.loader = loader;
        this.failures = failures;
        this.maxAttempts = props.getBroker().getRedelivery().getMaxAttempts() + 1;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ChunkMessage chunk = read(exchange.getIn());
        int attempt = exchange.getIn().getHeader(DELIVERY_COUNT, 1, Integer.class);
        try {
            ChunkLoader.Result r = loader.load(chunk);
            if (attempt > 1 && !r.alreadyLoaded()) {
                log.info("Chunk {}/{} loaded on attempt {}", chunk.batchId(), chunk.chunk(), attempt);
            }
        } catch (Exception e) {
            // one line: PostgreSQL's messages carry "Detail:" and "Where:" on lines of their own
            String error = (e.getClass().getSimpleName() + ": " + e.getMessage()).replaceAll("\\s*\\R\\s*", " / ");
            failedAttempts.incrementAndGet();
            boolean last = attempt >= maxAttempts;
            log.warn("Loading chunk {}/{} failed (attempt {} of {}): {}", chunk.batchId(), chunk.chunk(), attempt,
                    maxAttempts, error);
            failures.record(chunk.batchId(), chunk.chunk(), attempt, last, error);
            throw e;
        }
    }

    /** Load attempts that failed since start (also when the failure could not be recorded in the database). */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** The broker's count of deliveries of this message, the first one included. */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    /** The chunk from the message's body and headers (the JMS properties the publisher set). */
    static ChunkMessage read(org.apache.camel.Message m) {
        byte[] body = m.getBody(byte[].class);
        if (body == null) {
            throw new IllegalArgumentException("load message " + m.getMessageId() + " has no bytes body");
        }
        List<String> columns = Arrays.asList(m.getHeader(HubHeaders.COLUMNS, String.class).split(","));
        String key = m.getHeader(HubHeaders.KEY, String.class);
        String revisions = m.getHeader(HubHeaders.REVISIONS, String.class);
        return new ChunkMessage(m.getHeader(HubHeaders.BATCH, Long.class), m.getHeader(HubHeaders.CHUNK, Integer.class),
                m.getHeader(HubHeaders.SOURCE, String.class), m.getHeader(HubHeaders.DATASET, String.class), columns,
                key == null ? null : Arrays.asList(key.split(",")), m.getHeader(HubHeaders.ROWS, Integer.class), body,
                revisions == null ? null : Boolean.valueOf(revisions));
    }
}
