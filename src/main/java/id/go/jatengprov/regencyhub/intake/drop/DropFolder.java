package id.go.jatengprov.regencyhub.intake.drop;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.OpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import id.go.jatengprov.regencyhub.embedded.DataFolders;
import id.go.jatengprov.regencyhub.support.Sha256;

/**
 * One source's drop folder, handled without ever following a link. Senders (other users in the hub's group) write
 * here, so any name may be a symbolic link, a hard link or a FIFO, and {@code .done/} or {@code .failed/} may be a
 * link to another folder. The folder is opened relative to {@code drop/}, its {@code .done/} and {@code .failed/}
 * relative to it, all refusing links ({@code O_NOFOLLOW}); an entry is looked at with {@code lstat}, a file opened
 * with {@code O_NOFOLLOW}, moved with {@code renameat} between those open folders, and what the hub writes beside it
 * is written under a new name and renamed into place. So a link swapped in at any moment makes the hub refuse; it
 * never reads or writes outside the drop folder through one.
 *
 * <p>Where the platform has no {@link SecureDirectoryStream} (not Linux or macOS), the same checks are made on paths
 * just before each step, which leaves a sender a moment to swap a link in; the hub's supported platform is Linux.
 */
public final class DropFolder implements Closeable {

    static final String DONE = ".done";
    static final String FAILED = ".failed";
    /** Mode of the reports the hub writes for senders: the folder's set-group-id bit gives them the senders' group. */
    private static final Set<PosixFilePermission> REPORT_MODE = PosixFilePermissions.fromString("rw-r-----");

    /** The folder, .done/ or .failed/ is not a real folder: nothing may be read from or moved into it. */
    static final class UnsafeFolderException extends IOException {
        UnsafeFolderException(String message) {
            super(message);
        }
    }

    private final Path dir;
    /** Null where the platform has no secure directory streams. */
    private final SecureDirectoryStream<Path> folder;
    private final SecureDirectoryStream<Path> done;
    private final SecureDirectoryStream<Path> failed;

    private DropFolder(Path dir, SecureDirectoryStream<Path> folder, SecureDirectoryStream<Path> done,
                       SecureDirectoryStream<Path> failed) {
        this.dir = dir;
        this.folder = folder;
        this.done = done;
        this.failed = failed;
    }

