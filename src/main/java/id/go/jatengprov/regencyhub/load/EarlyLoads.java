package id.go.jatengprov.regencyhub.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Findings;

/**
 * Batches whose chunks load while they are still being normalised, before their reject ratio is known
 * ({@code hub.early_load}). Such a batch is PENDING from its first early chunk until normalising ends; then it is
 * <b>confirmed</b> (under max-reject-ratio: its row goes, and so do the old rows kept for it) or <b>withdrawn</b>
 * (over the ratio, or a bad file): in one transaction, its rows are deleted, the rows it overwrote are put back from
 * {@code undo.<dataset>} as they were, its revisions go, and the batch is FAILED; its chunks still queued are then
 * no-ops. Until then, a pending batch's chunks keep every row they overwrite (the trigger of {@link RowHistory}).
 *
 * <p>Two advisory locks per dataset keep this exact while chunks load in parallel:
 * <ul>
 *   <li>the <b>dataset lock</b>: every chunk holds it shared; claiming and withdrawing take it exclusively, so that no
 *       chunk of the dataset is half-way while a batch becomes pending or is undone (claiming only if it is free at
 *       once: otherwise the batch's next chunk asks again);</li>
 *   <li>the <b>writers lock</b>: while a batch is pending, its own chunks hold it shared, the chunks of any other
 *       batch of the dataset exclusively, if they get it at once. Such a chunk that does not get it, or would touch a
 *       row of the pending batch, rolls back and waits until that batch is confirmed or withdrawn
 *       ({@link PendingBatchInTheWay}): the undo holds one batch's overwrites, never someone else's.</li>
 * </ul>
 * At most one batch per dataset is pending (a unique index); another batch of the dataset normalises first and
 * loads after, as before.
 */
@Component
public class EarlyLoads {

    private static final Logger log = LoggerFactory.getLogger(EarlyLoads.class);

    /** First key of the two-key advisory locks (the second is the dataset id's hash): "HULD" and "HULW". */
    public static final int DATASET_LOCK = 0x48554C44;
    public static final int WRITERS_LOCK = 0x48554C57;

    /** How often a chunk that waits for a pending batch looks again. */
    static final Duration WAIT_POLL = Duration.ofMillis(200);

    /** A batch's early-load state. */
    public enum State { NONE, PENDING, WITHDRAWN }

    /**
     * What a chunk's transaction needs to know: its own batch's state, the pending batch of its dataset if another one,
     * and whether the dataset keeps revisions ({@code history.<dataset>} exists).
     */
    public record ForChunk(State mine, Long otherPending, boolean history) {}

    /** Thrown in a chunk's transaction that would touch rows of another, pending batch: roll back and wait for it. */
    public static class PendingBatchInTheWay extends RuntimeException {
        private final long pending;

        public PendingBatchInTheWay(long pending) {
            super("batch " + pending + " of the same dataset is loading before its reject ratio is known; this chunk waits for it");
            this.pending = pending;
        }

        public long pending() { return pending; }
    }

    /** What withdrawing a batch undid. */
    public record Withdrawal(boolean done, int removed, int restored) {}

    private final DataSource dataSource;
    private final BatchStore batches;

    public EarlyLoads(DataSource dataSource, BatchStore batches) {
        this.dataSource = dataSource;
        this.batches = batches;
    }

    // ------------------------------------------------------------------ in a chunk's transaction

