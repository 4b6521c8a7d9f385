package id.go.jatengprov.regencyhub.fault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Holds a delivery in a stage, so that a fault aimed at that stage strikes there however busy the machine is
 * (a test that only watches can be starved for longer than a small file takes to normalise). The fault suite
 * installs triggers (in a schema of its own, {@code fault}) that first take a shared advisory lock:
 * <ul>
 *   <li>on {@code hub.batch}, after the update that records the end of normalising (chunks counted), and the one
 *       that records the end of queueing (RECEIVED → QUEUED), before their commit: the batch waits at the end
 *       of that stage;</li>
 *   <li>on {@code hub.load_log}, the insert of a chunk numbered above a threshold, in the chunk's transaction
 *       after its rows were copied: the batch waits in loading with the chunks up to the threshold loaded.</li>
 * </ul>
 * Nobody holds those locks exclusively, so normally this costs nothing; a {@link Pause} holds one, and the
 * hub's statement waits, with the batch still in its stage, until the pause is released (or the hub or its
 * database dies). The test sees the hub waiting ({@code pg_locks}) and strikes.
 */
final class Pause implements AutoCloseable {

    /** Installs the triggers; idempotent. {@code c} is a connection as the hub's role (the owner of its tables). */
    static void install(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS fault");
            st.execute("CREATE TABLE IF NOT EXISTS fault.load_pause (after_chunk integer NOT NULL)");
            st.execute("""
                    CREATE OR REPLACE FUNCTION fault.pause_batch() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF OLD.chunks_total IS NULL AND NEW.chunks_total IS NOT NULL THEN
                        PERFORM pg_advisory_xact_lock_shared(%d);
                      ELSIF OLD.status = 'RECEIVED' AND NEW.status NOT IN ('RECEIVED', 'FAILED') THEN
                        PERFORM pg_advisory_xact_lock_shared(%d);
                      END IF;
                      RETURN NULL;
                    END $$""".formatted(key(Stage.NORMALISING), key(Stage.QUEUEING)));
            st.execute("""
                    CREATE OR REPLACE FUNCTION fault.pause_load() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.chunk > coalesce((SELECT max(after_chunk) FROM fault.load_pause), 0) THEN
                        PERFORM pg_advisory_xact_lock_shared(%d);
                      END IF;
                      RETURN NEW;
                    END $$""".formatted(key(Stage.LOADING)));
            st.execute("DROP TRIGGER IF EXISTS fault_pause ON hub.batch");
            // AFTER, not BEFORE: a BEFORE UPDATE trigger makes PostgreSQL lock the row FOR UPDATE (the statement sets
            // dedupe_hash, a unique column), which waits for the KEY SHARE of a chunk's load_log insert: a deadlock
            // the hub without the trigger does not have. The row stays uncommitted, so the stage seen is the same.
            st.execute("CREATE TRIGGER fault_pause AFTER UPDATE ON hub.batch FOR EACH ROW EXECUTE FUNCTION fault.pause_batch()");
            st.execute("DROP TRIGGER IF EXISTS fault_pause ON hub.load_log");
            st.execute("CREATE TRIGGER fault_pause BEFORE INSERT ON hub.load_log FOR EACH ROW EXECUTE FUNCTION fault.pause_load()");
        }
    }

    private static long key(Stage stage) {
        return switch (stage) {
            case NORMALISING -> 4_201;
            case QUEUEING -> 4_202;
            case LOADING -> 4_203;
            default -> throw new IllegalArgumentException("no pause in " + stage);
        };
    }

    static boolean canHold(Stage stage) {
        return stage == Stage.NORMALISING || stage == Stage.QUEUEING || stage == Stage.LOADING;
    }

    private final Connection c;
    private final Stage stage;

    /**
     * Holds deliveries at the end of normalising or queueing, or in loading after their first chunk, until
     * {@link #close()}; {@code c} is a connection of its own.
     */
    Pause(Connection c, Stage stage) throws SQLException {
        this(c, stage, 1);
    }

    /** Holds deliveries in loading once their chunks up to {@code afterChunk} loaded. */
    Pause(Connection c, Stage stage, int afterChunk) throws SQLException {
        this.c = c;
        this.stage = stage;
        try (Statement st = c.createStatement()) {
            if (stage == Stage.LOADING) {
                st.execute("DELETE FROM fault.load_pause");
                st.execute("INSERT INTO fault.load_pause VALUES (" + afterChunk + ")");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, key(stage));
            ps.execute();
        }
    }

    /** Whether a session of the hub waits on this pause now. */
    boolean holding() {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objid = ? AND a.pid <> pg_backend_pid()""")) {
            ps.setLong(1, key(stage));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** Lets the waiting update go on (an orphaned session of a killed hub then finds its client gone and rolls back). */
    @Override
    public void close() {
        try {
            c.close(); // session-level advisory locks end with the session
        } catch (SQLException ignored) {
            // the database went away: so did the lock
        }
    }
}
