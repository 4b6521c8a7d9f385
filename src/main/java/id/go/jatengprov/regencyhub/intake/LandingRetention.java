package id.go.jatengprov.regencyhub.intake;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;

/**
 * Once a day, deletes landing copies of final batches last received longer ago than {@code hub.landing.retention}
 * (0 keeps them for ever). What is lost with a copy: nothing the hub does by itself needs it (a replay needs only the
 * queued chunk, dedupe only the hash in the batch record); re-reading the file under a changed mapping would need the
 * file from its sender again.
 */
@Component
public class LandingRetention {

    private static final Logger log = LoggerFactory.getLogger(LandingRetention.class);

    private final IntakeService intake;
    private final HubProperties props;
    private final Clock clock;

    public LandingRetention(IntakeService intake, HubProperties props, Clock clock) {
        this.intake = intake;
        this.props = props;
        this.clock = clock;
    }

    /** Every day at 03:20, when regencies rarely send. */
    @Scheduled(cron = "0 20 3 * * *")
    public void daily() {
        try {
            sweep(clock.instant());
        } catch (IOException | RuntimeException e) {
            log.warn("Landing retention sweep failed, it runs again tomorrow: {}", e.getMessage());
        }
    }

    /** @return how many landing copies were deleted */
    public int sweep(Instant now) throws IOException {
        Duration retention = props.getLanding().getRetention();
        if (retention.isZero() || retention.isNegative()) return 0;
        int deleted = intake.sweepLanding(now.minus(retention));
        if (deleted > 0) {
            log.info("Deleted {} landing cop{} last received more than {} ago (hub.landing.retention)", deleted,
                    deleted == 1 ? "y" : "ies", retention);
        }
        return deleted;
    }
}
