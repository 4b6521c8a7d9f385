package id.go.jatengprov.regencyhub.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The source and batch appended to each COPY line of a chunk, for the straight copy into the table. */
class ChunkLineageTest {

    private static String lineage(String body) {
        return new String(ChunkLoader.withLineage(body.getBytes(StandardCharsets.UTF_8), "kab-demak", 42),
                StandardCharsets.UTF_8);
    }

    @Test
    void everyLineGetsTheSourceAndBatchBeforeItsEnd() {
        assertThat(lineage("33.21\t2024-01-01\t5\n33.22\t\\N\t6\n"))
                .isEqualTo("33.21\t2024-01-01\t5\tkab-demak\t42\n33.22\t\\N\t6\tkab-demak\t42\n");
    }

    @Test
    void escapedLineBreaksAndTabsInsideValuesAreNotLineEnds() {
        // COPY text writes a line break inside a value as backslash-n and a tab as backslash-t
        assertThat(lineage("33.21\tbaris satu\\nbaris dua\\tkolom – Ngaliyan\t5\n"))
                .isEqualTo("33.21\tbaris satu\\nbaris dua\\tkolom – Ngaliyan\t5\tkab-demak\t42\n");
    }

    @Test
    void anEmptyChunkStaysEmpty() {
        assertThat(lineage("")).isEmpty();
    }
}
