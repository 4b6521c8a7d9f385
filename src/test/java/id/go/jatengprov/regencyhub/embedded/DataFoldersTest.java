package id.go.jatengprov.regencyhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder and what the hub keeps in it are created, or tightened, without access for other users. */
class DataFoldersTest {

    @TempDir Path tmp;

    @Test
    void aFreshDataFolderGivesOtherUsersNoAccessAndTheGroupOnlyTheDropFolder() throws IOException {
        Path data = tmp.resolve("srv").resolve("data");
        Files.createDirectories(data.getParent());
        DataFolders.prepare(data);
        assertThat(mode(data)).isEqualTo("750");
        for (String name : DataFolders.PRIVATE_SUBFOLDERS) {
            assertThat(mode(data.resolve(name))).as(name).isEqualTo("700");
        }
        assertThat(mode(data.resolve("drop"))).as("drop: group writes, set-group-id").isEqualTo("2770");
    }

    @Test
    void anExistingWorldReadableDataFolderIsTightenedAndKeepsItsFiles() throws IOException {
        Path data = tmp.resolve("data");
        for (String name : new String[] {"landing/src", "work", "broker", "postgres", "drop/src"}) {
            Files.createDirectories(data.resolve(name));
        }
        Files.writeString(data.resolve("landing/src/x.dat"), "kept");
        for (Path p : new Path[] {data, data.resolve("landing"), data.resolve("work"), data.resolve("broker"), data.resolve("drop")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.setPosixFilePermissions(data.resolve("postgres"), PosixFilePermissions.fromString("rwxr-x---"));

        DataFolders.prepare(data);

        assertThat(mode(data)).isEqualTo("770"); // the group's access to the data folder is the operator's choice
        assertThat(mode(data.resolve("landing"))).isEqualTo("700");
        assertThat(mode(data.resolve("work"))).isEqualTo("700");
        assertThat(mode(data.resolve("broker"))).isEqualTo("700");
        assertThat(mode(data.resolve("postgres"))).isEqualTo("700");
        assertThat(mode(data.resolve("drop"))).isEqualTo("770");
        assertThat(data.resolve("landing/src/x.dat")).hasContent("kept");

        DataFolders.prepare(data); // a second start changes nothing
        assertThat(mode(data)).isEqualTo("770");
    }

    @Test
    void foldersAndFilesMadeForOtherPackagesHaveTheirModes() throws IOException {
        DataFolders.prepare(tmp.resolve("data"));
        Path landing = DataFolders.privateDirectory(tmp.resolve("data/landing/src/deeper"));
        assertThat(mode(landing)).isEqualTo("700");
        assertThat(mode(landing.getParent())).isEqualTo("700");
        Path spool = DataFolders.privateFile(tmp.resolve("data/work/1.copy"));
        assertThat(mode(spool)).isEqualTo("600");
        Path source = DataFolders.dropDirectory(tmp.resolve("data/drop/jateng-ipm"));
        assertThat(mode(source)).isEqualTo("2770");
        Path done = DataFolders.dropDirectory(tmp.resolve("data/drop/jateng-ipm/.done"));
        assertThat(mode(done)).isEqualTo("2770");
    }

    private static String mode(Path p) throws IOException {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode") & 07777);
    }
}
