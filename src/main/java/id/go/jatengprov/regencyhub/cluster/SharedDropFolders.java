package id.go.jatengprov.regencyhub.cluster;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Warnings about drop folders and several hubs, said by {@code check} and at the hub's start: drop folders on storage the
 * hubs share are read by two hubs at once unless {@code hub.cluster.shared-drop-folders=true} gives each source's folder
 * to one hub at a time, and that setting does nothing without {@code hub.cluster.enabled}. Shared storage is recognised
 * by its file system type (NFS, SMB, CephFS, ...): a hub cannot see another machine's mounts.
 */
public final class SharedDropFolders {

    /** File system types (as /proc/mounts names them) of storage that other machines can mount too. */
    public static final Set<String> SHARED_TYPES = Set.of("nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ceph",
            "fuse.ceph", "cephfs", "glusterfs", "fuse.glusterfs", "lustre", "gpfs", "ocfs2", "gfs2", "fuse.sshfs", "9p",
            "virtiofs", "afs", "fuse.s3fs", "fuse.gcsfuse", "fuse.juicefs");

    private SharedDropFolders() {}

    /** What is wrong with these settings for the drop folders {@code drop} on a file system of type {@code dropType}. */
    public static List<String> warnings(boolean cluster, boolean shared, Path drop, String dropType) {
        List<String> out = new ArrayList<>();
        if (shared && !cluster) {
            out.add("hub.cluster.shared-drop-folders=true does nothing without hub.cluster.enabled=true: this hub reads"
                    + " every drop folder under " + drop + " as if it were alone");
        }
        if (cluster && !shared && dropType != null && SHARED_TYPES.contains(dropType.toLowerCase(Locale.ROOT))) {
            out.add("hub.cluster.enabled=true and the drop folders " + drop + " are on shared storage (" + dropType + "):"
                    + " if other hubs mount the same folder, each would read the same files. Set"
                    + " hub.cluster.shared-drop-folders=true on every hub (one hub at a time reads each source's folder), or"
                    + " give each hub drop folders of its own (docs/operations.md, \"Drop folders\")");
        }
        return out;
    }

    /** The type of the file system the folder is on (of its nearest existing parent), or null when unknown. */
    public static String fileSystemType(Path folder) {
        Path p = folder;
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return null;
        try {
            FileStore store = Files.getFileStore(p);
            return store.type();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
