package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sender who can write into a drop folder attacks through links: a symbolic link to a secret file, to /dev/zero,
 * a hard link, a FIFO, a .failed/ or a whole source folder that is a link to another folder. The hub refuses each
 * with a reason, never reads through them and never writes outside the drop folder; the secret's text appears
 * nowhere the sender or a regency could read it. An oversize file is refused like an oversize upload.
 */
class DropFolderLinksTest extends HubTestSupport {

    static final String SOURCE = "jateng-births";
    static final String HEADER = "Wilayah,Tahun,Jumlah Bayi Lahir,Jumlah Bayi BBLR,Jumlah Kurang Gizi\n";

    Path outside;
    Path dir;
    String secret;

    @BeforeEach
    void folders() throws IOException {
        outside = Files.createTempDirectory("regency-hub-outside-");
        dir = Files.createDirectories(props.dropDir().resolve(SOURCE));
        secret = "SECRET-" + UUID.randomUUID();
    }

    @AfterEach
    void removeOutside() throws IOException {
        deleteTree(outside);
        Files.deleteIfExists(outside);
    }

    /** A file outside the drop folder that the hub's user can read, shaped like the source's CSV. */
    Path secretFile() throws IOException {
        Path f = outside.resolve("secrets.csv");
        Files.writeString(f, HEADER + secret + ",2020,1000,10,5\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_000_000L));
        return f;
    }

    void awaitRefused(String name, String reason) {
        Path error = dir.resolve(".failed").resolve(name + ".error.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(error));
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS));
        try {
            assertThat(Files.readString(error)).contains("status:  REFUSED").contains("batch:   none").contains(reason);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSymbolicLinkToASecretFileIsRefusedUnreadAndTheSecretAppearsNowhere() throws Exception {
        Path target = secretFile();
        Files.createSymbolicLink(dir.resolve("births.csv"), target);

        awaitRefused("births.csv", "it is a symbolic link");
        // The link itself was removed, never moved where someone could follow it later; its target is as it was.
        assertThat(Files.exists(dir.resolve(".failed/births.csv"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(target)).contains(secret);
        assertThat(Files.getLastModifiedTime(target).toMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(batches.list(SOURCE, null, null, 10, 0)).isEmpty();
        assertSecretNowhere();
    }

    @Test
    void aFailedFolderThatIsALinkIsNotUsedAndNothingIsWrittenThrough() throws Exception {
        Path elsewhere = Files.createDirectories(outside.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve(".failed"), elsewhere);
        try (LogCapture log = new LogCapture()) {
            drop(SOURCE, "this is not the births table\n", "broken.csv");
            Http operator = new Http(port).as("operator", OPERATOR_PASSWORD);
            await().atMost(Duration.ofSeconds(10)).until(() -> operator.get("/actuator/health").body()
                    .contains("\"folderProblems\":{\"" + SOURCE + "\""));
            // Several scans later: still nothing read, moved or written, and the problem logged once.
            anotherSourceLoadsAFile();
            assertThat(dir.resolve("broken.csv")).exists();
            assertThat(batches.list(SOURCE, null, null, 10, 0)).isEmpty();
            assertThat(elsewhere).isEmptyDirectory();
            assertThat(log.lines(e -> e.getFormattedMessage().contains(".failed is a symbolic link"))).hasSize(1);
            assertThat(operator.get("/actuator/health").body()).contains(".failed is a symbolic link");
        }
        // The link removed, the hub makes a real .failed/ itself and the file goes there.
        Files.delete(dir.resolve(".failed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve(".failed/broken.csv.error.txt")));
        assertThat(Files.isSymbolicLink(dir.resolve(".failed"))).isFalse();
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void aSourceFolderThatIsALinkIsNotRead() throws Exception {
        Path elsewhere = Files.createDirectories(outside.resolve("elsewhere"));
        Path target = secretFile();
        Files.copy(target, elsewhere.resolve("births.csv"));
        deleteTree(dir);
        Files.delete(dir);
        Files.createSymbolicLink(dir, elsewhere);
        Http operator = new Http(port).as("operator", OPERATOR_PASSWORD);
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.get("/actuator/health").body()
                .contains(SOURCE + " is a symbolic link"));
        anotherSourceLoadsAFile();
        assertThat(batches.list(SOURCE, null, null, 10, 0)).isEmpty();
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("births.csv");
        }
        assertSecretNowhere();
        Files.delete(dir);
    }

    @Test
    void aLinkToDevZeroIsRefusedAtOnce() throws Exception {
        long start = System.nanoTime();
        Files.createSymbolicLink(dir.resolve("zero.csv"), Path.of("/dev/zero"));
        awaitRefused("zero.csv", "it is a symbolic link");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(batches.list(SOURCE, null, null, 10, 0)).isEmpty();
        assertThat(filesUnder(props.landingDir())).isEmpty();
    }

    @Test
    void aHardLinkIsRefused() throws Exception {
        Path target = secretFile();
        Files.createLink(dir.resolve("hard.csv"), target);
        awaitRefused("hard.csv", "it is a hard link");
        assertThat(Files.readString(target)).contains(secret);
        assertThat(batches.list(SOURCE, null, null, 10, 0)).isEmpty();
        assertSecretNowhere();
    }

    @Test
    void aFifoIsRefusedWithoutBlockingTheFolder() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.csv").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        awaitRefused("pipe.csv", "not a regular file");
        // The route is not stuck on the pipe: the next file loads.
        drop(SOURCE, HEADER + "Kabupaten Cilacap,2020,1000,10,5\n", "after.csv");
        assertThat(awaitFinal(SOURCE).rowsLoaded()).isEqualTo(1);
    }

    @Test
    void aFileLargerThanTheUploadLimitIsRefusedWithItsReasonAndNeverLanded() throws Exception {
        // hub.upload.max-size is 2MB in the tests.
        StringBuilder csv = new StringBuilder(HEADER);
        while (csv.length() <= 2 * 1024 * 1024 + 10) csv.append("Kabupaten Cilacap,2020,1000,10,5\n");
        drop(SOURCE, csv.toString(), "huge.csv");
        awaitRefused("huge.csv", "413");
        assertThat(Files.readString(dir.resolve(".failed/huge.csv.error.txt"))).contains("hub.upload.max-size")
                .contains(String.valueOf(2 * 1024 * 1024));
        assertThat(dir.resolve(".failed/huge.csv")).hasSize(csv.length());
        assertThat(batches.list(SOURCE, null, null, 10, 0)).isEmpty();
        assertThat(filesUnder(props.landingDir())).isEmpty();
    }

    /**
     * A file dropped for another source loads: by then the drop routes, which scan at the same pace, have looked at
     * the folder under test many times over.
     */
    void anotherSourceLoadsAFile() throws IOException {
        drop("jateng-ipm", SAMPLES.resolve("ipm_jateng_2024_datajatengprov_semicolon.csv"), "meanwhile.csv");
        awaitFinal("jateng-ipm");
    }

    /** The secret is in no API answer, batch record, reject, report file, landing or work file. */
    void assertSecretNowhere() throws Exception {
        Http operator = new Http(port).as("operator", OPERATOR_PASSWORD);
        for (String path : List.of("/api/v1/batches?source=" + SOURCE, "/api/v1/batches", "/api/v1/sources", "/actuator/health")) {
            assertThat(operator.get(path).body()).as(path).doesNotContain(secret);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.batch WHERE concat(message, detected, file_name) LIKE ?",
                Long.class, "%" + secret + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.reject WHERE concat(value, raw, reason) LIKE ?",
                Long.class, "%" + secret + "%")).isZero();
        for (Path root : List.of(props.dropDir(), props.landingDir(), props.workDir())) {
            for (Path f : filesUnder(root)) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }
    }

    /** Regular files under a folder, links not followed. */
    static List<Path> filesUnder(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(out::add);
        }
        return out;
    }
}
