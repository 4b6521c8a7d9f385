package id.go.jatengprov.regencyhub.intake.drop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.intake.IntakeService;

/**
 * What a sender finds after the hub has dealt with a dropped file: the file in {@code .done/}, or in {@code .failed/}
 * with {@code <name>.error.txt} saying why, and {@code <name>.rejects.csv} beside it when rows were rejected. An
 * earlier file of the same name is never overwritten: the later one becomes {@code name.1.csv}. The error text
 * quotes nothing of the file beyond what the normaliser parsed from it (the file is the sender's own), and of an
 * entry that was refused unread nothing at all.
 */
@Component
public class DropOutcomes {

    private static final Logger log = LoggerFactory.getLogger(DropOutcomes.class);

    private final HubProperties props;
    private final RejectsReport rejects;
    private final Clock clock;

    public DropOutcomes(HubProperties props, RejectsReport rejects, Clock clock) {
        this.props = props;
        this.rejects = rejects;
        this.clock = clock;
    }

    /**
     * An entry that is not a plain file of its own (a symbolic or hard link, a device, a pipe): removed itself, unread,
     * with {@code .failed/<name>.error.txt} saying why. Removing the entry loses nothing: a link's target and a hard
     * link's other name stay as they are, a pipe or device holds no data; and no link is left in {@code .failed/} for
     * someone to follow later. No batch is made.
     */
    void refuse(String sourceId, String name, String reason) {
        try (DropFolder folder = DropFolder.open(props.dropDir(), sourceId)) {
            refuse(folder, sourceId, name, reason);
        } catch (DropFolder.UnsafeFolderException e) {
            log.debug("Not refusing {} of {} now: {}", name, sourceId, e.getMessage()); // the folder watch reports it
        } catch (IOException e) {
            log.warn("Could not move the refused entry {} of drop source {} out of the way: {}", name, sourceId, e.getMessage());
        }
    }

    void refuse(DropFolder folder, String sourceId, String name, String reason) throws IOException {
        try {
            folder.delete(name);
        } catch (NoSuchFileException gone) {
            return; // taken away by the sender, or refused by the other path a moment ago
        }
        folder.write(DropFolder.FAILED, name + ".error.txt", report(name, name, sourceId, null, "REFUSED", reason + "; it was"
                + " removed from the folder unread", "Put a regular file into the folder (a copy, not a link)."));
        log.warn("Drop entry {} of source {} refused and removed unread: {}", name, sourceId, reason);
    }

    /** A regular file over hub.upload.max-size: moved unread into {@code .failed/} with its reason; no batch. */
    void tooLarge(DropFolder folder, String sourceId, String name, String size, long max) throws IOException {
        String moved;
        try {
            moved = folder.moveTo(DropFolder.FAILED, name);
        } catch (NoSuchFileException gone) {
            return;
        }
        String reason = "the file is " + size + "; the limit is " + max + " bytes (hub.upload.max-size, the same as for"
                + " uploads); nothing of it was kept";
        folder.write(DropFolder.FAILED, moved + ".error.txt", report(moved, name, sourceId, null, "REFUSED (413: too large)",
                reason, "Split the file into smaller ones, or ask the operator to raise hub.upload.max-size."));
        log.warn("Drop file {} of source {} refused, moved to .failed/{}: {}", name, sourceId, moved, reason);
    }

    /** A file read into batch {@code r}: to {@code .done/}, or to {@code .failed/} with its reason; rejects beside it. */
    String taken(DropFolder folder, String sourceId, String name, IntakeService.Receipt r) throws IOException {
        boolean failed = r.status() == BatchStatus.FAILED;
        String outcome = failed ? DropFolder.FAILED : DropFolder.DONE;
        String moved = folder.moveTo(outcome, name);
        if (failed) {
            folder.write(outcome, moved + ".error.txt", report(moved, name, sourceId, r.batchId(), "FAILED", r.message(),
                    "Correct the file and drop it again; the same bytes again would fail the same way."));
        }
        if (r.status() != BatchStatus.DUPLICATE) {
            byte[] csv = rejects.csv(r.batchId());
            if (csv != null) folder.write(outcome, moved + ".rejects.csv", csv);
        }
        if (!moved.equals(name)) {
            log.info("Drop file {} of source {} moved to {}/{}: an earlier file of that name is kept", name, sourceId, outcome, moved);
        }
        return outcome;
    }

    private byte[] report(String moved, String name, String sourceId, Long batch, String status, String reason, String advice) {
        return ("file:    " + name + (moved.equals(name) ? "" : " (kept as " + moved + ")") + "\nsource:  " + sourceId
                + "\nbatch:   " + (batch == null ? "none" : batch) + "\nstatus:  " + status + "\nwhen:    "
                + OffsetDateTime.now(clock) + "\nreason:  " + reason + "\n\n" + advice + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
