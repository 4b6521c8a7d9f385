package id.go.jatengprov.regencyhub.intake.drop;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.HubHeaders;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.intake.IntakeService;

/**
 * Takes one file from a drop folder through intake and tells the route where the file goes:
 * {@code .done/}, or {@code .failed/} with {@code <name>.error.txt} beside it. An exception (database or
 * broker down) leaves the file where it is, to be taken again at the next scan.
 */
@Component("dropProcessor")
public class DropProcessor implements Processor {


    private final IntakeService intake;

    public DropProcessor(IntakeService intake) {
        this.intake = intake;
    }

    private static final Logger log = LoggerFactory.getLogger(DropProcessor.class);

    /** Test seam (DropChangedWhileReadTest): runs after the landing copy is written, before the changed-while-read check. */
    volatile Runnable afterLanding = () -> { };

    /**
     * The file is not the one whose reading began: another file, or the same one rewritten. Thrown so that the
     * route rolls back and leaves the file for the next scan (a route that returns normally moves it to .done/).
     */
    public static final class ChangedWhileReadException extends IOException {
        ChangedWhileReadException() {
            super("the file changed while it was read");
        }
    }

    static boolean changed(Path path, BasicFileAttributes before) {
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
            return !java.util.Objects.equals(now.fileKey(), before.fileKey()) || now.size() != before.size()
                    || !now.lastModifiedTime().equals(before.lastModifiedTime());
        } catch (IOException e) {
            return true; // gone or unreadable: not the file that was read
        }
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String sourceId = exchange.getIn().getHeader(HubHeaders.SOURCE, String.class);
        GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
        Path path = ((File) file.getFile()).toPath();
        // A sender may replace or rewrite the file while the hub reads it (the read lock only waits until it
        // is stable before the read starts). Then what was read is not what the folder now holds: before
        // this check the new file was moved to .done/ unread, and lost. Found by the fault suite
        // (IntakeAndLoadEdgesFaultIT.aFileReplacedWhileItIsReadIsNotLost).
        BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class);
        IntakeService.Receipt r;
        try (InputStream in = Files.newInputStream(path)) {
            r = intake.receive(sourceId, in, path.getFileName().toString(), Origin.DROP, () -> {
                afterLanding.run();
                if (changed(path, before)) throw new ChangedWhileReadException();
            });
        } catch (ChangedWhileReadException e) {
            // Nothing was registered. The exception rolls the exchange back, so the file stays where it is
            // and the next scan reads it once it is stable again.
            log.warn("Drop file {} of source {} changed while it was read; it will be read again", path.getFileName(), sourceId);
            throw e;
        }
        if (changed(path, before)) {
            // What was read became a batch; the file now in its place is another one: leave it for the next scan.
            log.warn("Drop file {} of source {} was replaced after it was read (batch {}); the new file will be read too",
                    path.getFileName(), sourceId, r.batchId());
            throw new ChangedWhileReadException();
        }
        if (r.status() == BatchStatus.FAILED) {
            Path failed = path.getParent().resolve(".failed");
            Files.createDirectories(failed);
            Files.writeString(failed.resolve(path.getFileName() + ".error.txt"),
                    "file:    " + path.getFileName() + "\nsource:  " + sourceId + "\nbatch:   " + r.batchId()
                            + "\nstatus:  FAILED\nwhen:    " + OffsetDateTime.now() + "\nreason:  " + r.message()
                            + "\n\nCorrect the file and drop it again; the same bytes again would fail the same way.\n",
                    StandardCharsets.UTF_8);
            exchange.getIn().setHeader(HubHeaders.OUTCOME_DIR, ".failed");
        } else {
            exchange.getIn().setHeader(HubHeaders.OUTCOME_DIR, ".done");
        }
    }
}
