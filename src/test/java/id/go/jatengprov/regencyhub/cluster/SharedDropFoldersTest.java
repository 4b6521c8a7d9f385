package id.go.jatengprov.regencyhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode and drop folders on shared storage: warned about unless one hub at a time reads each folder. */
class SharedDropFoldersTest {

    @TempDir Path dir;

    @Test
    void clusterModeOnSharedStorageWithoutTheLeaseIsWarnedAbout() {
        Path drop = dir.resolve("drop");
        assertThat(SharedDropFolders.warnings(true, false, drop, "nfs4")).singleElement().asString()
                .contains(drop.toString(), "shared storage (nfs4)", "hub.cluster.shared-drop-folders=true");
        assertThat(SharedDropFolders.warnings(true, true, drop, "nfs4")).as("with the lease").isEmpty();
        assertThat(SharedDropFolders.warnings(false, false, drop, "nfs4")).as("one hub").isEmpty();
        assertThat(SharedDropFolders.warnings(true, false, drop, "ext4")).as("a local disk").isEmpty();
        assertThat(SharedDropFolders.warnings(true, false, drop, null)).as("type unknown").isEmpty();
    }

    @Test
    void theLeaseWithoutClusterModeIsWarnedAbout() {
        assertThat(SharedDropFolders.warnings(false, true, dir, "ext4")).singleElement().asString()
                .contains("does nothing without hub.cluster.enabled=true");
    }

    @Test
    void theTypeOfAFolderNotYetMadeIsThatOfItsParent() {
        String type = SharedDropFolders.fileSystemType(dir);
        assertThat(type).as("type of the temporary folder's file system").isNotBlank();
        assertThat(SharedDropFolders.fileSystemType(dir.resolve("data/drop"))).isEqualTo(type);
    }
}
