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
 * The landing copies on disk: {@code landing/<source>/<sha256>.dat}, content-addressed. The copy is written to a
 * temporary name, forced to disk and renamed, so a crash leaves either the whole payload or nothing.
 */
final class LandingFiles {

    /** Bytes written to a temporary file and forced to disk, with their hash. */
    record Written(Path file, String sha256, long bytes) {}

    private final Path root;

    LandingFiles(Path root) {
        this.root = root;
    }

    /**
     * Writes {@code in} to a new private file in {@code dir} named {@code prefix<random>}, hashing it, and forces it
     * to disk; nothing is left behind on failure.
     *
     * @throws LandingStore.TooLargeException past {@code maxBytes}
     */
    static Written writeTemporary(Path dir, String prefix, InputStream in, long maxBytes) throws IOException {
        Path tmp = DataFolders.privateFile(DataFolders.privateDirectory(dir).resolve(prefix + UUID.randomUUID()));
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
                        throw new LandingStore.TooLargeException(maxBytes);
                    }
                    out.write(buf, 0, n);
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return new Written(tmp, Sha256.hex(sha), total);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** @return the copy's path */
    Path land(String sourceId, InputStream in, long maxBytes) throws IOException {
        Path dir = DataFolders.privateDirectory(root.resolve(sourceId));
        Written w = writeTemporary(dir, ".incoming-", in, maxBytes);
        Path tmp = w.file();
        try {
            Path target = dir.resolve(w.sha256() + ".dat");
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
            return target;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Landing copies ({@code <source>/<sha256>.dat}) and leftovers of interrupted landings ({@code .incoming-*})
     * last written before {@code cutoff}: candidates for the retention sweep.
     */
    List<Path> olderThan(Instant cutoff) throws IOException {
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
    boolean deleteIfOlder(Path file, Instant cutoff) throws IOException {
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