    /**
     * Opens {@code <dropRoot>/<sourceId>} with its {@code .done/} and {@code .failed/}, creating those two when they are
     * missing (mode 2770, {@link DataFolders#dropDirectory}).
     *
     * @throws UnsafeFolderException when the folder, {@code .done} or {@code .failed} is a link or not a folder
     */
    static DropFolder open(Path dropRoot, String sourceId) throws IOException {
        Path dir = dropRoot.resolve(sourceId);
        String problem = problem(dir);
        if (problem != null) throw new UnsafeFolderException(problem);
        for (String sub : new String[] {DONE, FAILED}) {
            Path p = dir.resolve(sub);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) DataFolders.dropDirectory(p);
        }
        DirectoryStream<Path> root = Files.newDirectoryStream(dropRoot);
        if (!(root instanceof SecureDirectoryStream<Path> secureRoot)) {
            root.close();
            problem = problem(dir);
            if (problem != null) throw new UnsafeFolderException(problem);
            return new DropFolder(dir, null, null, null);
        }
        SecureDirectoryStream<Path> folder = null;
        SecureDirectoryStream<Path> done = null;
        try (root) {
            folder = subfolder(secureRoot, dir, Path.of(sourceId));
            done = subfolder(folder, dir.resolve(DONE), Path.of(DONE));
            SecureDirectoryStream<Path> failed = subfolder(folder, dir.resolve(FAILED), Path.of(FAILED));
            return new DropFolder(dir, folder, done, failed);
        } catch (IOException | RuntimeException e) {
            closeQuietly(done);
            closeQuietly(folder);
            throw e;
        }
    }

    /**
     * What is wrong with a source's folder, its {@code .done/} or its {@code .failed/} (a link, or not a folder), or
     * null. Checked with lstat on paths: the cheap test made before every scan; {@link #open} is the one that holds.
     */
    static String problem(Path dir) {
        for (Path p : new Path[] {dir, dir.resolve(DONE), dir.resolve(FAILED)}) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    return p + " is a symbolic link; the hub neither reads nor writes through links in a drop folder."
                            + " Remove the link (the hub makes " + p.getFileName() + " itself)";
                }
                if (!a.isDirectory()) {
                    return p + " is not a folder; remove it (the hub makes " + p.getFileName() + " itself)";
                }
            } catch (NoSuchFileException missing) {
                if (p.equals(dir)) return p + " does not exist";
                // .done and .failed are made when first needed
            } catch (IOException e) {
                return p + " cannot be read: " + e.getMessage();
            }
        }
        return null;
    }

    private static SecureDirectoryStream<Path> subfolder(SecureDirectoryStream<Path> parent, Path shown, Path name)
            throws IOException {
        try {
            return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            throw new UnsafeFolderException(shown + " is not a folder the hub may use (a symbolic link, or not a folder:"
                    + " " + e.getReason() + "); remove it (the hub makes " + name + " itself)");
        }
    }

    /**
     * Does the source's drop folder still hold a plain file of this name with exactly these bytes? Read through
     * the folder's handles like any drop file: a link or a FIFO under that name is "no", never followed.
     */
    public static boolean holds(Path dropRoot, String sourceId, String name, long bytes, String sha256) {
        if (name.contains("/") || name.contains("\\") || name.equals("..") || name.startsWith(".")) return false;
        if (!Files.isDirectory(dropRoot.resolve(sourceId), LinkOption.NOFOLLOW_LINKS)) return false;
        try (DropFolder folder = open(dropRoot, sourceId)) {
            Entry e = folder.entry(name);
            if (!e.isPlainFile() || e.attributes().size() != bytes) return false;
            MessageDigest md = Sha256.digest();
            try (InputStream in = folder.read(name)) {
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > bytes) return false; // grew since it was looked at
                    md.update(buf, 0, n);
                }
            }
            return sha256.equals(Sha256.hex(md));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The entry's own attributes and link count, never its target's. */
    record Entry(BasicFileAttributes attributes, int links) {
        boolean isPlainFile() {
            return attributes.isRegularFile() && links == 1;
        }
    }

    /** Looks at an entry without following it, through the open folder; NoSuchFileException when it is gone. */
    Entry entry(String name) throws IOException {
        if (folder == null) return look(dir.resolve(name));
        BasicFileAttributes a = folder.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        return new Entry(a, links(dir.resolve(name), a));
    }

    /** Looks at an entry by its path without following it (lstat); the cheap look of the route's filter. */
    static Entry look(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new Entry(a, links(file, a));
    }

    private static int links(Path file, BasicFileAttributes a) throws IOException {
        if (!a.isRegularFile()) return 1;
        try {
            // The link count is only in the unix view, which goes by path; the file key ties it to the same file.
            Map<String, Object> unix = Files.readAttributes(file, "unix:nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
            if (!Objects.equals(unix.get("fileKey"), a.fileKey())) {
                throw new NoSuchFileException(file.toString(), null, "replaced while it was looked at");
            }
            return (Integer) unix.get("nlink");
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return 1; // no link counts on this file system
        }
    }

    /** Why the hub will not take this entry (it is not a plain file of its own), or null. */
    static String refusal(Entry e) {
        BasicFileAttributes a = e.attributes();
        if (a.isSymbolicLink()) return "it is a symbolic link; the hub takes regular files only and never follows a link";
        if (a.isDirectory()) return "it is a folder; the hub takes regular files only";
        if (!a.isRegularFile()) return "it is not a regular file (a device, a pipe or a socket); the hub takes regular files only";
        if (e.links() > 1) {
            return "it is a hard link (the same file has " + e.links() + " names); the hub takes files with one name only:"
                    + " copy the file into the folder instead of linking it";
        }
        return null;
    }

    /** Opens a regular file for reading, refusing a link swapped in since it was looked at. */
    InputStream read(String name) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        SeekableByteChannel ch = folder == null ? Files.newByteChannel(dir.resolve(name), options)
                : folder.newByteChannel(Path.of(name), options);
        return Channels.newInputStream(ch);
    }

    /**
     * Moves the entry itself (never a link's target) into {@code .done/} or {@code .failed/}, under its own name or,
     * when that is taken, {@code name.1.csv}, {@code name.2.csv}, ...: an earlier file is never overwritten.
     *
     * @return the name it now has there
     */
    String moveTo(String outcome, String name) throws IOException {
        synchronized (DropFolder.class) {
            String target = freeName(outcome, name);
            if (folder == null) {
                String problem = problem(dir);
                if (problem != null) throw new UnsafeFolderException(problem);
                Files.move(dir.resolve(name), dir.resolve(outcome).resolve(target));
            } else {
                folder.move(Path.of(name), sub(outcome), Path.of(target));
            }
            return target;
        }
    }

    /** Removes an entry itself (a link, never its target). */
    void delete(String name) throws IOException {
        if (folder == null) {
            Files.delete(dir.resolve(name));
        } else {
            folder.deleteFile(Path.of(name));
        }
    }

    /**
     * Writes a report ({@code <name>.error.txt}, {@code <name>.rejects.csv}) into {@code .done/} or {@code .failed/}:
     * to a new file of its own, then renamed over the name, so a link or a hard link planted under that name is
     * replaced, never written through.
     */
    void write(String outcome, String fileName, byte[] content) throws IOException {
        String tmp = "." + fileName + "." + UUID.randomUUID() + ".tmp";
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(REPORT_MODE)}
                : new FileAttribute<?>[0];
        synchronized (DropFolder.class) {
            try (SeekableByteChannel ch = folder == null ? Files.newByteChannel(dir.resolve(outcome).resolve(tmp), options, attrs)
                    : sub(outcome).newByteChannel(Path.of(tmp), options, attrs)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) ch.write(b);
            }
            try {
                if (folder == null) {
                    Files.move(dir.resolve(outcome).resolve(tmp), dir.resolve(outcome).resolve(fileName),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    sub(outcome).move(Path.of(tmp), sub(outcome), Path.of(fileName));
                }
            } catch (IOException e) {
                if (folder == null) Files.deleteIfExists(dir.resolve(outcome).resolve(tmp));
                else sub(outcome).deleteFile(Path.of(tmp));
                throw e;
            }
        }
    }

    /** {@code name} if it is free in the outcome folder, else the first free {@code base.N.ext}. */
    private String freeName(String outcome, String name) throws IOException {
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 0; n < 100_000; n++) {
            String candidate = n == 0 ? name : base + "." + n + ext;
            if (!exists(outcome, candidate)) return candidate;
        }
        throw new IOException(dir.resolve(outcome) + " already holds 100,000 files named like " + name + "; clear it");
    }

    private boolean exists(String outcome, String name) throws IOException {
        try {
            if (folder == null) {
                Files.readAttributes(dir.resolve(outcome).resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } else {
                sub(outcome).getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private SecureDirectoryStream<Path> sub(String outcome) {
        return switch (outcome) {
            case DONE -> done;
            case FAILED -> failed;
            default -> throw new IllegalArgumentException(outcome);
        };
    }

    @Override
    public void close() {
        closeQuietly(failed);
        closeQuietly(done);
        closeQuietly(folder);
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // a directory handle that cannot be closed holds nothing to lose
        }
    }
}
