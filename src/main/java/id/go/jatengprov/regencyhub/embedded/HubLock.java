package id.go.jatengprov.regencyhub.embedded;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub's claim on its data folder: an OS lock on {@code <data-dir>/hub.lock}, held for the life of
 * the hub, with the hub's pid, HTTP port and database port written in the file. A second hub on the same folder
 * is refused before it touches anything in it; a hub that died (even by {@code kill -9}) has lost its lock
 * with its process, so its folder, and a PostgreSQL it left running, are taken over.
 *
 * <p>The OS lock is a POSIX record lock (what {@link FileChannel#tryLock()} takes on Linux): it belongs to the
 * process, and closing <em>any</em> descriptor of the file in that process drops it. So this JVM never opens the
 * file a second time while it holds it: a second claim in the same JVM is refused from {@link #HELD}, and
 * {@link #describe()} reads through the held channel.
 */
public final class HubLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HubLock.class);
    static final String FILE = "hub.lock";

    /** Claims held in this JVM, by the lock file's real path (two hubs in one JVM: tests). */
    private static final Map<Path, HubLock> HELD = new ConcurrentHashMap<>();

    private final Path dataDir;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Properties content = new Properties();

    /** Another hub runs on this data folder; nothing was changed. */
    public static final class HubRunningException extends RuntimeException {
        private final Path dataDir;

        HubRunningException(Path dataDir, String message) {
            super(message);
            this.dataDir = dataDir;
        }

        public Path dataDir() { return dataDir; }
    }

    private HubLock(Path dataDir, Path file, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims the data folder (which must exist) for this process.
     *
     * @throws HubRunningException if a live hub holds it: its lock is held, or (when the lock file was deleted
     *                             under it) the process the file names is a live Java process whose HTTP port answers
     */
    public static synchronized HubLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        Path key = dataDir.toRealPath().resolve(FILE);
        HubLock mine = HELD.get(key);
        if (mine != null) {
            throw running(dataDir, mine.content, "in this JVM");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        boolean ok = false;
        try {
            if (DataFolders.isPosix(file)) Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                throw running(dataDir, read(ch), "in this JVM");
            } catch (IOException e) {
                throw new IOException("cannot lock " + file + " (" + e.getMessage() + "): the hub needs a local file system"
                        + " for hub.data-dir, where a lock tells whether another hub uses the folder", e);
            }
            Properties previous = read(ch);
            if (lock == null) {
                throw running(dataDir, previous, null);
            }
            HubLock claim = new HubLock(dataDir, file, ch, lock);
            claim.checkNotLiveWithoutLock(previous);
            if (HELD.putIfAbsent(key, claim) != null) {
                throw running(dataDir, previous, "in this JVM");
            }
            claim.content.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
            claim.content.setProperty("started", OffsetDateTime.now().toString());
            claim.content.setProperty("data-dir", dataDir.toAbsolutePath().normalize().toString());
            claim.write();
            ok = true;
            return claim;
        } finally {
            if (!ok) ch.close();
        }
    }

    /**
     * The lock is free, so no hub holds it; but if the file was deleted under a running hub, that hub's lock is on
     * the old file. Evidence enough that it still runs: the pid it wrote is a live Java process and its HTTP port answers.
     */
    private void checkNotLiveWithoutLock(Properties previous) {
        long pid = number(previous, "pid");
        if (pid <= 0 || pid == ProcessHandle.current().pid()) return;
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        boolean java = p.flatMap(h -> h.info().command()).map(c -> c.endsWith("/java") || c.endsWith("java.exe")).orElse(false);
        long http = number(previous, "http-port");
        if (java && http > 0 && answers((int) http)) {
            throw running(dataDir, previous, "its lock file was replaced, but the process is alive and its HTTP port answers");
        }
        if (pid > 0) {
            log.info("Taking over {}: the hub that held it (pid {}) is no longer running", file, pid);
        }
    }

    private static HubRunningException running(Path dataDir, Properties holder, String note) {
        String pid = holder.getProperty("pid", "unknown");
        StringBuilder m = new StringBuilder("another hub is running in this folder (pid ").append(pid);
        if (holder.getProperty("http-port") != null) m.append(", port ").append(holder.getProperty("http-port"));
        if (holder.getProperty("db-port") != null) m.append(", database port ").append(holder.getProperty("db-port"));
        if (holder.getProperty("started") != null) m.append(", started ").append(holder.getProperty("started"));
        m.append("): ").append(dataDir.toAbsolutePath().normalize());
        if (note != null) m.append(" (").append(note).append(')');
        m.append(". Stop that hub first, or start this one with its own --hub.data-dir.");
        return new HubRunningException(dataDir, m.toString());
    }

    /** Records the port the hub's HTTP server listens on, once it does. */
    public synchronized void httpPort(int port) {
        content.setProperty("http-port", Integer.toString(port));
        write();
    }

    /** Records the embedded database's port. */
    public synchronized void databasePort(int port) {
        content.setProperty("db-port", Integer.toString(port));
        write();
    }

    /** What the lock file says now (read through the held channel). */
    public synchronized Properties describe() throws IOException {
        return read(channel);
    }

    public Path dataDir() { return dataDir; }

    private void write() {
        StringBuilder s = new StringBuilder("# regency-hub: the hub using this folder; locked while it runs\n");
        for (String k : new String[] {"pid", "http-port", "db-port", "started", "data-dir"}) {
            if (content.getProperty(k) != null) s.append(k).append('=').append(content.getProperty(k)).append('\n');
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            // the lock, not the text, is what keeps a second hub out; the text only names the holder
            log.warn("Cannot write {}: {}", file, e.getMessage());
        }
    }

    private static Properties read(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // read up to size bytes
        }
        Properties p = new Properties();
        p.load(new StringReader(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)));
        return p;
    }

    private static long number(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.matches("\\d{1,10}") ? Long.parseLong(v) : -1;
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Gives up the claim: the lock is released and the file stays (its text names the last holder). */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) return;
        HELD.values().remove(this);
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            log.warn("Cannot release {}: {}", file, e.getMessage());
        }
    }
}
