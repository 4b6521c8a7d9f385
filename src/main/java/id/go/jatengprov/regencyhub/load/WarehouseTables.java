package id.go.jatengprov.regencyhub.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What a warehouse table actually has: its columns and its natural key (the unique constraint
 * {@code <table>_key}), read from PostgreSQL's catalog. The loader checks a chunk against this, not against the
 * dataset definition in force: a chunk loads under the configuration its batch started with, and a reload
 * that removes a field keeps the column (WarehouseSchema never drops one). Cached per table; a column not
 * in the cache makes it read the catalog again, since a reload may have added it.
 */
@Component
public class WarehouseTables {

    /** A table's columns (in any order) and its key columns (in the constraint's order). */
    public record Table(String name, Set<String> columns, List<String> key) {}

    private final Map<String, Table> cache = new ConcurrentHashMap<>();

    /**
     * The table {@code warehouse.<name>} as the catalog has it now if {@code needed} are not all among its cached
     * columns, else from the cache.
     *
     * @throws IllegalStateException if there is no such table
     */
    public Table describe(Connection c, String name, List<String> needed) throws SQLException {
        Table t = cache.get(name);
        if (t == null || !t.columns().containsAll(needed)) {
            t = read(c, name);
            cache.put(name, t);
        }
        return t;
    }

    private static Table read(Connection c, String name) throws SQLException {
        Set<String> columns = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'warehouse' AND table_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.add(rs.getString(1));
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("there is no table warehouse." + name
                    + ": was it dropped by hand? Restore it (the hub creates it at start when its dataset is configured)");
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname FROM pg_constraint k
                JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) ON true
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = u.attnum
                WHERE n.nspname = 'warehouse' AND t.relname = ? AND k.conname = ? ORDER BY u.ord""")) {
            ps.setString(1, name);
            ps.setString(2, name + "_key");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) key.add(rs.getString(1));
            }
        }
        return new Table(name, Set.copyOf(columns), List.copyOf(key));
    }
}