    /** Takes the dataset lock (shared) for the rest of the transaction and reads the states. */
    public ForChunk forChunk(Connection c, long batchId, String datasetId) throws SQLException {
        lock(c, DATASET_LOCK, datasetId, false);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT state FROM hub.early_load WHERE batch_id = ?),
                       (SELECT batch_id FROM hub.early_load WHERE dataset_id = ? AND state = 'PENDING' AND batch_id <> ?),
                       to_regclass(?) IS NOT NULL""")) {
            ps.setLong(1, batchId);
            ps.setString(2, datasetId);
            ps.setLong(3, batchId);
            ps.setString(4, RowHistory.historyTable(datasetId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String mine = rs.getString(1);
                return new ForChunk(mine == null ? State.NONE : State.valueOf(mine), (Long) rs.getObject(2), rs.getBoolean(3));
            }
        }
    }

    /** The writers lock: shared for the pending batch's own chunks, exclusive for any other batch's. */
    public void lockWriters(Connection c, String datasetId, boolean exclusive) throws SQLException {
        lock(c, WRITERS_LOCK, datasetId, exclusive);
    }

    /**
     * The writers lock exclusively for a chunk of another batch, if no chunk of the pending batch holds it now. A chunk
     * that does not get it waits for the pending batch to settle ({@link PendingBatchInTheWay}) instead of queueing on
     * the lock: queued there, it would hold its consumer and make the pending batch's next chunks queue behind it.
     */
    public boolean tryLockWriters(Connection c, String datasetId) throws SQLException {
        return tryLock(c, WRITERS_LOCK, datasetId);
    }

    /**
     * At the end of a pending batch's chunk, under the batch's row lock (which confirming takes too): if the batch was
     * confirmed meanwhile, the old rows this chunk kept are not needed; they go with the chunk's commit.
     */
    public void afterChunk(Connection c, long batchId, String datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM hub.early_load WHERE batch_id = ?)")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) return;
            }
        }
        update(c, "DELETE FROM " + RowHistory.undoTable(datasetId) + " WHERE batch_id = ?", batchId);
    }

    /**
     * Whether a dead-lettered chunk's batch should not be failed now: it is pending (still RECEIVED, being
     * normalised; it is failed when queued) or withdrawn (FAILED already, with the reason). Locks the state row, so
     * that confirming waits for the caller's transaction.
     */
    public boolean holdsBack(Connection c, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM hub.early_load WHERE batch_id = ? FOR SHARE")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ------------------------------------------------------------------ intake

    /**
     * Makes the batch pending, so that its chunks may load before normalising ends; false when it may not now: another
     * batch of the dataset is pending, the table keeps no old rows, or chunks of the dataset are loading at this
     * moment. The caller asks again at its next chunk. Never waits for chunks in flight: they may be held for long (a
     * dead database, a pending batch in their way), and normalising must not stall behind them. A batch taken up again
     * after a crash is pending still; one whose normalising had ended (it was confirmed) is never pending again.
     */
    public boolean claim(long batchId, String datasetId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!keepsOldRows(c, datasetId) || !tryLock(c, DATASET_LOCK, datasetId)) {
                    c.rollback();
                    return false;
                }
                boolean claimed;
                // Not a batch whose normalising ended once (confirmed, then interrupted while queueing): its chunks
                // load as an ordinary batch's, and what they overwrote was not kept.
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO hub.early_load (batch_id, dataset_id, state)
                        SELECT ?, ?, 'PENDING' WHERE NOT EXISTS (SELECT 1 FROM hub.batch WHERE id = ? AND chunks_total IS NOT NULL)
                        ON CONFLICT DO NOTHING""")) {
                    ps.setLong(1, batchId);
                    ps.setString(2, datasetId);
                    ps.setLong(3, batchId);
                    claimed = ps.executeUpdate() == 1 || state(c, batchId) == State.PENDING;
                }
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The batch's state now. */
    public State state(long batchId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return state(c, batchId);
        }
    }

    private static State state(Connection c, long batchId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM hub.early_load WHERE batch_id = ?")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? State.valueOf(rs.getString(1)) : State.NONE;
            }
        }
    }

    /**
     * Normalising ended under the ratio: in the caller's transaction, which holds the batch's row lock (it records the
     * end of normalising), the batch stops being pending and the old rows kept for it go. A chunk of it still loading
     * drops its own at its end ({@link #afterChunk}).
     */
    public void confirm(Connection c, long batchId, String datasetId) throws SQLException {
        update(c, "DELETE FROM hub.early_load WHERE batch_id = ?", batchId);
        update(c, "DELETE FROM " + RowHistory.undoTable(datasetId) + " WHERE batch_id = ?", batchId);
    }

    /**
     * The pending batch cannot be loaded: in one transaction, once no chunk of the dataset is loading, its rows are
     * deleted, the rows it overwrote put back as they were, its revisions, load-log rows and load rejects removed, and
     * the batch FAILED with {@code message} and the counts of normalising. Its chunks still queued then find it
     * withdrawn and change nothing.
     *
     * @return {@code done} false when the batch was not pending (nothing was changed)
     */
    public Withdrawal withdraw(long batchId, String datasetId, String message, long rowsRead, long rowsRejected,
                               Findings findings) throws SQLException {
        BatchStore.Transition t;
        int removed, restored;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lock(c, DATASET_LOCK, datasetId, true);
                if (update(c, "UPDATE hub.early_load SET state = 'WITHDRAWN' WHERE batch_id = ? AND state = 'PENDING'", batchId) == 0) {
                    c.rollback();
                    return new Withdrawal(false, 0, 0);
                }
                String table = "warehouse.\"" + datasetId + "\"";
                removed = update(c, "DELETE FROM " + table + " WHERE _batch = ?", batchId);
                restored = update(c, "INSERT INTO " + table + " SELECT (u.old).* FROM " + RowHistory.undoTable(datasetId)
                        + " u WHERE u.batch_id = ?", batchId);
                update(c, "DELETE FROM " + RowHistory.undoTable(datasetId) + " WHERE batch_id = ?", batchId);
                if (exists(c, RowHistory.historyTable(datasetId))) {
                    update(c, "DELETE FROM " + RowHistory.historyTable(datasetId) + " WHERE _new_batch = ?", batchId);
                }
                update(c, "DELETE FROM hub.load_log WHERE batch_id = ?", batchId);
                update(c, "DELETE FROM hub.reject WHERE batch_id = ? AND stage = 'load'", batchId);
                t = batches.withdrawn(c, batchId, message, rowsRead, rowsRejected, findings);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        batches.committed(t);
        log.info("Batch {} withdrawn: its early chunks were undone ({} rows it wrote deleted, {} rows it overwrote put back"
                + " as they were)", batchId, removed, restored);
        return new Withdrawal(true, removed, restored);
    }

    /**
     * Waits (polling) until the batch is no longer pending, at most {@code max}.
     *
     * @return whether it settled within {@code max}
     */
    public boolean awaitSettled(long batchId, Duration max) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (state(batchId) == State.PENDING) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(WAIT_POLL.toMillis());
        }
        return true;
    }

    // ------------------------------------------------------------------ helpers

    /** Whether the dataset's table has what keeps overwritten rows: the undo table and the trigger. */
    private static boolean keepsOldRows(Connection c, String datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT to_regclass(?) IS NOT NULL
                   AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ? AND tgenabled <> 'D')""")) {
            ps.setString(1, RowHistory.undoTable(datasetId));
            ps.setString(2, "warehouse.\"" + datasetId + "\"");
            ps.setString(3, RowHistory.TRIGGER);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean exists(Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The dataset's lock, exclusively, if no chunk holds it now. */
    private static boolean tryLock(Connection c, int space, String datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, space);
            ps.setString(2, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void lock(Connection c, int space, String datasetId, boolean exclusive) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(exclusive ? "SELECT pg_advisory_xact_lock(?, hashtext(?))"
                : "SELECT pg_advisory_xact_lock_shared(?, hashtext(?))")) {
            ps.setInt(1, space);
            ps.setString(2, datasetId);
            ps.execute();
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        }
    }
}
