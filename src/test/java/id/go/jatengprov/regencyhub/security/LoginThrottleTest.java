package id.go.jatengprov.regencyhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The rules of login throttling, on a clock the test moves. */
class LoginThrottleTest {

    /** A clock that stands still until the test moves it. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-29T08:00:00Z");
        void advance(Duration d) { now = now.plus(d); }
        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }

    final TestClock clock = new TestClock();

    LoginThrottle throttle(int perUser, int perAddress) {
        SecurityProperties.Login rules = new SecurityProperties.Login();
        rules.setMaxFailures(perUser);
        rules.setMaxFailuresPerAddress(perAddress);
        rules.setWindow(Duration.ofMinutes(15));
        rules.setDelay(Duration.ofMinutes(1));
        rules.setMaxDelay(Duration.ofMinutes(15));
        return new LoginThrottle(rules, clock);
    }

    @Test
    void afterTheLimitTheUserAtThatAddressIsHeldAndOthersAreNot() {
        LoginThrottle t = throttle(5, 20);
        for (int i = 0; i < 4; i++) t.failed("operator", "10.0.0.9");
        assertThat(t.held("operator", "10.0.0.9")).isEmpty();
        t.failed("operator", "10.0.0.9");
        assertThat(t.held("operator", "10.0.0.9")).hasValue(Duration.ofMinutes(1));
        assertThat(t.held("operator", "10.0.0.1")).as("the real operator elsewhere").isEmpty();
        assertThat(t.held("3374", "10.0.0.9")).as("another user at that address, under the address limit").isEmpty();
    }

    @Test
    void theHoldDoublesWithEachFurtherFailureUpToTheCap() {
        LoginThrottle t = throttle(5, 1000);
        for (int i = 0; i < 5; i++) t.failed("operator", "a");
        Duration[] expected = {Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(15),
                Duration.ofMinutes(15)};
        for (Duration d : expected) {
            clock.advance(t.held("operator", "a").orElseThrow());
            assertThat(t.held("operator", "a")).isEmpty();
            t.failed("operator", "a");
            assertThat(t.held("operator", "a")).hasValue(d);
        }
    }

    @Test
    void theHoldEndsAndTheCountIsForgottenAfterTheWindow() {
        LoginThrottle t = throttle(5, 20);
        for (int i = 0; i < 5; i++) t.failed("operator", "a");
        clock.advance(Duration.ofMinutes(1));
        assertThat(t.held("operator", "a")).isEmpty();
        clock.advance(Duration.ofMinutes(15));
        t.failed("operator", "a");
        assertThat(t.held("operator", "a")).as("a new count after a quiet window").isEmpty();
    }

    @Test
    void failuresSpreadOverTimeWithinTheWindowStillCount() {
        LoginThrottle t = throttle(5, 20);
        for (int i = 0; i < 4; i++) {
            t.failed("operator", "a");
            clock.advance(Duration.ofMinutes(10));
        }
        t.failed("operator", "a");
        assertThat(t.held("operator", "a")).hasValue(Duration.ofMinutes(1));
    }

    @Test
    void aSuccessForgetsTheUsersCountButNotTheAddresses() {
        LoginThrottle t = throttle(3, 5);
        t.failed("operator", "a");
        t.failed("operator", "a");
        t.succeeded("operator", "a");
        t.failed("operator", "a");
        t.failed("operator", "a");
        assertThat(t.held("operator", "a")).as("2 failures since the success").isEmpty();
        t.failed("3374", "a");
        assertThat(t.held("operator", "a")).as("5 failures from the address: everyone there is held").isPresent();
        assertThat(t.held("33", "a")).isPresent();
        assertThat(t.held("operator", "b")).isEmpty();
    }

    @Test
    void sprayedNamesAreBoundedInMemory() {
        LoginThrottle t = throttle(5, 1_000_000_000);
        for (int i = 0; i < LoginThrottle.MAX_ENTRIES + 10; i++) {
            t.failed("user" + i, "a");
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(t.size()).isLessThanOrEqualTo(LoginThrottle.MAX_ENTRIES + 1);
    }

    @Test
    void nonsenseRulesAreRefusedWithTheirNames() {
        SecurityProperties.Login rules = new SecurityProperties.Login();
        rules.setMaxDelay(Duration.ofSeconds(1));
        assertThatThrownBy(() -> new LoginThrottle(rules, clock)).hasMessageContaining("hub.security.login.max-delay");
    }
}
