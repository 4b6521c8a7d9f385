package id.go.jatengprov.regencyhub.fault;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An upload body that a test holds half sent: the first {@code holdAt} bytes go out, then it waits until
 * {@link #release()}. The hub meanwhile writes what it got into its landing folder, so a fault can strike
 * while a payload is landing, for as long as the test needs, without any timing.
 */
final class HeldBody {

    private final Path file;
    private final long holdAt;
    private final CountDownLatch released = new CountDownLatch(1);

    HeldBody(Path file, long holdAt) {
        this.file = file;
        this.holdAt = holdAt;
    }

    /** Lets the rest of the body go (or, when the hub died meanwhile, lets the client find that out). */
    void release() {
        released.countDown();
    }

    HttpRequest.BodyPublisher publisher() {
        try {
            long size = Files.size(file);
            return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::open), size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream open() {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long sent;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (sent >= holdAt) {
                        hold();
                    } else {
                        len = (int) Math.min(len, holdAt - sent);
                    }
                    int n = super.read(b, off, len);
                    if (n > 0) sent += n;
                    return n;
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                private void hold() throws IOException {
                    try {
                        if (!released.await(10, TimeUnit.MINUTES)) throw new IOException("held upload never released");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("held upload interrupted");
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
