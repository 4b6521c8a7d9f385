package id.go.jatengprov.regencyhub.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A clock the test sets: the console tests' "now", in Jawa Tengah's time zone. */
final class MutableClock extends Clock {

    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");

    private volatile Instant now;
    private final ZoneId zone;

    MutableClock(Instant now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Sets the time to a local date and time in Jawa Tengah ("2025-02-10T10:00"). */
    void set(String localDateTime) {
        now = ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), zone).toInstant();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
