package id.go.jatengprov.regencyhub.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.support.Sha256;

/**
 * Keeps each dataset with a {@code publish.ckan} section in step with its portal, on a thread of its own: never on
 * the load path, which writes nothing for it. It looks every {@code hub.publish.interval} and whenever it is woken
 * (after a load, on a replay) for datasets with final batches whose rows are not on the portal yet
 * ({@link PublishStateStore#waitingBatches}), a run in progress, or changed metadata; then, one dataset at a time:
 *
 * <ol>
 *   <li>records the run (its batches) before sending anything;</li>
 *   <li>makes the package (create, or package_patch of what differs) and the DataStore resource exist
 *       ({@link CkanPublisher#prepare});</li>
 *   <li>sends the rows those batches wrote last (every row for a new table or resource) in natural-key order, pages of
 *       datastore_upsert, recording the last confirmed key after each page;</li>
 *   <li>marks the batches published in the transaction that ends the run.</li>
 * </ol>
 *
 * A crash resumes the recorded run after its last confirmed page, so a row is sent again only if it was in the one
 * page in flight, and that page is an upsert by key: the portal ends with exactly the warehouse's rows. A failure is
 * recorded per dataset (health, {@code GET /api/v1/datasets/{id}}) and tried again after a backoff; a replay
 * ({@link #replay}) tries at once. Across hubs sharing a database, an advisory lock lets one publish a dataset.
 */
