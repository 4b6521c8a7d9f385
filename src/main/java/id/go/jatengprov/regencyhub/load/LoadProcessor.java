package id.go.jatengprov.regencyhub.load;

import java.util.Arrays;
import java.util.List;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

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
    private final java.util.concurrent.atomic.AtomicLong failedAttempts = new java.util.concurrent.atomic.AtomicLong();

    public LoadProcessor(ChunkLoader loader, LoadFailures failures, HubProperties props) {
        this.loader = loader;
        this.failures = failures;
        this.maxAttempts = props.getBroker().getRedelivery().getMaxAttempts() + 1;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message jms = exchange.getIn(JmsMessage.class).getJmsMessage();
        ChunkMessage chunk = read(jms, exchange.getIn().getBody(byte[].class));
        int attempt = deliveryCount(jms);
        try {
            ChunkLoader.Result r = loader.load(chunk);
            if (attempt > 1 && !r.alreadyLoaded()) {
                log.info("Chunk {}/{} loaded on attempt {}", chunk.batchId(), chunk.chunk(), attempt);
            }
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
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

    static ChunkMessage read(Message m, byte[] body) throws JMSException {
        if (body == null) {
            throw new IllegalArgumentException("load message " + m.getJMSMessageID() + " has no bytes body");
        }
        List<String> columns = Arrays.asList(m.getStringProperty(ChunkMessage.COLUMNS).split(","));
        return new ChunkMessage(m.getLongProperty(ChunkMessage.BATCH), m.getIntProperty(ChunkMessage.CHUNK),
                m.getStringProperty(ChunkMessage.SOURCE), m.getStringProperty(ChunkMessage.DATASET), columns,
                m.getIntProperty(ChunkMessage.ROWS), body);
    }

    static int deliveryCount(Message m) throws JMSException {
        return m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 1;
    }
}
