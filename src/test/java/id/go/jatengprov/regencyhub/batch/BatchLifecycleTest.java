package id.go.jatengprov.regencyhub.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The batch's state machine on its own: allowed moves, counters, the outcome rule, timestamps, illegal moves. */
class BatchLifecycleTest {

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-29T08:00:00Z");

        void advance(Duration d) { now = now.plus(d); }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final TestClock clock = new TestClock();
    final BatchLifecycle life = new BatchLifecycle(clock);

    BatchState received() {
        return BatchState.received(OffsetDateTime.now(clock));
    }

    @Test
    void aBatchWithoutRejectsLoadsWhenItsLastChunkCommits() {
        BatchState s = life.normalised(received(), 40_000, 0, 2, "csv");
        clock.advance(Duration.ofSeconds(1));
        s = life.queued(s, false);
        assertThat(s.status()).isEqualTo(BatchStatus.QUEUED);
        s = life.chunkLoaded(s, 20_000, 0, false);
        assertThat(s.status()).isEqualTo(BatchStatus.QUEUED);
        assertThat(s.finishedAt()).isNull();
        clock.advance(Duration.ofSeconds(2));
        s = life.chunkLoaded(s, 20_000, 0, false);
        assertThat(s.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(s.rowsLoaded()).isEqualTo(40_000);
        assertThat(s.chunksLoaded()).isEqualTo(2);
        assertThat(s.finishedAt()).isEqualTo(s.queuedAt().plusSeconds(2));
    }

    @Test
    void rejectsWhileNormalisingOrLoadingMakeItLoadedWithRejects() {
        BatchState normaliseRejects = life.queued(life.normalised(received(), 10, 1, 1, "csv"), false);
        assertThat(life.chunkLoaded(normaliseRejects, 9, 0, false).status()).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);

        BatchState loadRejects = life.queued(life.normalised(received(), 10, 0, 1, "csv"), false);
        BatchState done = life.chunkLoaded(loadRejects, 9, 1, false);
        assertThat(done.status()).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);
        assertThat(done.rejected()).isEqualTo(1);
    }

    @Test
    void chunksThatLoadBeforeTheBatchIsQueuedFinishItWhenItIsQueued() {
        BatchState s = life.normalised(received(), 5, 0, 1, "csv");
        s = life.chunkLoaded(s, 5, 0, false);
        assertThat(s.status()).isEqualTo(BatchStatus.RECEIVED);
        clock.advance(Duration.ofMillis(300));
        s = life.queued(s, false);
        assertThat(s.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(s.queuedAt()).isEqualTo(s.finishedAt());
    }

    @Test
    void aDeadLetteredChunkFailsTheBatchUntilItIsReplayedAndLoaded() {
        BatchState s = life.queued(life.normalised(received(), 40, 0, 2, "csv"), false);
        s = life.chunkLoaded(s, 20, 0, false);
        clock.advance(Duration.ofMinutes(4));
        s = life.deadLettered(s, "chunk 2 failed 9 times");
        assertThat(s.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(s.finishedAt()).isNotNull();
        assertThat(s.countsForDedupe()).as("a dead-lettered batch still counts: replay is its way on").isTrue();
        s = life.replayed(s);
        assertThat(s.status()).isEqualTo(BatchStatus.QUEUED);
        assertThat(s.finishedAt()).isNull();
        assertThat(life.replayed(s)).as("replaying a second chunk of the batch changes nothing").isEqualTo(s);
        s = life.chunkLoaded(s, 20, 0, false);
        assertThat(s.status()).isEqualTo(BatchStatus.LOADED);
        assertThat(s.message()).isNull();
    }

    @Test
    void aBatchIsNotFinalWhileAnotherOfItsChunksWaitsInTheDeadLetterQueue() {
        BatchState s = life.queued(life.normalised(received(), 40, 0, 2, "csv"), false);
        s = life.deadLettered(s, "chunk 1 failed");
        s = life.chunkLoaded(s, 20, 0, true);
        assertThat(s.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(life.chunkRedelivered(s, false).status()).isEqualTo(BatchStatus.FAILED)
                .as("chunk 1 is still missing from the load log");
    }

    @Test
    void aChunkDeadLetteredBeforeTheBatchIsQueuedKeepsTheTimestampsInOrder() {
        BatchState s = life.normalised(received(), 40, 0, 2, "csv");
        clock.advance(Duration.ofSeconds(1));
        s = life.deadLettered(s, "chunk 1 failed");
        clock.advance(Duration.ofSeconds(1));
        s = life.queued(s, true);
        assertThat(s.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(s.receivedAt()).isBeforeOrEqualTo(s.queuedAt());
        assertThat(s.queuedAt()).isBeforeOrEqualTo(s.finishedAt());
    }

    @Test
    void anIntakeFailureKeepsTheCountsAndStopsCountingForDedupe() {
        BatchState s = life.failed(received(), "15 of 15 rows rejected", 15, 15);
        assertThat(s.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(s.rowsRead()).isEqualTo(15);
        assertThat(s.rowsRejected()).isEqualTo(15);
        assertThat(s.countsForDedupe()).isFalse();
        assertThat(s.finishedAt()).isEqualTo(OffsetDateTime.now(clock));
    }

    @Test
    void illegalMovesAreRefused() {
        BatchState loaded = life.chunkLoaded(life.queued(life.normalised(received(), 1, 0, 1, "csv"), false), 1, 0, false);
        assertThat(loaded.status()).isEqualTo(BatchStatus.LOADED);
        assertThatThrownBy(() -> life.chunkLoaded(loaded, 1, 0, false)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("LOADED");
        assertThatThrownBy(() -> life.queued(loaded, false)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> life.failed(loaded, "x", 0, 0)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> life.deadLettered(loaded, "x")).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> life.replayed(loaded)).isInstanceOf(IllegalTransitionException.class);
        assertThat(life.chunkRedelivered(loaded, false)).as("a late redelivery of a finished batch changes nothing").isEqualTo(loaded);

        BatchState queued = life.queued(life.normalised(received(), 2, 0, 2, "csv"), false);
        assertThatThrownBy(() -> life.normalised(queued, 1, 0, 1, "csv")).isInstanceOf(IllegalTransitionException.class);

        BatchState intakeFailed = life.failed(received(), "not a CSV file", 0, 0);
        assertThatThrownBy(() -> life.replayed(intakeFailed)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("before any chunk was queued");
        assertThatThrownBy(() -> life.replayed(received())).isInstanceOf(IllegalTransitionException.class);

        BatchState duplicate = new BatchState(BatchStatus.DUPLICATE, 0, 0, 0, 0, null, 0, null, null,
                OffsetDateTime.now(clock), null, OffsetDateTime.now(clock), false);
        assertThatThrownBy(() -> life.normalised(duplicate, 1, 0, 1, "csv")).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> life.chunkLoaded(duplicate, 1, 0, false)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> life.deadLettered(duplicate, "x")).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void theOutcomeRuleIsOne() {
        BatchState clean = new BatchState(BatchStatus.QUEUED, 3, 0, 0, 3, 1, 1, null, null, null, null, null, true);
        BatchState dirty = new BatchState(BatchStatus.QUEUED, 3, 0, 1, 2, 1, 1, null, null, null, null, null, true);
        assertThat(BatchLifecycle.outcome(clean)).isEqualTo(BatchStatus.LOADED);
        assertThat(BatchLifecycle.outcome(dirty)).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);
    }
}
