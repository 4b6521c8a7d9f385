package id.go.jatengprov.regencyhub.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a delivery was in the hub when a fault struck, derived only from what can be seen from outside:
 * the landing folder (a {@code .incoming-*} file being written, or the landed {@code <sha256>.dat} not yet
 * registered), and the batch's row ({@code status}, {@code chunks_total}) with its chunks in
 * {@code hub.load_log}.
 *
 * <ul>
 *   <li>{@link #WAITING}: nothing of it in the hub yet (a drop file waiting for its read lock);</li>
 *   <li>{@link #LANDING}: the payload is being written to the landing folder, or landed and not yet registered;</li>
 *   <li>{@link #NORMALISING}: RECEIVED, chunks not yet counted;</li>
 *   <li>{@link #QUEUEING}: RECEIVED with its chunks counted: they are being put on the queue;</li>
 *   <li>{@link #LOADING}: QUEUED (or FAILED with chunks in the dead-letter queue), not every chunk in the load log;</li>
 *   <li>{@link #DONE}: final: a fault then strikes an idle hub as far as this delivery goes.</li>
 * </ul>
 */
enum Stage {
    WAITING, LANDING, NORMALISING, QUEUEING, LOADING, DONE;

    /** The stages a fault scenario must hit at least once. */
    static final Set<Stage> WORKING = EnumSet.of(LANDING, NORMALISING, QUEUEING, LOADING);

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A stage with what was seen, e.g. {@code loading (QUEUED 12/40)}.
     *
     * @param loadedShare the share of the batch's chunks in the load log (0 before loading)
     */
    record Seen(Stage stage, String detail, double loadedShare) {
        Seen(Stage stage, String detail) {
            this(stage, detail, stage == DONE ? 1 : 0);
        }

        /** Whether the delivery got at least as far as {@code stage} (and, loading, {@code share} of its chunks). */
        boolean reached(Stage stage, double share) {
            return stage() == DONE || stage().compareTo(stage) > 0
                    || stage() == stage && (stage != LOADING || loadedShare >= share);
        }

        @Override
        public String toString() {
            return stage.label() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /**
     * One delivery (known by the SHA-256 of its bytes) as seen from outside. Made before the delivery starts,
     * so that {@code .incoming-*} files left by earlier kills do not count as this one landing.
     */
    static final class Probe {
        private final String sha;
        private final Path landingDir;
        private final Set<String> leftovers;

        Probe(String sha, Path landingDir) {
            this.sha = sha;
            this.landingDir = landingDir;
            this.leftovers = new HashSet<>(incoming(landingDir));
        }

        String sha() { return sha; }

        /** Where the delivery is now; {@code c} is a connection to the hub's database. */
        Seen seen(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT b.status, b.chunks_total, (SELECT count(*) FROM hub.load_log l WHERE l.batch_id = b.id), b.rows_read
                    FROM hub.batch b WHERE b.content_hash = ? AND b.status <> 'DUPLICATE' ORDER BY b.id DESC LIMIT 1""")) {
                ps.setString(1, sha);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String status = rs.getString(1);
                        Integer total = (Integer) rs.getObject(2);
                        long logged = rs.getLong(3);
                        String detail = status + " " + logged + "/" + (total == null ? "?" : total);
                        Stage stage = switch (status) {
                            case "RECEIVED" -> total == null ? NORMALISING : QUEUEING;
                            case "QUEUED" -> LOADING;
                            case "FAILED" -> total != null && logged < total ? LOADING : DONE;
                            default -> DONE;
                        };
                        return new Seen(stage, detail, stage == DONE ? 1
                                : stage == LOADING && total != null && total > 0 ? (double) logged / total : 0);
                    }
                }
            }
            return landingSeen();
        }

        /** Without the database (it is down): landing or waiting, as the landing folder shows. */
        Seen landingSeen() {
            Set<String> now = incoming(landingDir);
            now.removeAll(leftovers);
            if (!now.isEmpty()) return new Seen(LANDING, "writing " + now.iterator().next());
            if (Files.exists(landingDir.resolve(sha + ".dat"))) return new Seen(LANDING, "landed, not yet registered");
            return new Seen(WAITING, "");
        }

        /** Bytes written so far into this delivery's {@code .incoming-*} file (0 when there is none). */
        long incomingBytes() {
            Set<String> now = incoming(landingDir);
            now.removeAll(leftovers);
            long max = 0;
            for (String n : now) {
                try {
                    max = Math.max(max, Files.size(landingDir.resolve(n)));
                } catch (IOException e) {
                    // renamed or removed meanwhile
                }
            }
            return max;
        }

        private static Set<String> incoming(Path dir) {
            if (!Files.isDirectory(dir)) return new HashSet<>();
            try (Stream<Path> s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".incoming-"))
                        .collect(Collectors.toCollection(HashSet::new));
            } catch (IOException e) {
                return new HashSet<>();
            }
        }
    }

    /**
     * The stages a scenario's faults struck, across all its runs. A fault that finds a delivery already done
     * (or not yet started) is kept in the record but covers nothing.
     */
    static final class Coverage {
        private final String scenario;
        private final Map<Stage, List<String>> hits = new EnumMap<>(Stage.class);

        Coverage(String scenario) {
            this.scenario = scenario;
        }

        /** A fault ({@code what}, e.g. "seed 4243 kill 2") found a delivery in {@code seen}. */
        synchronized void hit(String what, Seen seen) {
            hits.computeIfAbsent(seen.stage(), s -> new ArrayList<>()).add(what + ": " + seen);
            System.out.println("FAULT-STAGE " + scenario + " " + what + " struck " + seen);
        }

        synchronized Set<Stage> missing() {
            Set<Stage> m = EnumSet.copyOf(WORKING);
            m.removeAll(hits.keySet());
            return m;
        }

        /** One line per stage: how often it was struck. */
        synchronized String table() {
            StringBuilder sb = new StringBuilder();
            for (Stage s : values()) {
                int n = hits.getOrDefault(s, List.of()).size();
                sb.append(String.format("  %-12s %3d%s%n", s.label(), n,
                        WORKING.contains(s) && n == 0 ? "   <- never struck" : ""));
            }
            return sb.toString();
        }

        /** Every hit, for the message of a failed coverage check. */
        synchronized String hits() {
            StringBuilder sb = new StringBuilder();
            hits.forEach((s, l) -> l.forEach(h -> sb.append("  ").append(h).append('\n')));
            return sb.toString();
        }

        String scenario() { return scenario; }
    }
}
