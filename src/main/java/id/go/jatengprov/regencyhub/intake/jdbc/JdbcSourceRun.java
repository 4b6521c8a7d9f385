package id.go.jatengprov.regencyhub.intake.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.jdbc.JdbcConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.IntakeService;
import id.go.jatengprov.regencyhub.intake.poll.SourceStateStore;

/**
 * One run of a database source, around Camel's jdbc endpoint ({@link JdbcRoutes}): {@link #prepare} puts the query
 * and the watermark to bind in the exchange, the endpoint streams the rows, {@link #land} writes them as one JSON
 * payload and registers it as a batch <em>in the same transaction</em> as the new watermark, then normalises and
 * queues it like any file. A crash before that commit leaves the old watermark (the rows are asked for again); one
 * after it leaves a batch RECEIVED that {@code BatchRecovery} resumes from its landing copy. Nothing is lost, nothing
 * is taken twice. Runs and failures are recorded on the source (hub.source_state), as polls are.
 */
@Component("jdbcSourceRun")
public class JdbcSourceRun {

    private static final Logger log = LoggerFactory.getLogger(JdbcSourceRun.class);
    /** Camel jdbc's form of the one parameter, {@code :#watermark} in the configuration. */
    static final String CAMEL_PARAMETER = ":?watermark";
    /** Exchange properties (never headers): what this run read before its query. */
    static final String BOUND = "hubJdbcBound";
    static final String STORED = "hubJdbcStored";

    private final ActiveConfig config;
    private final IntakeService intake;
    private final BatchStore batches;
    private final WatermarkStore watermarks;
    private final SourceStateStore states;
    private final SourceDatabases databases;
    private final TransactionTemplate tx;
    private final HubProperties hub;

    public JdbcSourceRun(ActiveConfig config, IntakeService intake, BatchStore batches, WatermarkStore watermarks,
                         SourceStateStore states, SourceDatabases databases, TransactionTemplate tx, HubProperties hub) {
        this.config = config;
        this.intake = intake;
        this.batches = batches;
        this.watermarks = watermarks;
        this.states = states;
        this.databases = databases;
        this.tx = tx;
        this.hub = hub;
    }

    /** The body becomes the query in Camel's syntax; the watermark goes to the endpoint as a bound parameter. */
    public void prepare(Exchange exchange) {
        String id = exchange.getIn().getHeader(HubHeaders.SOURCE, String.class);
        SourceDef.JdbcSpec j = spec(id);
        Map<String, Object> parameters = new HashMap<>();
        if (j.watermark() != null) {
            WatermarkStore.Stored stored = watermarks.find(id).orElse(null);
            Watermark bound = boundFor(id, j.watermark(), stored);
            parameters.put("watermark", bound.bindValue());
            exchange.setProperty(BOUND, bound);
            exchange.setProperty(STORED, stored);
            log.debug("Run of jdbc source {}: rows after watermark {}", id, bound);
        }
        exchange.getIn().setBody(j.query().replace(SourceDef.JdbcSpec.WATERMARK_PARAMETER, CAMEL_PARAMETER));
        exchange.getIn().setHeader(JdbcConstants.JDBC_PARAMETERS, parameters);
    }

    /**
     * The value this run asks after: the stored one; the previous one when the batch that advanced it FAILED before
     * it was queued (nothing of it loaded: its rows are asked for again, as a corrected file would be sent again);
     * {@code watermark.start} the first time, or when the column or the start were changed.
     */
    Watermark boundFor(String id, SourceDef.WatermarkSpec spec, WatermarkStore.Stored stored) {
        if (stored == null) {
            return Watermark.start(spec.start());
        }
        if (!stored.column().equals(spec.column()) || !stored.start().equals(spec.start())) {
            log.info("Jdbc source {}: watermark column or start changed; reading again from start {}", id, spec.start());
            return Watermark.start(spec.start());
        }
        Batch b = batches.find(stored.batchId()).orElse(null);
        if (b != null && b.status() == BatchStatus.FAILED && b.queuedAt() == null) {
            log.info("Jdbc source {}: batch {} failed before it was queued; its rows are asked for again, after {}", id,
                    b.id(), stored.previous());
            return stored.previous();
        }
        return stored.value();
    }

