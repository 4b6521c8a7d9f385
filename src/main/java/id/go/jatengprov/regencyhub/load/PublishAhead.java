package id.go.jatengprov.regencyhub.load;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Puts a batch's chunks on the load queue from a thread of its own, in order, while the caller goes on normalising:
 * a persistent send of a chunk of megabytes waits for the broker's store, time the normaliser need not spend. At most
 * {@code ahead} chunks wait to be sent (memory stays bounded: the caller waits when they do). A failed send (the
 * broker away) stops the sending and is thrown to the caller at its next chunk or at {@link #finish}.
 */
public final class PublishAhead implements AutoCloseable {

    private static final ChunkMessage END = new ChunkMessage(0, 0, null, null, null, 0, null);

    private final ChunkPublisher publisher;
    private final BlockingQueue<ChunkMessage> waiting;
    private final Thread thread;
    private volatile RuntimeException failure;
    private volatile int sent;

    public PublishAhead(ChunkPublisher publisher, int ahead, String name) {
        this.publisher = publisher;
        this.waiting = new ArrayBlockingQueue<>(ahead);
        this.thread = new Thread(this::sendAll, "queue " + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void sendAll() {
        try {
            ChunkMessage m;
            while ((m = waiting.take()) != END) {
                publisher.publish(m);
                sent++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts it; end quietly if someone does
        } catch (RuntimeException e) {
            failure = e;
            waiting.clear(); // a caller blocked on a full queue goes on, and finds the failure
        }
    }

    /** Hands a chunk over; waits while {@code ahead} chunks wait. */
    public void send(ChunkMessage m) {
        check();
        try {
            while (!waiting.offer(m, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing chunk " + m.chunk() + " of batch " + m.batchId(), e);
        }
    }

    /** Waits until every chunk handed over is on the queue. */
    public void finish() {
        send(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while chunks were being queued", e);
        }
        check();
    }

    /** Chunks on the queue so far. */
    public int sent() {
        return sent;
    }

    private void check() {
        RuntimeException f = failure;
        if (f != null) throw f;
    }

    /**
     * Stops sending: chunks not sent yet are dropped, a send under way completes (an interrupted JMS send could spoil
     * the pooled connection); then waits for the thread.
     */
    @Override
    public void close() {
        waiting.clear();
        waiting.offer(END);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
