package id.go.jatengprov.regencyhub.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Throughput of 1, 2, … hubs on one external PostgreSQL and one broker pair, all on this machine: {@code bench/cluster.sh
 * [hubs] [files] [rows]}. Not a test; it prints figures and asserts only that every batch loaded. For each number of
 * hubs: a warm-up round (one file per hub), then a timed round of {@code files} uploads spread over the hubs, from the
 * first upload until every batch is LOADED, with the CPU each process used meanwhile (hubs, PostgreSQL with its
 * backends, the master broker) and how busy the machine's cores were.
 */
public final class ClusterBench {

    private ClusterBench() {}

    public static void main(String[] args) throws Exception {
        int maxHubs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        String landing = System.getProperty("landing", "database");
        Path runDir = Path.of("bench", "out", "cluster").toAbsolutePath();
        FaultData.deleteTree(runDir);
        Files.createDirectories(runDir);
        List<HubProcess> hubs = new ArrayList<>();
        try (ExternalPostgres pg = new ExternalPostgres(runDir.resolve("postgres"), HubProcess.freePort(),
                runDir.resolve("postgres.log")).start();
             BrokerProcess a = new BrokerProcess(HubProcess.freePort(), runDir.resolve("broker"), runDir.resolve("broker-a.log"), "a").start();
             BrokerProcess b = new BrokerProcess(HubProcess.freePort(), runDir.resolve("broker"), runDir.resolve("broker-b.log"), "b").startSlave()) {
            // the hubs stop before the database and the brokers (closed after this block): without them a hub's stop
            // waits for its broker client's reconnects, a minute a hub
            try {
                System.out.printf("cluster bench: %d files of %,d rows per round, chunk 20,000, landing in the %s, %d cores%n",
                        files, rows, landing, Runtime.getRuntime().availableProcessors());
                long meter = 1;
                for (int n = 1; n <= maxHubs; n++) {
                    Path hubDir = runDir.resolve("hub-" + n);
                    FaultData.writeConfig(hubDir);
                    hubs.add(HubProcess.in(hubDir).jvm("-Xmx512m")
                            .externalDatabase(pg.jdbcUrl(), "hub", ExternalPostgres.HUB_PASSWORD)
                            .with("hub.cluster.enabled", true)
                            .with("hub.landing.store", landing)
                            .with("hub.broker.url", BrokerProcess.failover(a, b))
                            .with("logging.level.id.go.jatengprov.regencyhub.batch.BatchLog", "WARN")
                            .build().start());
                    round(hubs, runDir, "warm-" + n, hubs.size(), Math.min(rows, 20_000), meter, pg, a);
                    meter += (long) hubs.size() * rows;
                    Map<String, Double> cpu = round(hubs, runDir, "bench-" + n, files, rows, meter, pg, a);
                    meter += (long) files * rows;
                    double seconds = cpu.remove("seconds");
                    double busy = cpu.remove("busy");
                    System.out.printf("%d hub%s: %,d rows in %.1f s = %,.0f rows/s; cores busy %.0f%%; CPU seconds %s%n", n,
                            n == 1 ? " " : "s", (long) files * rows, seconds, files * rows / seconds, busy * 100, cpu);
                }
            } finally {
                for (HubProcess h : hubs) h.close();
            }
        }
    }

    /** Uploads {@code files} files spread over the hubs at once and waits until they are LOADED; CPU used meanwhile. */
    static Map<String, Double> round(List<HubProcess> hubs, Path runDir, String name, int files, int rows, long firstMeter,
                                     ExternalPostgres pg, BrokerProcess broker) throws Exception {
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            Path f = runDir.resolve("input").resolve(name + "-" + i + ".csv");
            FaultData.generate(f, firstMeter + i, firstMeter + (long) i * rows, rows);
            inputs.add(f);
        }
        long loadedBefore;
        try (Connection c = hubs.get(0).db()) {
            loadedBefore = FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status = 'LOADED'");
        }
        Map<String, Long> before = cpu(hubs, pg, broker);
        long[] stat0 = Cpu.machine();
        long t0 = System.nanoTime();
        List<CompletableFuture<FaultSupport.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            answers.add(FaultSupport.upload(hubs.get(i % hubs.size()), inputs.get(i), null));
        }
        for (CompletableFuture<FaultSupport.Answer> f : answers) {
            if (f.get().status() != 202) throw new IllegalStateException("upload not taken: " + f.get());
        }
        await(name + " loaded").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Connection c = hubs.get(0).db()) {
                return FaultSupport.count(c, "SELECT count(*) FROM hub.batch WHERE status = 'LOADED'") >= loadedBefore + files;
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] stat1 = Cpu.machine();
        Map<String, Long> after = cpu(hubs, pg, broker);
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((k, v) -> out.put(k, Math.round((v - before.getOrDefault(k, 0L)) / Cpu.TICKS * 10) / 10.0));
        out.put("seconds", seconds);
        out.put("busy", (double) (stat1[0] - stat0[0]) / Math.max(1, stat1[1] - stat0[1]));
        return out;
    }

    static Map<String, Long> cpu(List<HubProcess> hubs, ExternalPostgres pg, BrokerProcess broker) throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (int i = 0; i < hubs.size(); i++) ticks.put("hub" + (i + 1), Cpu.process(hubs.get(i).pid(), false));
        ticks.put("postgres", Cpu.process(pg.pid(), true));
        ticks.put("broker", Cpu.process(broker.pid(), false));
        return ticks;
    }

    /** CPU time from /proc (Linux), in clock ticks. */
    static final class Cpu {
        static final double TICKS = 100.0;

        /** {busy, total} ticks of all cores since boot. */
        static long[] machine() throws IOException {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        }

        /** utime + stime of a process, with its children's (waited-for and, if asked, live) when {@code tree}. */
        static long process(long pid, boolean tree) throws IOException {
            long t = own(pid, tree);
            if (tree) {
                for (ProcessHandle h : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
                    t += own(h.pid(), false);
                }
            }
            return t;
        }

        private static long own(long pid, boolean withWaitedChildren) {
            try {
                String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                if (withWaitedChildren) t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                return t;
            } catch (IOException | RuntimeException gone) {
                return 0;
            }
        }
    }
}
