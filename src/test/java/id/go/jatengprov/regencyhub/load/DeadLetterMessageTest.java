package id.go.jatengprov.regencyhub.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a batch with chunks in the dead-letter queue tells an operator: the counts, what to do, the first error. */
class DeadLetterMessageTest {

    @Test
    void countsWhatLoadedWhatWaitsAndSaysToReplay() {
        assertThat(LoadFailures.message(38, 40, 2, 39, 3, "SQLException: Connection refused"))
                .isEqualTo("38 of 40 chunks loaded; 2 in the dead-letter queue: replay them once the cause is fixed"
                        + " (POST /api/v1/dead-letters/replay). Last error of the first, chunk 39 after 3 attempts:"
                        + " SQLException: Connection refused");
    }

    @Test
    void oneChunkOneAttempt() {
        assertThat(LoadFailures.message(4, 5, 1, 3, 1, "PSQLException: violates check constraint \"fault_reading_ck\""))
                .startsWith("4 of 5 chunks loaded; 1 in the dead-letter queue: replay them")
                .endsWith("Last error, chunk 3 after 1 attempt: PSQLException: violates check constraint \"fault_reading_ck\"");
    }
}
