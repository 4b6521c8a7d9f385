package id.go.jatengprov.regencyhub.normalise.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import id.go.jatengprov.regencyhub.config.CsvSettings;

/** Test helpers: sample fixtures, small generated files, draining a reader. */
final class TestFiles {

    private TestFiles() {
    }

    static Path sample(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/samples/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path dir, String name, String content) {
        return write(dir, name, content, StandardCharsets.UTF_8);
    }

    static Path write(Path dir, String name, String content, Charset cs) {
        return writeBytes(dir, name, content.getBytes(cs));
    }

    static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static List<SourceRecord> readAll(RecordReader r) {
        List<SourceRecord> out = new ArrayList<>();
        r.forEachRemaining(out::add);
        return out;
    }

    static List<SourceRecord> readCsv(Path file, String... wanted) {
        try (CsvRecordReader r = CsvRecordReader.open(file, CsvSettings.auto(), List.of(wanted))) {
            return readAll(r);
        }
    }
}
