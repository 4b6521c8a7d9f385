package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readAll;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonRecordReaderTest {

    private static final List<String> WANTED = List.of("kab_kota", "indeks", "tahun");

    @TempDir
    Path dir;

    private List<SourceRecord> read(String json, String pointer, List<String> wanted) {
        try (JsonRecordReader r = JsonRecordReader.open(write(dir, "d.json", json), pointer, wanted)) {
            return readAll(r);
        }
    }

    @Test
    void recordsAtAPointerSkippingOtherFields() {
        String json = "{\"help\": {\"nested\": [1, {\"records\": []}]}, \"success\": true,\n"
                + " \"result\": {\"total\": 2, \"fields\": [{\"id\": \"kab_kota\"}],\n"
                + "  \"records\": [\n"
                + "   {\"_id\": 1, \"kab_kota\": \"Kabupaten Cilacap\", \"indeks\": 74.57, \"tahun\": 2024},\n"
                + "   {\"_id\": 2, \" KAB_KOTA \": \"  Kota Tegal \", \"indeks\": 77.430, \"tahun\": 2024}\n"
                + "  ]}}";
        try (JsonRecordReader r = JsonRecordReader.open(write(dir, "p.json", json), "/result/records", WANTED)) {
            assertThat(r.header()).containsExactly("kab_kota", "indeks", "tahun");
            assertThat(r.headerRow()).isZero();
            assertThat(r.sniffed()).isNull();
            List<SourceRecord> recs = readAll(r);
            assertThat(recs).extracting(SourceRecord::row).containsExactly(1L, 2L);
            assertThat(recs.get(0).cells()).containsExactly("Kabupaten Cilacap", "74.57", "2024");
            assertThat(recs.get(0).raw()).isEqualTo("{\"_id\":1,\"kab_kota\":\"Kabupaten Cilacap\",\"indeks\":74.57,\"tahun\":2024}");
            // keys match ignoring case and spaces; string values are trimmed; numbers keep their trailing zero
            assertThat(recs.get(1).cells()).containsExactly("Kota Tegal", "77.430", "2024");
            assertThat(recs).allMatch(SourceRecord::ok);
        }
    }

    @Test
    void topLevelArrayWithNullOrEmptyPointer() {
        String json = "[{\"kab_kota\": \"Kota Pati\"}, {\"tahun\": 2020}]";
        List<SourceRecord> recs = read(json, null, WANTED);
        assertThat(recs.get(0).cells()).containsExactly("Kota Pati", null, null);
        assertThat(recs.get(1).cells()).containsExactly(null, null, "2020");
        assertThat(read(json, "", WANTED)).hasSize(2);
    }

    @Test
    void scalarsAreTextExactlyAsWritten() {
        String json = "[{\"a\": 1e3, \"b\": -0.50, \"c\": 12345678901234567890123, \"d\": true, \"e\": false,"
                + " \"f\": null, \"g\": \"\", \"h\": 0.1}]";
        List<SourceRecord> recs = read(json, null, List.of("a", "b", "c", "d", "e", "f", "g", "h"));
        assertThat(recs.get(0).cells()).containsExactly("1e3", "-0.50", "12345678901234567890123", "true", "false", null, "", "0.1");
    }

    @Test
    void nestedValuesBecomeTheirJsonText() {
        String json = "[{\"kab_kota\": {\"kode\": \"3376\", \"nama\": \"Kota Tegal\", \"luas\": 39.70},"
                + " \"indeks\": [74.57, [1, 2]], \"skip\": {\"x\": [1, 2, 3]}}]";
        List<SourceRecord> recs = read(json, null, WANTED);
        assertThat(recs.get(0).cells())
                .containsExactly("{\"kode\":\"3376\",\"nama\":\"Kota Tegal\",\"luas\":39.70}", "[74.57,[1,2]]", null);
        assertThat(recs.get(0).raw()).isEqualTo("{\"kab_kota\":{\"kode\":\"3376\",\"nama\":\"Kota Tegal\",\"luas\":39.70},"
                + "\"indeks\":[74.57,[1,2]],\"skip\":{\"x\":[1,2,3]}}");
    }

    @Test
    void sameColumnTwiceInARecordIsAProblemForThatRecordOnly() {
        String json = "[{\"tahun\": 2020, \"Tahun\": 2021}, {\"tahun\": 2022}]";
        List<SourceRecord> recs = read(json, null, WANTED);
        assertThat(recs.get(0).problem()).isEqualTo("record has column 'tahun' twice (keys 'tahun' and 'Tahun')");
        assertThat(recs.get(1).ok()).isTrue();
    }

    @Test
    void rawIsCappedAt1000Characters() {
        String json = "[{\"kab_kota\": \"Kota Tegal\", \"catatan\": \"" + "x".repeat(5000) + "\"}]";
        SourceRecord rec = read(json, null, WANTED).get(0);
        assertThat(rec.raw()).hasSize(SourceRecord.MAX_RAW).startsWith("{\"kab_kota\":\"Kota Tegal\"").endsWith("...");
    }

    @Test
    void missingPointerIsNamed() {
        String json = "{\"result\": {\"total\": 0}}";
        Path f = write(dir, "m.json", json);
        assertThatThrownBy(() -> JsonRecordReader.open(f, "/result/records", WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessage("no '/result/records' in the JSON document ('/result' is an object without 'records'); check the records pointer");
        assertThatThrownBy(() -> JsonRecordReader.open(f, "/data", WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessage("no '/data' in the JSON document; check the records pointer");
    }

    @Test
    void pointerTargetThatIsNotAnArray() {
        Path f = write(dir, "o.json", "{\"result\": {\"records\": {\"a\": 1}}}");
        assertThatThrownBy(() -> JsonRecordReader.open(f, "/result", WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessage("'/result' is an object, expected an array of records");
        Path top = write(dir, "top.json", "{\"records\": []}");
        assertThatThrownBy(() -> JsonRecordReader.open(top, null, WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("the JSON document is an object, expected an array of records; set the records pointer");
    }

    @Test
    void elementThatIsNotAnObjectIsRejectedWithItsPosition() {
        String json = "[{\"tahun\": 2020},\n \"Kota Tegal\"]";
        Path f = write(dir, "e.json", json);
        try (JsonRecordReader r = JsonRecordReader.open(f, "", WANTED)) {
            assertThat(r.next().cells()).containsExactly(null, null, "2020");
            assertThatThrownBy(r::hasNext)
                    .isInstanceOf(BadFileException.class)
                    .hasMessageStartingWith("line 2, column 2: record 2 of the JSON document is a string, expected an object");
        }
    }

    @Test
    void truncatedDocumentIsReportedWithLineAndColumn() {
        String json = "{\"result\": {\"records\": [\n{\"tahun\": 2020},\n{\"tahun\": 20";
        Path f = write(dir, "t.json", json);
        try (JsonRecordReader r = JsonRecordReader.open(f, "/result/records", WANTED)) {
            assertThat(r.next().row()).isEqualTo(1);
            assertThatThrownBy(r::next)
                    .isInstanceOf(BadFileException.class)
                    .hasMessageMatching("line 3, column \\d+: the JSON document ends unexpectedly \\(after record 2\\):"
                            + " the file is truncated or a closing bracket is missing");
        }
    }

    @Test
    void truncationAfterTheRecordsArrayIsStillNoticed() {
        Path f = write(dir, "t2.json", "{\"result\": {\"records\": [{\"tahun\": 2020}]");
        try (JsonRecordReader r = JsonRecordReader.open(f, "/result/records", WANTED)) {
            assertThat(r.next().cells()).containsExactly(null, null, "2020");
            assertThatThrownBy(r::hasNext)
                    .isInstanceOf(BadFileException.class)
                    .hasMessageContaining("the JSON document ends unexpectedly");
        }
    }

    @Test
    void malformedJsonIsReportedWithLineAndColumn() {
        Path f = write(dir, "bad.json", "[{\"tahun\": 2020},\n {\"tahun\": 2021,, }]");
        try (JsonRecordReader r = JsonRecordReader.open(f, null, WANTED)) {
            r.next();
            assertThatThrownBy(r::next)
                    .isInstanceOf(BadFileException.class)
                    .hasMessageStartingWith("line 2, column 17: malformed JSON: Unexpected character (',' (code 44))");
        }
    }

    @Test
    void hundredThousandLevelsOfNestingGiveAClearError() throws IOException {
        Path f = dir.resolve("deep.json");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("[{\"kab_kota\": \"Kota Tegal\", \"deep\": ");
            w.write("[".repeat(100_000));
            w.write("]".repeat(100_000));
            w.write("}]");
        }
        assertThatThrownBy(() -> JsonRecordReader.open(f, null, WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessageMatching("line 1, column \\d+: the JSON is nested more than 200 levels deep; records must be flat objects");
    }

    @Test
    void overlongNumberAndStringAreRejected() {
        Path num = write(dir, "num.json", "[{\"indeks\": " + "9".repeat(2000) + "}]");
        assertThatThrownBy(() -> JsonRecordReader.open(num, null, WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessageEndingWith("a JSON number is longer than 1000 digits");
        Path str = write(dir, "str.json", "[{\"indeks\": \"" + "s".repeat(JsonRecordReader.MAX_STRING_CHARS + 10) + "\"}]");
        assertThatThrownBy(() -> JsonRecordReader.open(str, null, WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessageEndingWith("a JSON string is longer than 10,000,000 characters (perhaps a missing closing quote)");
    }

    @Test
    void htmlPageSavedAsJsonIsRejected() {
        Path f = write(dir, "records.json", "<!doctype html><html><head><title>502 Bad Gateway</title></head></html>");
        assertThatThrownBy(() -> RecordReaders.open(f, "json", null, "/result/records", WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("the file is an HTML page, not JSON: \"502 Bad Gateway\"");
    }

    @Test
    void zipSavedAsJsonIsRejected() {
        Path f = TestFiles.writeBytes(dir, "records.json", new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThatThrownBy(() -> JsonRecordReader.open(f, null, WANTED))
                .isInstanceOf(BadFileException.class)
                .hasMessage("the file is a ZIP archive (perhaps an .xlsx workbook): export it as JSON");
    }

    @Test
    void utf8BomAndEmptyArray() {
        byte[] bytes = TestFiles.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "{\"result\":{\"records\":[]}}".getBytes(StandardCharsets.UTF_8));
        try (RecordReader r = RecordReaders.open(TestFiles.writeBytes(dir, "bom.json", bytes), "json", null, "/result/records", WANTED)) {
            assertThat(r.hasNext()).isFalse();
            assertThat(r.header()).isEmpty();
        }
    }
}
