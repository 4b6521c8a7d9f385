package id.go.jatengprov.regencyhub.embedded;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the data folder and what the hub writes under it without access for other users. Java cannot set
 * the process's umask, so every folder and file is given its mode explicitly after it is created (an explicit
 * chmod is not cut by the umask, as a mode passed at creation is).
 *
 * <ul>
 *   <li>the data folder: {@code rwxr-x---} (0750): the group may pass through it to reach {@code drop/};</li>
 *   <li>{@code drop/}: {@code rwxrws---} (2770): a regency's sending system, another OS user in the hub's
 *       group, writes files there; the set-group-id bit gives new files and folders the folder's group, so
 *       the hub can read and move them;</li>
 *   <li>{@code landing/}, {@code work/}, {@code broker/}, {@code postgres/}: {@code rwx------} (0700), the
 *       hub's user only; files the hub writes itself: {@code rw-------} (0600).</li>
 * </ul>
 *
 * Other packages create their folders and files through {@link #privateDirectory}, {@link #dropDirectory}
 * and {@link #privateFile}.
 */
public final class DataFolders {

    private static final Logger log = LoggerFactory.getLogger(DataFolders.class);

    public static final Set<PosixFilePermission> DATA_DIR = PosixFilePermissions.fromString("rwxr-x---");
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** rwxrws---: group may write; set-group-id, so what a sender puts there belongs to the hub's group. */
    public static final int DROP_DIR_MODE = 02770;

    /** Folders under the data folder that only the hub reads and writes. */
    static final String[] PRIVATE_SUBFOLDERS = {"landing", "work", "broker", "postgres"};

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataFolders() {}

    /**
     * At start, before anything else touches the data folder: creates it and its standard sub-folders with the
     * modes above, and takes away from existing ones what they must not have (world access; group access to the
     * private ones), with a log line for each change. Files already inside are left as they are: their folders
     * no longer let anyone else reach them.
     */
    public static void prepare(Path dataDir) throws IOException {
        if (!isPosix(dataDir)) {
            log.warn("The file system of {} has no POSIX permissions; the data folder's access is as the system gives it", dataDir);
            Files.createDirectories(dataDir);
            return;
        }
        if (Files.isDirectory(dataDir)) {
            tighten(dataDir, OTHERS, "the data folder");
        } else {
            createWithMode(dataDir, DATA_DIR);
        }
        for (String name : PRIVATE_SUBFOLDERS) {
            Path dir = dataDir.resolve(name);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                tighten(dir, GROUP_AND_OTHERS, "the hub's own folder");
            } else {
                createWithMode(dir, PRIVATE_DIR);
            }
        }
        Path drop = dataDir.resolve("drop");
        if (Files.isDirectory(drop, LinkOption.NOFOLLOW_LINKS)) {
            tighten(drop, OTHERS, "the drop folder");
        } else {
            dropDirectory(drop);
        }
    }

    /** A folder only the hub's user can enter (0700), created with its missing parents (each 0700 as well). */
    public static Path privateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return dir;
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) privateDirectory(parent);
        createWithMode(dir, PRIVATE_DIR);
        return dir;
    }

    /** A folder senders of the hub's group may write into (2770), e.g. {@code drop/<source>}. */
    public static Path dropDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) dropDirectory(parent);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException raced) {
                return dir;
            }
        }
        // NOFOLLOW: a sender who swaps the new folder for a link must not get another folder chmod-ed 2770.
        if (isPosix(dir)) Files.setAttribute(dir, "unix:mode", DROP_DIR_MODE, LinkOption.NOFOLLOW_LINKS);
        return dir;
    }

    /** Creates a new file readable and writable by the hub's user only (0600); fails if it exists. */
    public static Path privateFile(Path file) throws IOException {
        Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close();
        if (isPosix(file)) Files.setPosixFilePermissions(file, PRIVATE_FILE);
        return file;
    }

    private static void createWithMode(Path dir, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) throw raced;
        }
        if (isPosix(dir)) Files.setPosixFilePermissions(dir, mode);
    }

    private static void tighten(Path dir, Set<PosixFilePermission> remove, String what) throws IOException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> after = EnumSet.noneOf(PosixFilePermission.class);
        after.addAll(before);
        after.removeAll(remove);
        if (after.equals(before)) return;
        // chmod through the unix view keeps a set-group-id bit that setPosixFilePermissions would clear
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        int drop = 0;
        for (PosixFilePermission p : remove) drop |= bit(p);
        Files.setAttribute(dir, "unix:mode", mode & 07777 & ~drop);
        log.warn("Tightened {} {}: it was {}, now {} (other users have no access to what the hub keeps)", what, dir,
                PosixFilePermissions.toString(before), PosixFilePermissions.toString(after));
    }

    private static int bit(PosixFilePermission p) {
        return switch (p) {
            case OWNER_READ -> 0400; case OWNER_WRITE -> 0200; case OWNER_EXECUTE -> 0100;
            case GROUP_READ -> 040; case GROUP_WRITE -> 020; case GROUP_EXECUTE -> 010;
            case OTHERS_READ -> 04; case OTHERS_WRITE -> 02; case OTHERS_EXECUTE -> 01;
        };
    }

    static boolean isPosix(Path p) {
        Path existing = p.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("unix");
    }
}
