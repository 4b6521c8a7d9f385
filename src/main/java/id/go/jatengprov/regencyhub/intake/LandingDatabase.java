package id.go.jatengprov.regencyhub.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;

import javax.sql.DataSource;

import id.go.jatengprov.regencyhub.embedded.DataFolders;

/**
 * The landing copies in the hub's database, so that any hub of a cluster can finish a batch: a row of
 * {@code hub.landing} per payload (content-addressed per source) and its bytes in {@code hub.landing_part}, parts of
 * {@value #PART} bytes. A payload is first written to a temporary file (its hash and size are known only at the end),
 * then copied in one transaction: a crash leaves the whole payload or nothing. Reading streams part by part through a
 * cursor; neither way holds more than a part in memory.
 */
final class LandingDatabase {

    /** Bytes per row of hub.landing_part. */
    static final int PART = 1024 * 1024;
    /** How a landing path names a copy kept here: {@code db:<source>/<sha256>}. */
    static final String PREFIX = "db:";

    private final DataSource dataSource;
    private final Path incoming;

    /** @param incoming folder for payloads being received (swept with the landing files' leftovers) */
    LandingDatabase(DataSource dataSource, Path incoming) {
        this.dataSource = dataSource;
        this.incoming = incoming;
    }

    static boolean holds(String landingPath) {
        return landingPath != null && landingPath.startsWith(PREFIX);
    }

    /** @return the copy, whose landing path is {@code db:<source>/<sha256>} */
    LandingStore.Landed land(String sourceId, InputStream in, long maxBytes, Instant now) throws IOException {
        LandingFiles.Written w = LandingFiles.writeTemporary(incoming, ".incoming-", in, maxBytes);
        try {
            store(sourceId, w, now);
            return new LandingStore.Landed(PREFIX + sourceId + "/" + w.sha256(), w.sha256(), w.bytes());
        } finally {
            Files.deleteIfExists(w.file());
        }
    }

    /**
     * The payload's row and parts, or, when the same bytes are kept already (by this hub or another at the same
     * moment: the unique key decides), only the time of their last arrival, from which retention counts.
     */
    private void store(String sourceId, LandingFiles.Written w, Instant now) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                boolean inserted;
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO hub.landing (source_id, sha256, bytes, received_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (source_id, sha256) DO UPDATE SET received_at = excluded.received_at
                        RETURNING id, xmax = 0""")) {
                    ps.setString(1, sourceId);
                    ps.setString(2, w.sha256());
                    ps.setLong(3, w.bytes());
                    ps.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                        inserted = rs.getBoolean(2);
                    }
                }
                if (inserted) {
                    writeParts(c, id, w.file());
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("cannot keep the payload in the database (hub.landing): " + e.getMessage(), e);
        }
    }

    private static void writeParts(Connection c, long id, Path file) throws SQLException, IOException {
        try (InputStream in = Files.newInputStream(file);
             PreparedStatement ps = c.prepareStatement("INSERT INTO hub.landing_part (landing_id, seq, data) VALUES (?, ?, ?)")) {
            byte[] buf = new byte[PART];
            int seq = 0;
            int n;
            while ((n = in.readNBytes(buf, 0, PART)) > 0) {
                ps.setLong(1, id);
                ps.setInt(2, seq++);
                ps.setBytes(3, n == PART ? buf : Arrays.copyOf(buf, n));
                ps.executeUpdate();
            }
        }
    }

    /**
     * Writes the copy named by {@code landingPath} to {@code target}, part by part (a cursor: one part in memory).
     *
     * @throws java.nio.file.NoSuchFileException when the database keeps no such copy (deleted by retention)
     */
    void copyTo(String landingPath, Path target) throws IOException {
        String key = landingPath.substring(PREFIX.length());
        int slash = key.lastIndexOf('/');
        String sourceId = key.substring(0, slash);
        String sha = key.substring(slash + 1);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // the driver streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT l.bytes, p.data FROM hub.landing l LEFT JOIN hub.landing_part p ON p.landing_id = l.id
                    WHERE l.source_id = ? AND l.sha256 = ? ORDER BY p.seq""")) {
                ps.setFetchSize(1);
                ps.setString(1, sourceId);
                ps.setString(2, sha);
                long written = 0;
                long expected = -1;
                try (ResultSet rs = ps.executeQuery();
                     OutputStream out = Files.newOutputStream(DataFolders.privateFile(target), StandardOpenOption.WRITE,
                             StandardOpenOption.TRUNCATE_EXISTING)) {
                    while (rs.next()) {
                        expected = rs.getLong(1);
                        byte[] part = rs.getBytes(2);
                        if (part != null) {
                            out.write(part);
                            written += part.length;
                        }
                    }
                }
                if (expected < 0) {
                    throw new NoSuchFileException(landingPath, null, "the database keeps no such landing copy");
                }
                if (written != expected) {
                    throw new IOException("landing copy " + landingPath + " is incomplete: " + written + " of " + expected
                            + " bytes in hub.landing_part");
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("cannot read landing copy " + landingPath + " from the database: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes copies last received before {@code cutoff} whose landing path is not in {@code needed}. One statement:
     * a copy received again meanwhile has a newer time (its row was updated under lock) and stays.
     */
    int sweep(Instant cutoff, Set<String> needed) throws IOException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     DELETE FROM hub.landing WHERE received_at < ? AND NOT ('db:' || source_id || '/' || sha256 = ANY (?))""")) {
            ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            ps.setArray(2, c.createArrayOf("text", needed.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot sweep the landing copies in the database: " + e.getMessage(), e);
        }
    }
}
