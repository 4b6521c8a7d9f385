package id.go.jatengprov.regencyhub.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import id.go.jatengprov.regencyhub.embedded.DataFolders;
import id.go.jatengprov.regencyhub.support.Sha256;

/**
 * Keeps every received payload byte for byte, content-addressed: {@code landing/<source>/<sha256>.dat}.
 * The copy is written to a temporary name, forced to disk and renamed, so a crash leaves either the
 * whole payload or nothing; its hash is the batch's identity.
 */
public final class LandingStore {

    /** A payload safely on disk. */
    public record Landed(Path path, String sha256, long bytes) {}

    /** The payload is larger than allowed; nothing was kept. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(long limit) {
            super("the payload is larger than the limit of " + limit + " bytes");
        }
    }

    private final Path root;

    public LandingStore(Path root) {
        this.root = root;
    }

    public Landed land(String sourceId, InputStream in, long maxBytes) throws IOException {
        Path dir = DataFolders.privateDirectory(root.resolve(sourceId));
        Path tmp = DataFolders.privateFile(dir.resolve(".incoming-" + UUID.randomUUID()));
        MessageDigest sha = Sha256.digest();
        long total = 0;
        try {
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING), sha)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > maxBytes) {
                        throw new TooLargeException(maxBytes);
                    }
                    out.write(buf, 0, n);
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            String hash = Sha256.hex(sha);
            Path target = dir.resolve(hash + ".dat");
            if (Files.exists(target)) {
                Files.delete(tmp); // the same bytes are already kept
                // Received again now: the retention sweep counts a copy's age from its last arrival.
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            } else {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    Files.deleteIfExists(tmp);
                    if (!Files.exists(target)) throw e;
                }
                forceDirectory(dir);
            }
            return new Landed(target, hash, total);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Landing copies ({@code <source>/<sha256>.dat}) and leftovers of interrupted landings ({@code .incoming-*})
     * last written before {@code cutoff}: candidates for the retention sweep.
     */
    public List<Path> olderThan(Instant cutoff) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> sources = Files.list(root)) {
            for (Path dir : sources.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)).toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        if (isOlder(f, cutoff)) out.add(f);
                    }
                }
            }
        }
        return out;
    }

    /** Deletes a copy if it is (still) a file last written before {@code cutoff}. */
    public boolean deleteIfOlder(Path file, Instant cutoff) throws IOException {
        return isOlder(file, cutoff) && Files.deleteIfExists(file);
    }

    private static boolean isOlder(Path f, Instant cutoff) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".dat") && !name.startsWith(".incoming-")) return false;
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff);
        } catch (IOException gone) {
            return false;
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be opened; the rename is still atomic
        }
    }
}
