package id.go.jatengprov.regencyhub.intake.drop;

import java.nio.charset.StandardCharsets;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.api.Csv;

/**
 * A batch's rejects as the CSV that {@code GET /api/v1/batches/{id}/rejects} gives (row, column, reason, value), for
 * regencies that only use folders. Written at intake, so it holds the rows the normaliser refused; rows refused later
 * while loading (a key twice in the file) are in the API only. Bounded: past {@link #MAX_ROWS} a last line says
 * where the rest is.
 */
@Component
public class RejectsReport {

    static final int MAX_ROWS = 50_000;

    private final JdbcTemplate jdbc;

    public RejectsReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The CSV, or null when the batch has no rejects. */
    byte[] csv(long batchId) {
        StringBuilder out = new StringBuilder("row,column,reason,value\r\n");
        int[] rows = {0};
        jdbc.query("SELECT row_no, column_name, reason, value FROM hub.reject WHERE batch_id = ? ORDER BY row_no, column_name LIMIT ?",
                rs -> {
                    rows[0]++;
                    out.append(rs.getLong(1)).append(',').append(Csv.cell(rs.getString(2))).append(',')
                            .append(Csv.cell(rs.getString(3))).append(',').append(Csv.cell(rs.getString(4))).append("\r\n");
                }, batchId, MAX_ROWS);
        if (rows[0] == 0) return null;
        if (rows[0] == MAX_ROWS) {
            out.append(",,").append(Csv.cell("only the first " + MAX_ROWS + " rejects are listed here; all of them: GET /api/v1/batches/"
                    + batchId + "/rejects")).append(",\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
