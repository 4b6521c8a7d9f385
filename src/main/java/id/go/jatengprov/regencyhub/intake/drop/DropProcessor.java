package id.go.jatengprov.regencyhub.intake.drop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.intake.IntakeService;
import id.go.jatengprov.regencyhub.intake.LandingStore;
import id.go.jatengprov.regencyhub.intake.upload.UploadProperties;

/**
 * Takes one file from a drop folder through intake and moves it itself ({@link DropFolder}: never through a link)
 * to {@code .done/}, or to {@code .failed/} with {@code <name>.error.txt} beside it. Only a plain file (regular, one
 * name) up to {@code hub.upload.max-size} is read; anything else is refused unread. An exception (database or
 * broker down) leaves the file where it is, to be taken again at the next scan.
 */
@Component("dropProcessor")
public class DropProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(DropProcessor.class);

    private final IntakeService intake;
    private final HubProperties props;
    private final UploadProperties limits;
    private final DropOutcomes outcomes;
    private final DropFolderWatch watch;

    public DropProcessor(IntakeService intake, HubProperties props, UploadProperties limits, DropOutcomes outcomes,
                         DropFolderWatch watch) {
        this.intake = intake;
        this.props = props;
        this.limits = limits;
        this.outcomes = outcomes;
        this.watch = watch;
    }

    /** Test seam (DropChangedWhileReadTest): runs after the landing copy is written, before the changed-while-read check. */
    volatile Runnable afterLanding = () -> { };

    /**
     * The file is not the one whose reading began: another file, or the same one rewritten. Thrown so that the
     * route rolls back and leaves the file for the next scan.
     */
    public static final class ChangedWhileReadException extends IOException {
        ChangedWhileReadException() {
            super("the file changed while it was read");
        }
    }

    static boolean changed(DropFolder folder, String name, DropFolder.Entry before) {
        try {
            DropFolder.Entry now = folder.entry(name);
            return !Objects.equals(now.attributes().fileKey(), before.attributes().fileKey()) || !now.isPlainFile()
                    || now.attributes().size() != before.attributes().size()
                    || !now.attributes().lastModifiedTime().equals(before.attributes().lastModifiedTime());
        } catch (IOException e) {
            return true; // gone or unreadable: not the file that was read
        }
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String sourceId = exchange.getIn().getHeader(HubHeaders.SOURCE, String.class);
        String name = exchange.getIn().getBody(GenericFile.class).getFileNameOnly();
        try (DropFolder folder = DropFolder.open(props.dropDir(), sourceId)) {
            DropFolder.Entry before;
            try {
                before = folder.entry(name);
            } catch (NoSuchFileException gone) {
                return;
            }
            String refusal = DropFolder.refusal(before);
            if (refusal != null) {
                outcomes.refuse(folder, sourceId, name, refusal);
                return;
            }
            long max = limits.getMaxSize().toBytes();
            if (before.attributes().size() > max) {
                outcomes.tooLarge(folder, sourceId, name, before.attributes().size() + " bytes", max);
                return;
            }
            IntakeService.Receipt r;
            // A sender may replace or rewrite the file while the hub reads it (the read lock only waits until it
            // is stable before the read starts). Then what was read is not what the folder now holds: before
            // this check the new file was moved to .done/ unread, and lost. Found by the fault suite
            // (IntakeAndLoadEdgesFaultIT.aFileReplacedWhileItIsReadIsNotLost).
            try (InputStream in = folder.read(name)) {
                r = intake.receive(sourceId, in, name, Origin.DROP, max, () -> {
                    afterLanding.run();
                    if (changed(folder, name, before)) throw new ChangedWhileReadException();
                });
            } catch (ChangedWhileReadException e) {
                // Nothing was registered. The exception rolls the exchange back, so the file stays where it is
                // and the next scan reads it once it is stable again.
                log.warn("Drop file {} of source {} changed while it was read; it will be read again", name, sourceId);
                throw e;
            } catch (LandingStore.TooLargeException e) {
                outcomes.tooLarge(folder, sourceId, name, "more than " + max + " bytes (it grew while it was read)", max);
                return;
            }
            if (changed(folder, name, before)) {
                // What was read became a batch; the file now in its place is another one: leave it for the next scan.
                log.warn("Drop file {} of source {} was replaced after it was read (batch {}); the new file will be read too",
                        name, sourceId, r.batchId());
                throw new ChangedWhileReadException();
            }
            exchange.getIn().setHeader(HubHeaders.OUTCOME_DIR, outcomes.taken(folder, sourceId, name, r));
        } catch (DropFolder.UnsafeFolderException e) {
            watch.usable(sourceId, props.dropDir().resolve(sourceId)); // logs the problem once; the file stays unread
        }
    }
}
