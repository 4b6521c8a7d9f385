package id.go.jatengprov.regencyhub.intake.jdbc;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * hub.source_watermark: per database source, the greatest watermark value taken, with the batch that took it.
 * {@link #advance} runs inside the transaction that registers that batch, so the two commit together or not at all.
 */
@Component
public class WatermarkStore {

    /**
     * A source's stored watermark.
     *
     * @param previous the value the batch's query was bound with
     */
    public record Stored(String column, String start, Watermark value, Watermark previous, long batchId) {}

    /** Another run of the source advanced the watermark since this run read it; this run's batch must not count. */
    public static final class ConcurrentRunException extends IllegalStateException {
        ConcurrentRunException(String sourceId) {
            super("the watermark of source '" + sourceId + "' was advanced by another run meanwhile; this run's rows"
                    + " are left to it");
        }
    }

    private final JdbcTemplate jdbc;

    public WatermarkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stored> find(String sourceId) {
        return jdbc.query("""
                SELECT column_name, start_value, value, value_type, previous_value, previous_type, batch_id
                FROM hub.source_watermark WHERE source_id = ?""", (rs, i) -> new Stored(rs.getString(1), rs.getString(2),
                Watermark.stored(rs.getString(4), rs.getString(3)), Watermark.stored(rs.getString(6), rs.getString(5)),
                rs.getLong(7)), sourceId).stream().findFirst();
    }

    /**
     * Sets the source's watermark to {@code next}, if it is still {@code expected}; in the caller's transaction.
     *
     * @param expected what this run read before its query (null: the source had none)
     * @param bound    the value this run's query was bound with
     * @throws ConcurrentRunException when another run changed it meanwhile (the caller's transaction must roll back)
     */
    public void advance(String sourceId, SourceDef.WatermarkSpec spec, Stored expected, Watermark bound, Watermark next,
                        long batchId) {
        int n;
        if (expected == null) {
            n = jdbc.update("""
                    INSERT INTO hub.source_watermark (source_id, column_name, start_value, value, value_type, batch_id,
                                                      previous_value, previous_type)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO NOTHING""",
                    sourceId, spec.column(), spec.start(), next.text(), next.typeLabel(), batchId, bound.text(), bound.typeLabel());
        } else {
            n = jdbc.update("""
                    UPDATE hub.source_watermark SET column_name = ?, start_value = ?, value = ?, value_type = ?, batch_id = ?,
                           previous_value = ?, previous_type = ?, updated_at = now()
                    WHERE source_id = ? AND batch_id = ? AND value = ? AND value_type = ?""",
                    spec.column(), spec.start(), next.text(), next.typeLabel(), batchId, bound.text(), bound.typeLabel(),
                    sourceId, expected.batchId(), expected.value().text(), expected.value().typeLabel());
        }
        if (n != 1) {
            throw new ConcurrentRunException(sourceId);
        }
    }
}
