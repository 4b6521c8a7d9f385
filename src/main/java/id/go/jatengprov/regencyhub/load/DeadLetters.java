package id.go.jatengprov.regencyhub.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.IllegalTransitionException;

/**
 * What sits in the dead-letter queue and why, and replay: each chunk goes back to the load queue in
 * one JMS transaction (taken from the DLQ and sent anew, or neither). Replay is idempotent: a chunk
 * that meanwhile loaded finds its load-log row and changes nothing.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final ConnectionFactory connectionFactory;
    private final JdbcTemplate jdbc;
    private final BatchStore batches;
    private final String queue;
    private final String dlq;

    public DeadLetters(ConnectionFactory connectionFactory, JdbcTemplate jdbc, BatchStore batches, LoadQueue loadQueue) {
        this.connectionFactory = connectionFactory;
        this.jdbc = jdbc;
        this.batches = batches;
        this.queue = loadQueue.name();
        this.dlq = loadQueue.deadLetterQueue();
    }

    public List<Map<String, Object>> list() throws JMSException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = s.createBrowser(s.createQueue(dlq));
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                Message m = (Message) e.nextElement();
                out.add(describe(m));
            }
        }
        return out;
    }

    /** A chunk in the dead-letter queue: its batch and number. */
    public record Waiting(long batch, int chunk) {}

    /** The chunks in the dead-letter queue, browsed (nothing is taken), without asking the database. */
    public List<Waiting> waiting() throws JMSException {
        List<Waiting> out = new ArrayList<>();
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = s.createBrowser(s.createQueue(dlq));
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                Message m = (Message) e.nextElement();
                out.add(new Waiting(m.getLongProperty(HubHeaders.BATCH), m.getIntProperty(HubHeaders.CHUNK)));
            }
        }
        return out;
    }

    private Map<String, Object> describe(Message m) throws JMSException {
        long batch = m.getLongProperty(HubHeaders.BATCH);
        int chunk = m.getIntProperty(HubHeaders.CHUNK);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("messageId", m.getJMSMessageID());
        d.put("source", m.getStringProperty(HubHeaders.SOURCE));
        d.put("batch", String.valueOf(batch));
        d.put("chunk", chunk);
        d.put("rows", m.getIntProperty(HubHeaders.ROWS));
        List<Map<String, Object>> f = jdbc.queryForList(
                "SELECT attempts, first_failure, last_failure, last_error FROM hub.chunk_failure WHERE batch_id = ? AND chunk = ?",
                batch, chunk);
        if (!f.isEmpty()) {
            d.put("attempts", f.get(0).get("attempts"));
            d.put("firstFailure", f.get(0).get("first_failure"));
            d.put("lastFailure", f.get(0).get("last_failure"));
            d.put("lastError", f.get(0).get("last_error"));
        } else {
            d.put("lastError", m.getStringProperty("dlqDeliveryFailureCause"));
        }
        return d;
    }

    /**
     * Sends dead-lettered chunks back to the load queue.
     *
     * @param messageId one message, or null for all (optionally only those of {@code batch})
     * @return how many were sent back
     */
    public int replay(String messageId, Long batch) throws JMSException {
        int n = 0;
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue from = s.createQueue(dlq);
            MessageProducer producer = s.createProducer(s.createQueue(queue));
            String selector = messageId != null ? "JMSMessageID = '" + messageId.replace("'", "''") + "'"
                    : batch != null ? HubHeaders.BATCH + " = " + batch : null;
            try (MessageConsumer consumer = s.createConsumer(from, selector)) {
                Message m;
                while ((m = consumer.receive(500)) != null) {
                    BytesMessage copy = s.createBytesMessage();
                    byte[] body = new byte[(int) ((BytesMessage) m).getBodyLength()];
                    ((BytesMessage) m).readBytes(body);
                    copy.writeBytes(body);
                    for (String p : Collections.list(propertyNames(m))) {
                        if (p.startsWith("hub")) copy.setObjectProperty(p, m.getObjectProperty(p));
                    }
                    long b = m.getLongProperty(HubHeaders.BATCH);
                    // The batch goes back to QUEUED before its chunk can load: marked after the send, a fast loader
                    // finished the FAILED batch first and the replay was never recorded (BatchLogTest).
                    try {
                        batches.replayed(b);
                    } catch (IllegalTransitionException e) {
                        log.warn("Chunk {}/{} replayed, but its batch is not waiting for it: {}", b,
                                m.getIntProperty(HubHeaders.CHUNK), e.getMessage());
                    }
                    producer.send(copy);
                    s.commit();
                    jdbc.update("UPDATE hub.chunk_failure SET dead_lettered = false WHERE batch_id = ? AND chunk = ?",
                            b, m.getIntProperty(HubHeaders.CHUNK));
                    n++;
                    if (messageId != null) break;
                }
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<String> propertyNames(Message m) throws JMSException {
        return (Enumeration<String>) m.getPropertyNames();
    }
}
