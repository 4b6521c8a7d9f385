package id.go.jatengprov.regencyhub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's smallest form ({@code bench/run.sh --smoke}: 50,000 rows, one run) against the packaged
 * jar, so that the benchmark keeps working. No timing is asserted, only that the hub loaded exactly the
 * generated truth and that the figures were printed. Runs in the 'fault' execution, after 'package'.
 */
class BenchSmokeIT {

    @Test
    void theSmokeBenchmarkLoadsExactlyTheGeneratedTruthAndPrintsItsFigures() throws Exception {
        Path log = Path.of("target", "bench-smoke.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "bench/run.sh", "--smoke").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        if (!ended) p.destroyForcibly();
        String out = Files.readString(log);
        System.out.println(out.lines().filter(l -> !l.startsWith("[bench")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(ended).as("the smoke benchmark ended within 10 minutes; see %s", log).isTrue();
        assertThat(p.exitValue()).as("exit status of bench/run.sh --smoke; see %s", log).isZero();
        assertThat(out).contains("50,000 rows").contains("baseline rows/s").contains("first load rows/s")
                .contains("all-updates rows/s").contains("VmHWM MiB").contains("truth check: PASS");
    }
}
