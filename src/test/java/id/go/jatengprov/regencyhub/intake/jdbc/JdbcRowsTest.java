package id.go.jatengprov.regencyhub.intake.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import id.go.jatengprov.regencyhub.normalise.read.JsonRecordReader;
import id.go.jatengprov.regencyhub.normalise.read.RecordReader;

/**
 * A query's rows become the JSON records intake normalises: numbers canonical, dates ISO, NULL as null; the greatest
 * watermark is kept on the way; binary data and a missing watermark column are refused with what to do.
 */
class JdbcRowsTest {

    @TempDir Path dir;

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void rowsBecomeRecordsTheReaderReadsAsTheDatabaseMeantThem() throws Exception {
        Path f = dir.resolve("rows.json");
        List<Map<String, Object>> rows = List.of(
                row("kode_kec", "33.74.01", "jumlah", 30125, "rasio", new BigDecimal("1234.50"), "nilai", 0.1d,
                        "tanggal", java.sql.Date.valueOf("2024-08-17"), "diubah", Timestamp.valueOf("2024-05-01 10:00:00"), "catatan", null),
                row("kode_kec", "33.74.02", "jumlah", 58310L, "rasio", new BigDecimal("1E+3"), "nilai", 1e10d,
                        "tanggal", java.sql.Date.valueOf("2024-08-18"), "diubah", Timestamp.valueOf("2024-05-02 09:30:00.25"), "catatan", "ok"));
        JdbcRows.Written w = JdbcRows.write(rows.iterator(), rows.get(0).keySet(), "DIUBAH", f);
        assertThat(w.rows()).isEqualTo(2);
        assertThat(w.greatest()).isEqualTo(new Watermark(Watermark.Type.TIMESTAMP, "2024-05-02T09:30:00.25"));
        assertThat(Files.readString(f)).isEqualTo("[{\"kode_kec\":\"33.74.01\",\"jumlah\":30125,\"rasio\":1234.50,\"nilai\":0.1,"
                + "\"tanggal\":\"2024-08-17\",\"diubah\":\"2024-05-01T10:00:00\",\"catatan\":null},"
                + "{\"kode_kec\":\"33.74.02\",\"jumlah\":58310,\"rasio\":1000,\"nilai\":10000000000,"
                + "\"tanggal\":\"2024-08-18\",\"diubah\":\"2024-05-02T09:30:00.25\",\"catatan\":\"ok\"}]");
        try (RecordReader r = JsonRecordReader.open(f, null, List.of("jumlah", "rasio", "diubah"))) {
            assertThat(r.next().cells()).containsExactly("30125", "1234.50", "2024-05-01T10:00:00");
        }
    }

    @Test
    void noRowsIsAnEmptyArray() throws Exception {
        Path f = dir.resolve("none.json");
        JdbcRows.Written w = JdbcRows.write(List.<Map<String, Object>>of().iterator(), List.of("id"), "id", f);
        assertThat(w).isEqualTo(new JdbcRows.Written(0, null));
        assertThat(Files.readString(f)).isEqualTo("[]");
    }

    @Test
    void binaryDataAndAMissingWatermarkColumnAreRefusedWithWhatToDo() {
        List<Map<String, Object>> rows = List.of(row("id", 1, "foto", new byte[] {1, 2}));
        assertThatThrownBy(() -> JdbcRows.write(rows.iterator(), rows.get(0).keySet(), null, dir.resolve("a.json")))
                .hasMessage("column 'foto' holds binary data, which no dataset field takes; leave it out of jdbc.query");
        assertThatThrownBy(() -> JdbcRows.write(rows.iterator(), rows.get(0).keySet(), "updated_at", dir.resolve("b.json")))
                .hasMessage("the query's result has no column 'updated_at' (jdbc.watermark.column); its columns are [id, foto]");
    }
}
