package id.go.jatengprov.regencyhub.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import id.go.jatengprov.regencyhub.config.DatasetDef;

/**
 * A dataset's rows to publish, read from {@code warehouse.<id>} through a cursor in a read-only transaction (bounded
 * memory for any size), in natural-key order: every row, or those the given batches wrote last; after a checkpoint,
 * only the rows with a greater key. Holds a connection until closed.
 */
final class WarehouseRows implements Iterator<Map<String, Object>>, AutoCloseable {

    private static final int FETCH = 1000;

    private final Connection c;
    private final PreparedStatement ps;
    private final ResultSet rs;
    private final List<String> fields;
    private Boolean ahead;

    /**
     * @param batches null for every row
     * @param after   the last key the portal confirmed (field to JSON value), or null to start at the first row
     */
    static WarehouseRows open(DataSource ds, DatasetDef d, List<Long> batches, JsonNode after) throws SQLException {
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            String key = d.key().stream().map(k -> "t.\"" + k + "\"").collect(Collectors.joining(", "));
            StringBuilder sql = new StringBuilder("SELECT ")
                    .append(d.fields().stream().map(f -> "t.\"" + f.name() + "\"").collect(Collectors.joining(", ")))
                    .append(" FROM warehouse.\"").append(d.id()).append("\" t WHERE true");
            if (batches != null) sql.append(" AND t._batch = ANY (?)");
            if (after != null) {
                sql.append(" AND (").append(key).append(") > (").append(d.key().stream()
                        .map(k -> "CAST(? AS " + d.field(k).orElseThrow().type().sqlType() + ")")
                        .collect(Collectors.joining(", "))).append(")");
            }
            sql.append(" ORDER BY ").append(key);
            PreparedStatement ps = c.prepareStatement(sql.toString());
            ps.setFetchSize(FETCH);
            int i = 0;
            if (batches != null) ps.setArray(++i, c.createArrayOf("bigint", batches.toArray()));
            if (after != null) {
                for (String k : d.key()) {
                    JsonNode v = after.get(k);
                    if (v == null || v.isNull()) throw new IllegalStateException("checkpoint of dataset " + d.id() + " lacks key field " + k);
                    ps.setString(++i, v.asText());
                }
            }
            return new WarehouseRows(c, ps, ps.executeQuery(), d.fieldNames());
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private WarehouseRows(Connection c, PreparedStatement ps, ResultSet rs, List<String> fields) {
        this.c = c;
        this.ps = ps;
        this.rs = rs;
        this.fields = fields;
    }

    @Override
    public boolean hasNext() {
        if (ahead == null) {
            try {
                ahead = rs.next();
            } catch (SQLException e) {
                throw new IllegalStateException("reading the warehouse rows to publish failed: " + e.getMessage(), e);
            }
        }
        return ahead;
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) throw new NoSuchElementException();
        ahead = null;
        Map<String, Object> row = new LinkedHashMap<>();
        try {
            for (int i = 0; i < fields.size(); i++) row.put(fields.get(i), rs.getObject(i + 1));
        } catch (SQLException e) {
            throw new IllegalStateException("reading the warehouse rows to publish failed: " + e.getMessage(), e);
        }
        return row;
    }

    @Override
    public void close() throws SQLException {
        try (c; ps; rs) {
            c.rollback();
        }
    }
}
