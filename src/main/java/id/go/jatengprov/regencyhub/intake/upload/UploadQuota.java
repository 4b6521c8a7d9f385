package id.go.jatengprov.regencyhub.intake.upload;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.api.ApiException;
import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * {@code hub.upload.quota.per-regency}: the bytes one regency's uploads may bring per day, counted over all its
 * sources from midnight (the hub's time zone), duplicates included. Past it an upload gets 429 with Retry-After (until
 * midnight) and the JSON error shape; the upload endpoint's audit row records the refusal. Uploads in flight hold
 * what they may still bring, so two at once cannot both pass the last gigabyte.
 */
@Component
public class UploadQuota {

    /** What an upload may land: release it once the upload is landed (its batch then counts) or refused. */
    public final class Room implements AutoCloseable {
        private final String regency;
        private final long held;
        private final long limit;
        private final boolean byQuota;

        Room(String regency, long held, long limit, boolean byQuota) {
            this.regency = regency;
            this.held = held;
            this.limit = limit;
            this.byQuota = byQuota;
        }

        /** The most this upload may land: hub.upload.max-size, or less when the day's quota leaves less. */
        public long limit() { return limit; }

        /** Is it the quota (not hub.upload.max-size) that sets {@link #limit}? */
        public boolean limitedByQuota() { return byQuota; }

        /** The refusal when the upload turned out larger than what the quota left. */
        public ApiException exceeded() {
            return refusal(regency, "this upload is larger than the " + limit + " bytes left of it today");
        }

        @Override
        public void close() {
            synchronized (UploadQuota.this) {
                inFlight.merge(regency, -held, (a, b) -> a + b == 0 ? null : a + b);
            }
        }
    }

    private final ActiveConfig config;
    private final BatchStore batches;
    private final UploadProperties props;
    private final Clock clock;
    private final Map<String, Long> inFlight = new HashMap<>();

    public UploadQuota(ActiveConfig config, BatchStore batches, UploadProperties props, Clock clock) {
        this.config = config;
        this.batches = batches;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Room for one upload to {@code source}.
     *
     * @param declared the Content-Length, or -1 when the body is chunked
     * @throws ApiException 429 when the regency's quota for today is used up, or the declared length exceeds what is left
     */
    public synchronized Room reserve(SourceDef source, long declared) {
        long max = props.getMaxSize().toBytes();
        long quota = props.getQuota().getPerRegency().toBytes();
        String regency = source.regency();
        if (quota <= 0) return new Room(regency, 0, max, false);
        List<String> ids = config.config().sources().values().stream().filter(s -> regency.equals(s.regency()))
                .map(SourceDef::id).toList();
        long used = batches.list(ids, null, startOfToday(), Integer.MAX_VALUE, 0).stream()
                .filter(b -> b.origin() == Origin.UPLOAD).mapToLong(Batch::bytes).sum();
        long left = quota - used - inFlight.getOrDefault(regency, 0L);
        if (left <= 0) {
            throw refusal(regency, used + " bytes were received today");
        }
        if (declared > left) {
            throw refusal(regency, "this upload of " + declared + " bytes is larger than the " + left + " bytes left of it today");
        }
        long limit = Math.min(max, left);
        long held = declared >= 0 ? declared : limit;
        inFlight.merge(regency, held, Long::sum);
        return new Room(regency, held, limit, left < max);
    }

    private ApiException refusal(String regency, String why) {
        long seconds = Math.max(1, Duration.between(ZonedDateTime.now(clock), startOfTomorrow()).toSeconds());
        return new ApiException(429, "the daily upload quota of regency " + regency + " ("
                + props.getQuota().getPerRegency().toBytes() + " bytes, hub.upload.quota.per-regency) is used up: " + why
                + "; try again after midnight (in " + seconds + " s), or ask the operator to raise the quota",
                Map.of("Retry-After", String.valueOf(seconds)));
    }

    private OffsetDateTime startOfToday() {
        return LocalDate.now(clock).atStartOfDay(clock.getZone()).toOffsetDateTime();
    }

    private ZonedDateTime startOfTomorrow() {
        return LocalDate.now(clock).plusDays(1).atStartOfDay(clock.getZone());
    }
}
