package id.go.jatengprov.regencyhub.load;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import id.go.jatengprov.regencyhub.normalise.Reject;

/**
 * Stores a batch's rejects in hub.reject with COPY, a few thousand at a time, so a file that is mostly
 * wrong costs as little as one that is right. Keeps the first few in memory for the batch's message.
 */
public final class RejectWriter implements AutoCloseable {

    private static final int FLUSH_AT = 5_000;
    /** Rejects stored per batch: past this only the count grows, so a broken file cannot flood the database. */
    static final int MAX_STORED = 100_000;

    private final DataSource dataSource;
    private final long batchId;
    private final StringBuilder buffer = new StringBuilder();
    private final List<Reject> first = new ArrayList<>();
    private int buffered;
    private long total;

    public RejectWriter(DataSource dataSource, long batchId) {
        this.dataSource = dataSource;
        this.batchId = batchId;
    }

    public void add(Reject r) {
        total++;
        if (first.size() < 3) first.add(r);
        if (total > MAX_STORED) return;
        buffer.append(batchId).append('\t').append(r.row()).append('\t');
        CopyText.append(buffer, r.column());
        buffer.append('\t');
        CopyText.append(buffer, r.value());
        buffer.append('\t');
        CopyText.append(buffer, r.reason());
        buffer.append('\t');
        CopyText.append(buffer, r.raw());
        buffer.append('\t');
        CopyText.append(buffer, r.cell());
        buffer.append('\n');
        if (++buffered >= FLUSH_AT) flush();
    }

    public long total() { return total; }

    public List<Reject> first() { return first; }

    void flush() {
        if (buffered == 0) return;
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY hub.reject (batch_id, row_no, column_name, value, reason, raw, cell) FROM STDIN",
                    new StringReader(buffer.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot store rejects of batch " + batchId + ": " + e.getMessage(), e);
        }
        buffer.setLength(0);
        buffered = 0;
    }

    @Override
    public void close() {
        flush();
    }
}
