package id.go.jatengprov.regencyhub.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.load.ChunkMessage;
import id.go.jatengprov.regencyhub.load.ChunkPublisher;
import id.go.jatengprov.regencyhub.load.ChunkSpool;
import id.go.jatengprov.regencyhub.load.EarlyLoads;
import id.go.jatengprov.regencyhub.load.PublishAhead;

/**
 * Where a batch's chunks go while it is normalised. At each full chunk, until it may, the batch asks to load early
 * ({@link EarlyLoads#claim}): once it may, every full chunk is queued at once (on a thread of its own,
 * {@link PublishAhead}) and loads while the rest of the file is read; until then (another batch of the dataset is
 * loading early, or chunks of the dataset are loading at that moment) its chunks are spooled and queued only once
 * normalising has ended, as before. The last chunk is always queued at the end, once the batch is confirmed.
 */
final class ChunkQueue implements AutoCloseable {

    /** Chunks handed to the sending thread that may wait for it: a few megabytes. */
    static final int AHEAD = 2;

    private final Batch batch;
    private final DatasetDef dataset;
    private final ChunkPublisher publisher;
    private final EarlyLoads early;
    private boolean loadingEarly;
    private PublishAhead ahead;

    ChunkQueue(Batch batch, DatasetDef dataset, ChunkPublisher publisher, EarlyLoads early) {
        this.batch = batch;
        this.dataset = dataset;
        this.publisher = publisher;
        this.early = early;
    }

    /** For {@link ChunkSpool}: queues a full chunk now if the batch loads early; false to have it spooled. */
    boolean queueNow(ChunkSpool.Chunk chunk) {
        if (!loadingEarly) {
            try {
                loadingEarly = early.claim(batch.id(), dataset.id());
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("cannot tell whether batch " + batch.id()
                        + " may load while it is normalised: " + e.getMessage(), e));
            }
            if (loadingEarly) ahead = new PublishAhead(publisher, AHEAD, "batch " + batch.id());
        }
        if (loadingEarly) ahead.send(message(chunk));
        return loadingEarly;
    }

    /** Whether chunks of the batch were queued before normalising ended. */
    boolean loadingEarly() {
        return loadingEarly;
    }

    /** Queues what is left (the spooled chunks, then the last one) and waits until every chunk is on the queue. */
    void queueRest(ChunkSpool spool, ChunkSpool.Chunk last) throws IOException {
        if (ahead == null) ahead = new PublishAhead(publisher, AHEAD, "batch " + batch.id());
        spool.forEachDeferred(c -> ahead.send(message(c)));
        if (last != null) ahead.send(message(last));
        ahead.finish();
    }

    ChunkMessage message(ChunkSpool.Chunk c) {
        List<String> columns = dataset.fieldNames();
        return new ChunkMessage(batch.id(), c.number(), batch.sourceId(), dataset.id(), columns, dataset.key(), c.rows(),
                c.body(), dataset.revisions());
    }

    /** Stops the sending thread; chunks not sent yet are dropped. */
    @Override
    public void close() {
        if (ahead != null) ahead.close();
    }
}
