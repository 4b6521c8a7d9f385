package id.go.jatengprov.regencyhub.intake.drop;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.cluster.HubNode;
import id.go.jatengprov.regencyhub.cluster.SharedDropFolders;

/**
 * Drop folders on storage shared by the hubs of a cluster ({@code hub.cluster.shared-drop-folders=true}): each
 * source's folder is read by one hub at a time, the holder of its row in {@code hub.drop_lease}. A hub takes the
 * lease of a source nobody holds, or whose holder's heartbeat has expired ({@link HubNode}); one statement decides.
 * The answer is kept for one heartbeat, so a scan asks the database at most once a heartbeat per source.
 * Without shared folders (the default) every hub reads its own drop folders and this says yes.
 */
@Component
public class DropFolderLease {

    private static final Logger log = LoggerFactory.getLogger(DropFolderLease.class);

    private record Answer(boolean mine, long at) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final HubNode node;
    private final boolean shared;
    private final long keepMillis;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public DropFolderLease(NamedParameterJdbcTemplate jdbc, HubNode node, HubProperties props) {
        this.jdbc = jdbc;
        this.node = node;
        this.shared = props.getCluster().isEnabled() && props.getCluster().isSharedDropFolders();
        this.keepMillis = props.getCluster().getHeartbeat().toMillis();
        Path drop = props.dropDir().toAbsolutePath();
        SharedDropFolders.warnings(props.getCluster().isEnabled(), props.getCluster().isSharedDropFolders(), drop,
                SharedDropFolders.fileSystemType(drop)).forEach(log::warn);
    }

    /** Whether this hub reads the source's drop folder now. */
    public boolean mine(String sourceId) {
        if (!shared) return true;
        long now = System.nanoTime() / 1_000_000;
        Answer a = answers.get(sourceId);
        if (a != null && now - a.at() < keepMillis) return a.mine();
        boolean mine;
        try {
            mine = take(sourceId);
        } catch (RuntimeException e) {
            log.debug("Drop lease of source {} unknown now (database away?): {}", sourceId, e.getMessage());
            mine = false;
        }
        if (a != null && a.mine() != mine) {
            log.info(mine ? "This hub now reads the shared drop folder of source {}" : "Another hub reads the shared drop"
                    + " folder of source {} now", sourceId);
        }
        answers.put(sourceId, new Answer(mine, now));
        return mine;
    }

    /** Takes or keeps the lease: free, already this hub's, or held by a hub gone. */
    boolean take(String sourceId) {
        return !jdbc.queryForList("""
                INSERT INTO hub.drop_lease AS b (source_id, owner) VALUES (:source, :node)
                ON CONFLICT (source_id) DO UPDATE SET owner = :node,
                       taken_at = CASE WHEN b.owner = :node THEN b.taken_at ELSE now() END
                WHERE b.owner = :node OR NOT\s""" + HubNode.alive("b.owner") + " RETURNING source_id",
                new MapSqlParameterSource("source", sourceId).addValue("node", node.id())
                        .addValue("expiry", node.expirySeconds()), String.class).isEmpty();
    }
}
