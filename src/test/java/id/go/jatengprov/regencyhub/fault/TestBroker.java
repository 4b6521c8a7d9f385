package id.go.jatengprov.regencyhub.fault;

import java.nio.file.Path;
import java.util.List;

import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.store.SharedFileLocker;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

/**
 * An external ActiveMQ Classic broker in its own OS process, so that the fault suite can kill it with
 * {@code kill -9} and start it again on the same KahaDB folder: {@code TestBroker <port> <data-dir>}.
 *
 * <p>{@code TestBroker <port> <shared-dir> <name>} is one broker of a shared-store master/slave pair: both use the
 * KahaDB folder {@code <shared-dir>/kahadb}, each its own data folder {@code <shared-dir>/<name>}. The first to lock
 * the store (ActiveMQ's SharedFileLocker, a file lock the OS releases when the process dies) is the master and opens
 * its port; the other waits as slave ("... is now in slave mode", logged), and becomes master when the lock is free.
 *
 * <p>Like any external broker the hub uses, it must dead-letter the way the hub expects: an individual
 * dead-letter queue per queue, named {@code DLQ.<queue>} (ActiveMQ's default is one shared
 * {@code ActiveMQ.DLQ}, where the hub's dead-letter API would find nothing).
 */
public final class TestBroker {

    private TestBroker() {}

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int port = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        String name = args.length > 2 ? args[2] : null;
        BrokerService broker = new BrokerService();
        broker.setBrokerName(name == null ? "fault-broker" : "fault-broker-" + name);
        broker.setDataDirectoryFile(name == null ? dir.toFile() : dir.resolve(name).toFile());
        broker.setPersistent(true);
        KahaDBPersistenceAdapter kaha = new KahaDBPersistenceAdapter();
        kaha.setDirectory(dir.resolve("kahadb").toFile());
        if (name != null) {
            // ActiveMQ's default retry is every 10 s; a slave that tries every 500 ms takes over within a second
            SharedFileLocker locker = new SharedFileLocker();
            locker.setLockAcquireSleepInterval(500);
            kaha.setLocker(locker);
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SharedFileLocker.class))
                    .setLevel(ch.qos.logback.classic.Level.INFO);
        }
        broker.setPersistenceAdapter(kaha);
        broker.setUseJmx(false);
        broker.setAdvisorySupport(false);
        broker.setSchedulerSupport(false);
        IndividualDeadLetterStrategy dlq = new IndividualDeadLetterStrategy();
        dlq.setQueuePrefix("DLQ.");
        dlq.setUseQueueForQueueMessages(true);
        dlq.setProcessNonPersistent(false);
        PolicyEntry queues = new PolicyEntry();
        queues.setQueue(">");
        queues.setDeadLetterStrategy(dlq);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(queues));
        broker.setDestinationPolicy(policies);
        broker.addConnector("tcp://127.0.0.1:" + port);
        broker.start();
        broker.waitUntilStarted();
        System.out.println("TEST-BROKER STARTED on port " + port);
        broker.waitUntilStopped();
    }
}
