package id.go.jatengprov.regencyhub.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link TestBroker} as a separate JVM on the test classpath, killable with {@code kill -9}. */
final class BrokerProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Path log;
    /** One broker of a shared-store pair ({@link TestBroker}), or null. */
    private final String name;
    private Process process;

    BrokerProcess(int port, Path dir, Path log) {
        this(port, dir, log, null);
    }

    /** One broker of a master/slave pair on the KahaDB folder {@code <dir>/kahadb}. */
    BrokerProcess(int port, Path dir, Path log, String name) {
        this.port = port;
        this.dir = dir;
        this.log = log;
        this.name = name;
    }

    /** A failover URL over a master/slave pair: the hub tries them in order and reconnects to whichever is master. */
    static String failover(BrokerProcess... brokers) {
        return "failover:(" + String.join(",", java.util.Arrays.stream(brokers).map(BrokerProcess::url).toList())
                + ")?randomize=false&initialReconnectDelay=100&maxReconnectDelay=1000";
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    BrokerProcess start() {
        launch();
        return awaitMaster(Duration.ofSeconds(60));
    }

    /**
     * Starts the slave of a pair whose master runs, and returns once it waits for the store's lock (its log says it
     * is in slave mode).
     */
    BrokerProcess startSlave() {
        long before = slaveLines();
        launch();
        await("broker on port " + port + " waiting as slave").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) throw new AssertionError("the test broker exited with " + process.exitValue() + "; see " + log);
                    return slaveLines() > before;
                });
        return this;
    }

    private long slaveLines() {
        try {
            return java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log).stream()
                    .filter(l -> l.contains("is now in slave mode")).count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void launch() {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TestBroker.class.getName(), Integer.toString(port),
                dir.toString()));
        if (name != null) cmd.add(name);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until this broker accepts connections: it is (or became) the master. */
    BrokerProcess awaitMaster(Duration atMost) {
        await("broker on port " + port).atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) throw new AssertionError("the test broker exited with " + process.exitValue() + "; see " + log);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** kill -9: the store is left as a crash leaves it; KahaDB recovers from its journal at the next start. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
