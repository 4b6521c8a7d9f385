package id.go.jatengprov.regencyhub.catalog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import id.go.jatengprov.regencyhub.support.Csv;
import id.go.jatengprov.regencyhub.config.DatasetDef;

/**
 * Streams a dataset's rows from its view {@code warehouse.<id>_v} (names, labels, lineage) as CSV or JSON, in natural
 * key order: a cursor in a read-only transaction fetches a page at a time, and each row is written as it comes, so
 * memory stays bounded whatever the size. CSV text cells are made safe for spreadsheets ({@link Csv#cell}); numbers,
 * dates and booleans are written as they are.
 */
final class RowsExport {

    enum Format { CSV, JSON }

    private final DataSource dataSource;
    private final int fetchSize;

    RowsExport(DataSource dataSource, int fetchSize) {
        this.dataSource = dataSource;
        this.fetchSize = fetchSize;
    }

    /** The query of the export: the view's rows in the scope and period range, in key order. */
    record Query(String sql, List<Object> params) {}

    static Query query(DatasetDef d, RowScope scope, PeriodBound from, PeriodBound to) {
        StringBuilder sql = new StringBuilder("SELECT * FROM warehouse.\"" + d.id() + "_v\" v WHERE true");
        List<Object> params = new ArrayList<>();
        if (!scope.isAll()) {
            String col = "v.\"" + scope.field().name() + "\"";
            sql.append(" AND (").append(col).append(" = ? OR ").append(col).append(" LIKE ?)");
            params.add(scope.code());
            params.add(scope.code() + ".%");
        }
        String period = d.periodField().map(f -> "v.\"" + f.name() + "\"").orElse(null);
        if (from != null) {
            sql.append(" AND ").append(period).append(" >= ?");
            params.add(java.sql.Date.valueOf(from.start()));
        }
        if (to != null) {
            sql.append(" AND ").append(period).append(" <= ?");
            params.add(java.sql.Date.valueOf(to.end()));
        }
        sql.append(" ORDER BY ").append(d.key().stream().map(k -> "v.\"" + k + "\"").collect(Collectors.joining(", ")));
        return new Query(sql.toString(), params);
    }

    /** Writes every row of the query to {@code out}; the connection is held only while it streams. */
    void write(Query q, Format format, String datasetId, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                ps.setFetchSize(fetchSize);
                for (int i = 0; i < q.params().size(); i++) ps.setObject(i + 1, q.params().get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    if (format == Format.CSV) csv(rs, out);
                    else json(rs, datasetId, out);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("reading the rows of dataset " + datasetId + " failed: " + e.getMessage(), e);
        }
    }

    private static void csv(ResultSet rs, OutputStream out) throws SQLException, IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        boolean[] text = new boolean[n + 1];
        for (int i = 1; i <= n; i++) {
            w.write(i > 1 ? "," : "");
            w.write(Csv.cell(md.getColumnLabel(i)));
            int t = md.getColumnType(i);
            text[i] = t == Types.VARCHAR || t == Types.CHAR || t == Types.LONGVARCHAR || t == Types.OTHER;
        }
        w.write("\r\n");
        while (rs.next()) {
            for (int i = 1; i <= n; i++) {
                if (i > 1) w.write(',');
                if (text[i]) {
                    String v = rs.getString(i);
                    if (v != null) w.write(Csv.cell(v));
                } else {
                    Object v = value(rs, md, i);
                    if (v != null) w.write(v instanceof BigDecimal b ? b.toPlainString() : v.toString());
                }
            }
            w.write("\r\n");
        }
        w.flush();
    }

    private static void json(ResultSet rs, String datasetId, OutputStream out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("dataset", datasetId);
            g.writeArrayFieldStart("rows");
            while (rs.next()) {
                g.writeStartObject();
                for (int i = 1; i <= n; i++) {
                    g.writeFieldName(md.getColumnLabel(i));
                    Object v = value(rs, md, i);
                    if (v == null) g.writeNull();
                    else if (v instanceof BigDecimal b) g.writeNumber(b);
                    else if (v instanceof Long l) g.writeNumber(l);
                    else if (v instanceof Integer x) g.writeNumber(x);
                    else if (v instanceof Boolean b) g.writeBoolean(b);
                    else g.writeString(v.toString());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** A cell as a value: numbers as BigDecimal or Long, dates ISO, times with their offset. */
    private static Object value(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        int t = md.getColumnType(i);
        return switch (t) {
            case Types.DATE -> {
                java.sql.Date d = rs.getDate(i);
                yield d == null ? null : d.toLocalDate().toString();
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime o = rs.getObject(i, OffsetDateTime.class);
                yield o == null ? null : o.toString();
            }
            case Types.BIGINT -> {
                long l = rs.getLong(i);
                yield rs.wasNull() ? null : l;
            }
            case Types.INTEGER, Types.SMALLINT -> {
                int x = rs.getInt(i);
                yield rs.wasNull() ? null : x;
            }
            case Types.NUMERIC, Types.DECIMAL -> rs.getBigDecimal(i);
            case Types.BOOLEAN, Types.BIT -> {
                boolean b = rs.getBoolean(i);
                yield rs.wasNull() ? null : b;
            }
            default -> rs.getString(i);
        };
    }
}
