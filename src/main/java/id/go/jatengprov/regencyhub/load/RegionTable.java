package id.go.jatengprov.regencyhub.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import id.go.jatengprov.regencyhub.reference.Region;
import id.go.jatengprov.regencyhub.reference.RegionRegistry;

/**
 * Keeps warehouse.region equal to the shipped reference data, so that analysts can join any dataset's
 * region code to its name, level, parent and BPS code. Reloaded only when the files change.
 */
public class RegionTable {

    private static final Logger log = LoggerFactory.getLogger(RegionTable.class);
    static final List<String> FILES = List.of("regencies.csv", "districts.csv", "villages.csv");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public RegionTable(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public void sync(RegionRegistry regions, Path dir) {
        String hash = hash(dir);
        List<String> current = jdbc.queryForList("SELECT hash FROM hub.reference_state WHERE name = 'regions'", String.class);
        if (current.contains(hash)) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (Region r : regions.all()) {
            rows.add(new Object[] {r.code(), r.codeBps(), r.name(), r.level().configName(), r.type(), r.parentCode()});
        }
        tx.executeWithoutResult(s -> {
            jdbc.batchUpdate("""
                    INSERT INTO warehouse.region (code, code_bps, name, level, type, parent_code) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET code_bps = EXCLUDED.code_bps, name = EXCLUDED.name,
                        level = EXCLUDED.level, type = EXCLUDED.type, parent_code = EXCLUDED.parent_code""", rows);
            jdbc.update("""
                    INSERT INTO hub.reference_state (name, hash) VALUES ('regions', ?)
                    ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, loaded_at = now()""", hash);
        });
        log.info("Loaded {} regions into warehouse.region", rows.size());
    }

    private static String hash(Path dir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String f : FILES) {
                sha.update(Files.readAllBytes(dir.resolve(f)));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
