package id.go.jatengprov.regencyhub.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Lock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.embedded.DataFolders;

/**
 * Keeps every received payload byte for byte, content-addressed per source; its hash is the batch's identity. Where
 * ({@code hub.landing.store}): on this hub's disk ({@code landing/<source>/<sha256>.dat}, {@link LandingFiles}) or in
 * the database ({@code db:<source>/<sha256>}, {@link LandingDatabase}), where any hub of a cluster can read it. A
 * batch's landing path says where its copy is, so copies kept before a change of the setting are still read.
 */
@Component
public class LandingStore {

    private static final Logger log = LoggerFactory.getLogger(LandingStore.class);

    /** A payload safely kept; {@code landingPath} is what the batch records. */
    public record Landed(String landingPath, String sha256, long bytes) {}

    /** The payload is larger than allowed; nothing was kept. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(long limit) {
            super("the payload is larger than the limit of " + limit + " bytes");
        }
    }

    /** A landing copy as a file to read, for as long as it is open (a copy from the database is deleted on close). */
    public interface Copy extends AutoCloseable {
        Path path();

        @Override
        void close() throws IOException;
    }

    private final HubProperties props;
    private final LandingFiles files;
    private final LandingDatabase database;

    public LandingStore(HubProperties props, DataSource dataSource) {
        this.props = props;
        this.files = new LandingFiles(props.landingDir());
        this.database = new LandingDatabase(dataSource, props.landingDir().resolve(".incoming"));
        deleteLeftovers(props.workDir());
        if (props.landsInDatabase()) {
            log.info("Received payloads are kept in the database (hub.landing, hub.landing.store={})",
                    props.getLanding().getStore().name().toLowerCase(Locale.ROOT));
        } else if (props.getCluster().isEnabled()) {
            log.warn("hub.cluster.enabled with hub.landing.store=file: another hub can finish this hub's batches only if"
                    + " {} is one folder shared by every hub (docs/operations.md, \"Several hubs\")", props.landingDir());
        }
    }

    /** Temporary copies from the database that a crash left in {@code work/} (one hub per data folder: none is in use). */
    private static void deleteLeftovers(Path workDir) {
        if (!Files.isDirectory(workDir)) return;
        try (DirectoryStream<Path> left = Files.newDirectoryStream(workDir, "landing-*.dat")) {
            for (Path p : left) Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("Could not delete temporary landing copies left in {}: {}", workDir, e.getMessage());
        }
    }

    /** Keeps the payload where {@code hub.landing.store} says. */
    public Landed land(String sourceId, InputStream in, long maxBytes) throws IOException {
        if (props.landsInDatabase()) {
            return database.land(sourceId, in, maxBytes, Instant.now());
        }
        Path copy = files.land(sourceId, in, maxBytes);
        String name = copy.getFileName().toString();
        return new Landed(props.getDataDir().relativize(copy).toString(), name.substring(0, name.length() - ".dat".length()),
                Files.size(copy));
    }

    /** The copy a batch records, to read: the file itself, or a temporary file in {@code workDir} made from the database. */
    public Copy open(String landingPath, Path workDir) throws IOException {
        if (!LandingDatabase.holds(landingPath)) {
            Path file = props.getDataDir().resolve(landingPath);
            return new Copy() {
                @Override public Path path() { return file; }
                @Override public void close() { }
            };
        }
        Path tmp = DataFolders.privateDirectory(workDir).resolve("landing-" + UUID.randomUUID() + ".dat");
        try {
            database.copyTo(landingPath, tmp);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Copy() {
            @Override public Path path() { return tmp; }
            @Override public void close() throws IOException { Files.deleteIfExists(tmp); }
        };
    }

    /**
     * Deletes copies (files under {@code landing/}, leftovers of interrupted landings, rows in the database) last
     * received before {@code cutoff} whose landing path is not in {@code needed}. Each file is deleted under
     * {@code lock}, which landing and registering hold shared: a copy is never deleted between being landed again and
     * its batch being registered. In the database one statement does it: a copy landed again has a newer time.
     *
     * @return how many copies were deleted
     */
    public int sweep(Instant cutoff, Set<String> needed, Lock lock) throws IOException {
        int deleted = 0;
        for (Path copy : files.olderThan(cutoff)) {
            if (needed.contains(props.getDataDir().relativize(copy).toString())) continue;
            lock.lock();
            try {
                if (files.deleteIfOlder(copy, cutoff)) deleted++;
            } finally {
                lock.unlock();
            }
        }
        return deleted + database.sweep(cutoff, needed);
    }
}