    /** The rows as one landed batch with the new watermark, then normalised and queued. */
    public void land(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(HubHeaders.SOURCE, String.class);
        SourceDef.JdbcSpec j = spec(id);
        Iterator<?> rows = exchange.getIn().getBody(Iterator.class);
        @SuppressWarnings("unchecked")
        Collection<String> columns = exchange.getIn().getHeader(JdbcConstants.JDBC_COLUMN_NAMES, Collection.class);
        Watermark bound = exchange.getProperty(BOUND, Watermark.class);
        WatermarkStore.Stored stored = exchange.getProperty(STORED, WatermarkStore.Stored.class);
        Files.createDirectories(hub.workDir());
        Path file = Files.createTempFile(hub.workDir(), "jdbc-" + id + "-", ".json");
        try {
            JdbcRows.Written written;
            try {
                written = JdbcRows.write(rows == null ? java.util.Collections.emptyIterator() : rows,
                        columns == null ? List.of() : columns, j.watermark() == null ? null : j.watermark().column(), file);
            } finally {
                databases.release();
            }
            if (written.rows() == 0) {
                String msg = "no rows" + (bound == null ? "" : " after watermark " + bound.text());
                states.success(id, "UNCHANGED", null, null, msg, SourceStateStore.Validators.NONE);
                log.info("Run of jdbc source {}: {}", id, msg);
                return;
            }
            Watermark next = j.watermark() == null ? null : Watermark.after(bound, written.greatest());
            BatchStore.Registration reg = tx.execute(status -> register(id, j, file, stored, bound, next));
            log.info("Run of jdbc source {}: {} rows{} as batch {}", id, written.rows(),
                    next == null ? "" : ", watermark " + bound.text() + " → " + next.text(), reg.batchId());
            if (reg.outcome() == BatchStore.Outcome.DUPLICATE) {
                String msg = "the same rows as batch " + reg.duplicateOf();
                states.success(id, "DUPLICATE", null, reg.batchId(), msg, SourceStateStore.Validators.NONE);
                return;
            }
            IntakeService.Receipt r = intake.process(reg.batch());
            if (r.status() == BatchStatus.FAILED) {
                states.failure(id, null, r.message(), reg.batchId());
            } else {
                states.success(id, r.status().name(), null, reg.batchId(), null, SourceStateStore.Validators.NONE);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private BatchStore.Registration register(String id, SourceDef.JdbcSpec j, Path file, WatermarkStore.Stored stored,
                                             Watermark bound, Watermark next) {
        try (InputStream in = Files.newInputStream(file)) {
            BatchStore.Registration reg = intake.land(id, in, null, Origin.JDBC, Long.MAX_VALUE);
            if (next != null) {
                watermarks.advance(id, j.watermark(), stored, bound, next, reg.batchId());
            }
            return reg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query, the rows or the registration failed: recorded on the source; the next fire time tries again. */
    public void failed(Exchange exchange) {
        databases.release();
        String id = exchange.getIn().getHeader(HubHeaders.SOURCE, String.class);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String msg = describe(e);
        log.warn("Run of jdbc source {} failed: {}", id, msg);
        states.failure(id, null, msg, null);
    }

    /** What went wrong, from the database's own message where there is one. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                // the hub's own (a password variable not set) has no SQLSTATE and says it all
                return sql.getSQLState() == null ? sql.getMessage()
                        : "the database refused or failed: " + sql.getMessage() + " (SQLSTATE " + sql.getSQLState() + ")";
            }
            if (t instanceof JdbcRows.RowsException || t instanceof WatermarkStore.ConcurrentRunException
                    || t instanceof IllegalArgumentException && t.getCause() == null) {
                return t.getMessage();
            }
        }
        return e == null ? "unknown failure" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private SourceDef.JdbcSpec spec(String id) {
        return config.config().source(id).filter(s -> s.kind() == SourceDef.Kind.JDBC).map(SourceDef::jdbc)
                .orElseThrow(() -> new IllegalArgumentException("no jdbc source '" + id + "'"));
    }
}
