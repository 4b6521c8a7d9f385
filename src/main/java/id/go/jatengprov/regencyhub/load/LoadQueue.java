package id.go.jatengprov.regencyhub.load;

import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;

/**
 * The load queue and its dead-letter queue, named and addressed in one place: the route that consumes it, the
 * publisher that fills it and the dead-letter view all ask here. The dead-letter queue is {@code DLQ.<queue>}
 * (ActiveMQ's individual dead-letter strategy with that prefix, on the embedded broker and, by the README, on an
 * external one).
 */
@Component
public class LoadQueue {

    public static final String DLQ_PREFIX = "DLQ.";

    private final String name;
    private final int consumers;

    public LoadQueue(HubProperties props) {
        this.name = props.getLoad().getQueue();
        this.consumers = props.getLoad().getConsumers();
    }

    public String name() { return name; }

    public String deadLetterQueue() { return DLQ_PREFIX + name; }

    /**
     * Transacted consumers: the JMS session commits only after the chunk's database transaction did.
     * CACHE_CONSUMER is required for the broker's redelivery delay to apply (STACK.md gotcha 1).
     */
    public String consumerUri() {
        return "jms:queue:" + name + "?transacted=true&cacheLevelName=CACHE_CONSUMER"
                + "&concurrentConsumers=" + consumers + "&maxConcurrentConsumers=" + consumers + "&jmsMessageType=Bytes";
    }

    /** Persistent bytes messages, no reply expected. */
    public String producerUri() {
        return "jms:queue:" + name + "?deliveryPersistent=true&jmsMessageType=Bytes&disableReplyTo=true";
    }
}
