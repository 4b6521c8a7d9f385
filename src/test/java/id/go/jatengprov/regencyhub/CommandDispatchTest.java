package id.go.jatengprov.regencyhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What the jar does with its first argument: run the hub, a command, the usage, or refuse. */
class CommandDispatchTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int command(String... args) {
        return RegencyHubApplication.command(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpInAnyFormPrintsTheUsageAndExitsZero() {
        for (String[] args : new String[][] {{"help"}, {"--help"}, {"-h"}, {"--server.port=9090", "--help"}, {"run", "-h"}}) {
            out.reset();
            assertThat(command(args)).as(String.join(" ", args)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: java -jar regency-hub.jar", "run", "check",
                    "preview", "help", "--hub.data-dir", "docs/operations.md");
        }
    }

    @Test
    void anUnknownCommandPrintsTheUsageToStandardErrorAndExitsTwo() {
        assertThat(command("frobnicate", "--hub.data-dir=x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("unknown command 'frobnicate'").contains("usage:");
        assertThat(command("-x")).isEqualTo(2);
    }

    @Test
    void noArgumentsRunOrPropertiesRunTheHub() {
        assertThat(command()).isEqualTo(-1);
        assertThat(command("run")).isEqualTo(-1);
        assertThat(command("--server.port=9090", "--hub.data-dir=/srv/hub")).isEqualTo(-1);
        assertThat(out.size() + err.size()).as("nothing printed").isZero();
    }
}
