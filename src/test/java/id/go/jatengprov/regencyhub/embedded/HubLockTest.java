package id.go.jatengprov.regencyhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One hub per data folder: a live hub's claim refuses a second one; a dead hub's claim is taken over. */
class HubLockTest {

    @TempDir Path dataDir;

    @Test
    void aSecondClaimInTheSameJvmIsRefusedWithThePidAndPorts() throws IOException {
        try (HubLock first = HubLock.acquire(dataDir)) {
            first.httpPort(8088);
            first.databasePort(5444);
            long me = ProcessHandle.current().pid();
            assertThatThrownBy(() -> HubLock.acquire(dataDir)).isInstanceOf(HubLock.HubRunningException.class)
                    .hasMessageContaining("another hub is running in this folder (pid " + me + ", port 8088, database port 5444")
                    .hasMessageContaining(dataDir.toAbsolutePath().toString());
            // the refused attempt did not loosen the first claim
            assertThat(first.describe().getProperty("pid")).isEqualTo(Long.toString(me));
            assertThatThrownBy(() -> HubLock.acquire(dataDir)).isInstanceOf(HubLock.HubRunningException.class);
        }
        try (HubLock again = HubLock.acquire(dataDir)) {
            assertThat(again.describe().getProperty("http-port")).as("a new claim starts without the old ports").isNull();
        }
    }

    @Test
    void aClaimHeldByAnotherProcessIsRefusedUntilThatProcessEnds() throws Exception {
        Process holder = child("hold", dataDir.toString());
        try {
            String line = firstLine(holder);
            assertThat(line).startsWith("HELD ");
            String httpPort = line.substring(5);
            assertThatThrownBy(() -> HubLock.acquire(dataDir)).isInstanceOf(HubLock.HubRunningException.class)
                    .hasMessageContaining("(pid " + holder.pid() + ", port " + httpPort + ", database port 5999");
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (HubLock mine = HubLock.acquire(dataDir)) {
            assertThat(mine.describe().getProperty("pid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void theLockFileOfADeadHubIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        Files.writeString(dataDir.resolve(HubLock.FILE), "pid=" + gone.pid() + "\nhttp-port=8080\ndb-port=5433\n", StandardCharsets.UTF_8);
        try (HubLock mine = HubLock.acquire(dataDir)) {
            assertThat(mine.describe().getProperty("pid")).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(mine.describe().getProperty("db-port")).isNull();
        }
    }

    @Test
    void aLiveHubWhoseLockFileWasReplacedIsStillRecognised() throws Exception {
        Process hub = child("listen");
        try {
            String line = firstLine(hub);
            assertThat(line).startsWith("LISTENING ");
            // the running hub's lock is on a deleted file; the new file names it: a live java process whose port answers
            Files.writeString(dataDir.resolve(HubLock.FILE), "pid=" + hub.pid() + "\nhttp-port=" + line.substring(10) + "\n");
            assertThatThrownBy(() -> HubLock.acquire(dataDir)).isInstanceOf(HubLock.HubRunningException.class)
                    .hasMessageContaining("(pid " + hub.pid() + ", port " + line.substring(10))
                    .hasMessageContaining("its HTTP port answers");
        } finally {
            hub.getOutputStream().close();
            assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Process child(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HubLockHolder.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("HELD ") || line.startsWith("LISTENING ")) return line;
        }
        throw new AssertionError("the child process ended without claiming: exit " + p.exitValue());
    }
}
