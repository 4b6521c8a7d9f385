package id.go.jatengprov.regencyhub.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;

/**
 * This hub as one of the hubs on a database: a row in {@code hub.node} with a new id at every start and a
 * heartbeat renewed every {@code hub.cluster.heartbeat}. A hub whose heartbeat is older than
 * {@code hub.cluster.expiry} (by the database's clock, so the hubs' clocks need not agree) is gone, and its
 * batches are taken over ({@code BatchStore.claim}). A clean stop deletes the row, so the others need not wait.
 *
 * <p>One hub ({@code hub.cluster.enabled=false}) is alone on its database by definition: at its start every other
 * row is an earlier run of itself and is deleted, so what that run left is taken up at once.
 */
@Component
public class HubNode {

    private static final Logger log = LoggerFactory.getLogger(HubNode.class);

    /** The SQL condition "the hub {@code <alias>.owner} is alive", for {@code :expiry} seconds. */
    public static String alive(String ownerColumn) {
        return "EXISTS (SELECT 1 FROM hub.node n WHERE n.id = " + ownerColumn
                + " AND n.heartbeat_at > now() - :expiry * interval '1 second')";
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final String id;
    private final Duration heartbeat;
    private final Duration expiry;
    private final ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public HubNode(NamedParameterJdbcTemplate jdbc, HubProperties props) {
        this.jdbc = jdbc;
        HubProperties.Cluster c = props.getCluster();
        this.heartbeat = c.getHeartbeat();
        this.expiry = c.getExpiry();
        if (heartbeat.toMillis() < 100 || expiry.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalStateException("hub.cluster.expiry (" + expiry + ") must be at least three heartbeats"
                    + " (hub.cluster.heartbeat=" + heartbeat + ", at least 100ms): a hub that misses one heartbeat"
                    + " would lose its batches to another. Raise hub.cluster.expiry");
        }
        this.id = host() + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        MapSqlParameterSource p = params().addValue("host", host()).addValue("pid", ProcessHandle.current().pid())
                .addValue("dir", props.getDataDir().toAbsolutePath().normalize().toString());
        if (!c.isEnabled()) {
            List<String> earlier = jdbc.queryForList("DELETE FROM hub.node RETURNING id", p, String.class);
            if (!earlier.isEmpty()) {
                log.info("Earlier runs of this hub ({}) are over: their unfinished batches are taken up now", earlier);
            }
        }
        jdbc.update("INSERT INTO hub.node (id, host, pid, data_dir) VALUES (:id, :host, :pid, :dir)", p);
        beat.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        log.info("This hub is node {} in hub.node: heartbeat every {} s, taken for gone after {} s without one", id,
                heartbeat.toMillis() / 1000.0, expiry.toMillis() / 1000.0);
    }

    /** This run's id (host, pid and a random part): the owner of the batches it works on. */
    public String id() {
        return id;
    }

    /** How long a hub may go without a heartbeat before it is taken for gone. */
    public Duration expiry() {
        return expiry;
    }

    /** {@link #expiry()} in seconds, for the {@code :expiry} parameter of {@link #alive}. */
    public double expirySeconds() {
        return expiry.toMillis() / 1000.0;
    }

    private MapSqlParameterSource params() {
        return new MapSqlParameterSource("id", id).addValue("expiry", expirySeconds());
    }

    /**
     * Renews the heartbeat (the row again, should a database restored from a backup have lost it) and forgets hubs
     * gone for a day. A database that is away is waited for: the next beat tries again.
     */
    void beat() {
        try {
            int renewed = jdbc.update("UPDATE hub.node SET heartbeat_at = now() WHERE id = :id", params());
            if (renewed == 0) {
                jdbc.update("""
                        INSERT INTO hub.node (id, host, pid, data_dir) VALUES (:id, :host, :pid, '')
                        ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()""",
                        params().addValue("host", host()).addValue("pid", ProcessHandle.current().pid()));
            }
            jdbc.update("DELETE FROM hub.node WHERE heartbeat_at < now() - interval '1 day'", params());
        } catch (RuntimeException e) {
            log.debug("No heartbeat now (next in {} ms): {}", heartbeat.toMillis(), e.getMessage());
        }
    }

    /** A clean stop: the row goes, so the other hubs take this hub's unfinished batches at once. */
    @PreDestroy
    public void leave() {
        beat.shutdownNow();
        try {
            jdbc.update("DELETE FROM hub.node WHERE id = :id", params());
        } catch (RuntimeException e) {
            log.debug("Could not remove node {} from hub.node; it expires by itself: {}", id, e.getMessage());
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