@Component
public class DatasetPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatasetPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ActiveConfig config;
    private final PublishStateStore store;
    private final DataSource dataSource;
    private final PublishProperties props;
    private final Environment env;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile ScheduledExecutorService worker;

    public DatasetPublisher(ActiveConfig config, PublishStateStore store, DataSource dataSource, PublishProperties props,
                            Environment env) {
        this.config = config;
        this.store = store;
        this.dataSource = dataSource;
        this.props = props;
        this.env = env;
    }

    @Override
    public void start() {
        if (!props.isEnabled()) {
            log.info("Publishing to CKAN is off (hub.publish.enabled=false)");
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-publish");
            t.setDaemon(true);
            return t;
        });
        long every = props.getInterval().toMillis();
        worker.scheduleWithFixedDelay(this::scan, Math.min(every, 2000), every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService w = worker;
        worker = null;
        if (w != null) {
            // a run cut here resumes after its last confirmed page at the next start
            w.shutdownNow();
            try {
                w.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Look now (coalesced: many wakes while a look is queued make one look). Never blocks. */
    public void wake() {
        ScheduledExecutorService w = worker;
        if (w != null && queued.compareAndSet(false, true)) {
            try {
                w.execute(() -> {
                    queued.set(false);
                    scan();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                queued.set(false);
            }
        }
    }

    /**
     * An operator's replay: forget the backoff and look now; with {@code allRows}, send every row again.
     *
     * @throws IllegalArgumentException when the dataset has no publish section
     */
    public void replay(String datasetId, boolean allRows) {
        DatasetDef d = config.config().datasets().get(datasetId);
        if (d == null || d.info().publish() == null) {
            throw new IllegalArgumentException("dataset '" + datasetId + "' has no publish: section");
        }
        store.forTarget(d.id(), CkanTarget.of(d.info().publish()).datasetPage().toString());
        store.replay(datasetId, allRows);
        wake();
    }

    /** One look at every published dataset. */
    void scan() {
        for (DatasetDef d : config.config().datasets().values()) {
            if (d.info().publish() == null) continue;
            if (Thread.currentThread().isInterrupted()) return;
            try {
                publishIfDue(d);
            } catch (RuntimeException e) {
                log.warn("Publishing dataset {}: {}", d.id(), e.getMessage());
            }
        }
    }

    /** Publishes the dataset if it has anything to send and its backoff is over. */
    void publishIfDue(DatasetDef d) {
        CkanTarget target = CkanTarget.of(d.info().publish());
        DatasetMetadata meta = DatasetMetadata.of(d);
        String metaHash = Sha256.of(meta.toString());
        PublishState state = store.forTarget(d.id(), target.datasetPage().toString());
        if (!store.due(d.id())) return;
        List<Long> waiting = state.runInProgress() ? List.of() : store.waitingBatches(d.id());
        // Nothing goes to a portal before the first batch with rows; after that, a changed metadata or a new table too
        boolean published = state.lastSuccessAt() != null;
        if (!state.runInProgress() && waiting.isEmpty()
                && !(published && (state.runAllRows() || !metaHash.equals(state.metadataHash())))) return;
        try (Connection lock = dataSource.getConnection()) {
            if (!tryLock(lock, d.id())) return; // another hub publishes it now
            try {
                run(d, target, meta, metaHash);
            } finally {
                unlock(lock, d.id());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private void run(DatasetDef d, CkanTarget target, DatasetMetadata meta, String metaHash) {
        PublishState state = store.find(d.id()).orElseThrow();
        if (!state.runInProgress() || state.runLastKey() == null) {
            // a new run, or one that sent nothing yet: it takes every batch waiting now
            List<Long> waiting = store.waitingBatches(d.id());
            store.startRun(d.id(), waiting, state.runAllRows());
            state = store.find(d.id()).orElseThrow();
        }
        List<Long> batches = state.runBatches();
        try {
            CkanClient client = CkanClient.forTarget(target, env::getProperty, props.clientSettings());
            CkanPublisher publisher = new CkanPublisher(client, target, props.getPageSize());
            CkanPublisher.Prepared prepared = publisher.prepare(meta, state.resourceId());
            store.resource(d.id(), prepared.packageId(), prepared.resourceId());
            boolean all = state.runAllRows();
            JsonNode after = state.runLastKey() == null ? null : JSON.readTree(state.runLastKey());
            long sentBefore = state.runRowsSent();
            if (!all && (prepared.needsAllRows() || (prepared.rowsOnPortal() == 0 && state.rowsPublished() > 0))) {
                // the portal's table is new, or lost its rows: this run sends every row
                store.widenRun(d.id());
                all = true;
                after = null;
                sentBefore = 0;
            }
            CkanPublisher.Result result;
            try (WarehouseRows rows = WarehouseRows.open(dataSource, d, all ? null : batches, after)) {
                result = publisher.upsert(prepared, meta, rows, sentBefore, ack -> store.pageSent(d.id(), json(ack), ack.rowsSent()));
            }
            store.finishRun(d.id(), batches, sentBefore + result.rowsSent(), metaHash);
            log.info("Published dataset {} to {}: package {}, {} rows in {} pages{}", d.id(), target.datasetPage(),
                    prepared.packageChange().name().toLowerCase(java.util.Locale.ROOT), sentBefore + result.rowsSent(),
                    result.pages(), batches.isEmpty() ? "" : " (batches " + batches + ")");
        } catch (Exception e) {
            if (worker == null || Thread.currentThread().isInterrupted()) {
                // the hub is stopping: not the portal's failure, and no backoff for the next start
                log.info("Publishing dataset {} stopped with the hub; it resumes after its last confirmed page at the next start",
                        d.id());
                return;
            }
            String why = e instanceof CkanPublishException || e instanceof IllegalStateException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            store.failed(d.id(), why, props.getRetryInitial(), props.getRetryMax());
            log.warn("Publishing dataset {} to {} failed; the run resumes after its last confirmed page at the next attempt: {}",
                    d.id(), target.datasetPage(), why);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }

    private static String json(CkanPublisher.PageAck ack) {
        try {
            return JSON.writeValueAsString(ack.lastKey());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean tryLock(Connection c, String datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('hub.publish:' || ?))")) {
            ps.setString(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c, String datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtext('hub.publish:' || ?))")) {
            ps.setString(1, datasetId);
            ps.executeQuery().close();
        }
    }

    /** The datasets this hub publishes. */
    public List<DatasetDef> published() {
        return config.config().datasets().values().stream().filter(d -> d.info().publish() != null).sorted(
                java.util.Comparator.comparing(DatasetDef::id)).toList();
    }

    public Optional<PublishState> state(String datasetId) {
        return store.find(datasetId);
    }
}
