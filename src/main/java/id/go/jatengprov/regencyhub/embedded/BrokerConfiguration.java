package id.go.jatengprov.regencyhub.embedded;

import java.util.List;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.camel.component.jms.JmsComponent;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.load.LoadQueue;

/**
 * The broker that carries load work: embedded ActiveMQ Classic with a KahaDB store under
 * {@code <data-dir>/broker} unless {@code hub.broker.url} names an external one. Redelivery is the
 * client's, with exponential backoff; after the last attempt a chunk goes to {@code DLQ.<queue>}.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);
    public static final String BROKER_NAME = "regency-hub";

    /**
     * The embedded broker's name, unique per data folder: brokers of one JVM share the vm:// registry by
     * name, so two hubs in one JVM (tests, or a start that fails beside a running one) must not find, or
     * stop, each other's broker.
     */
    static String brokerName(HubProperties props) {
        return props.instanceName(BROKER_NAME);
    }

    @Bean(destroyMethod = "stop")
    @ConditionalOnExpression("'${hub.broker.url:}'.isEmpty()")
    public BrokerService embeddedBroker(HubProperties props) throws Exception {
        BrokerService broker = new BrokerService();
        broker.setBrokerName(brokerName(props));
        broker.setDataDirectoryFile(props.getDataDir().resolve("broker").toFile());
        broker.setPersistent(true);
        KahaDBPersistenceAdapter kaha = new KahaDBPersistenceAdapter();
        kaha.setDirectory(props.getDataDir().resolve("broker").resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kaha);
        broker.setUseJmx(false);          // no JMX: nothing of the broker is reachable from outside
        broker.setUseShutdownHook(false); // Spring stops it after Camel, so in-flight work ends cleanly
        broker.setAdvisorySupport(false);
        broker.setSchedulerSupport(false);
        broker.getSystemUsage().getMemoryUsage().setLimit(64L * 1024 * 1024);
        // ActiveMQ's store limits are 100 GB (messages) and 50 GB (temporary files); on a smaller disk the broker
        // warned at every start ("Store limit is 102400 mb ... resetting to maximum available disk space") and cut
        // them itself. The hub sets them to what the disk offers, so a start says nothing that is not news.
        fitToDisk(broker.getSystemUsage().getStoreUsage(), kaha.getDirectory().toPath());
        fitToDisk(broker.getSystemUsage().getTempUsage(), props.getDataDir().resolve("broker"));

        IndividualDeadLetterStrategy dlq = new IndividualDeadLetterStrategy();
        dlq.setQueuePrefix(LoadQueue.DLQ_PREFIX);
        dlq.setUseQueueForQueueMessages(true);
        dlq.setProcessNonPersistent(false);
        PolicyEntry queues = new PolicyEntry();
        queues.setQueue(">");
        queues.setDeadLetterStrategy(dlq);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(queues));
        broker.setDestinationPolicy(policies);

        broker.start();
        broker.waitUntilStarted();
        log.info("Embedded ActiveMQ Classic broker started (KahaDB store in {})", kaha.getDirectory());
        return broker;
    }

    /**
     * At most the free space of the folder's file system, less a margin for the store's own first files (a
     * journal file is 32 MB). A disk with less than the margin free keeps ActiveMQ's limit, and its warning.
     */
    static void fitToDisk(org.apache.activemq.usage.Usage<?> usage, java.nio.file.Path dir) {
        java.io.File existing = dir.toAbsolutePath().toFile();
        while (existing != null && !existing.isDirectory()) existing = existing.getParentFile();
        if (existing == null) return;
        long usable = existing.getUsableSpace();
        long limit = usable - Math.max(usable / 20, 128L * 1024 * 1024);
        if (limit > 0 && limit < usage.getLimit()) {
            usage.setLimit(limit);
        }
    }

    @Bean(destroyMethod = "stop")
    public JmsPoolConnectionFactory jmsConnectionFactory(HubProperties props, ObjectProvider<BrokerService> embedded) {
        HubProperties.Broker cfg = props.getBroker();
        // Resolving the provider makes the embedded broker start first and stop last.
        boolean isEmbedded = embedded.getIfAvailable() != null;
        String url = isEmbedded ? "vm://" + brokerName(props) + "?create=false" : cfg.getUrl();
        ActiveMQConnectionFactory amq = new ActiveMQConnectionFactory(url);
        if (cfg.getUser() != null) {
            amq.setUserName(cfg.getUser());
            amq.setPassword(cfg.getPassword());
        }
        amq.setRedeliveryPolicy(redeliveryPolicy(cfg.getRedelivery()));
        amq.setTrustAllPackages(false);
        amq.setTrustedPackages(List.of()); // the hub sends bytes only; no ObjectMessage is ever deserialised
        amq.setWatchTopicAdvisories(false);
        // A chunk is megabytes and takes a second to load. With the default prefetch (1000) the broker pushed
        // every chunk it could hold in memory to one consumer while the other sat idle (and the broker logged
        // "cursor blocked"); one at a time, each free consumer takes the next chunk.
        amq.getPrefetchPolicy().setQueuePrefetch(1);
        // The load log is the hub's duplicate check (a chunk that loaded before is a no-op). The client's own check
        // poison-acked a chunk that the slave broker redelivered after a master/slave failover, which put a chunk that
        // had loaded into the dead-letter queue (found by ClusterFaultIT); with it off, the chunk comes again and is
        // recognised by the load log.
        amq.setCheckForDuplicates(false);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(amq);
        pool.setMaxConnections(2);
        if (!isEmbedded) {
            // The dead-letter policy is the broker's, not the client's: an external broker left on ActiveMQ's
            // default (one shared ActiveMQ.DLQ) parks failed chunks where the dead-letter API never looks.
            log.info("Using the external ActiveMQ broker at {}; it must dead-letter to {}{} (IndividualDeadLetterStrategy,"
                    + " queuePrefix=\"{}\") like the embedded broker does", url.replaceAll("//[^@/]*@", "//***@"),
                    LoadQueue.DLQ_PREFIX, props.getLoad().getQueue(), LoadQueue.DLQ_PREFIX);
        }
        return pool;
    }

    static RedeliveryPolicy redeliveryPolicy(HubProperties.Redelivery r) {
        RedeliveryPolicy p = new RedeliveryPolicy();
        p.setMaximumRedeliveries(r.getMaxAttempts());
        p.setInitialRedeliveryDelay(r.getInitialDelay().toMillis());
        p.setRedeliveryDelay(r.getInitialDelay().toMillis());
        p.setUseExponentialBackOff(r.getMultiplier() > 1.0);
        p.setBackOffMultiplier(r.getMultiplier());
        p.setMaximumRedeliveryDelay(r.getMaxDelay().toMillis());
        return p;
    }

    @Bean("jms")
    public JmsComponent jmsComponent(ConnectionFactory jmsConnectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponent(jmsConnectionFactory);
        // Never map JMS ObjectMessages to Java objects; bodies are bytes.
        jms.setJmsMessageType(org.apache.camel.component.jms.JmsMessageType.Bytes);
        return jms;
    }
}
