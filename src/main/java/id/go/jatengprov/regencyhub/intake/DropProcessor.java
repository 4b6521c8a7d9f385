package id.go.jatengprov.regencyhub.intake;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFile;
import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * Takes one file from a drop folder through intake and tells the route where the file goes:
 * {@code .done/}, or {@code .failed/} with {@code <name>.error.txt} beside it. An exception (database or
 * broker down) leaves the file where it is, to be taken again at the next scan.
 */
@Component("dropProcessor")
public class DropProcessor implements Processor {

    /** Header the route's {@code move} option reads; its value is one of two constants. */
    public static final String OUTCOME_DIR = "hubOutcomeDir";
    public static final String SOURCE = "hubSource";

    private final IntakeService intake;

    public DropProcessor(IntakeService intake) {
        this.intake = intake;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        String sourceId = exchange.getIn().getHeader(SOURCE, String.class);
        GenericFile<?> file = exchange.getIn().getBody(GenericFile.class);
        Path path = ((File) file.getFile()).toPath();
        IntakeService.Receipt r;
        try (InputStream in = Files.newInputStream(path)) {
            r = intake.receive(sourceId, in, path.getFileName().toString(), "drop");
        }
        if (r.status() == BatchStatus.FAILED) {
            Path failed = path.getParent().resolve(".failed");
            Files.createDirectories(failed);
            Files.writeString(failed.resolve(path.getFileName() + ".error.txt"),
                    "file:    " + path.getFileName() + "\nsource:  " + sourceId + "\nbatch:   " + r.batchId()
                            + "\nstatus:  FAILED\nwhen:    " + OffsetDateTime.now() + "\nreason:  " + r.message()
                            + "\n\nCorrect the file and drop it again; the same bytes again would fail the same way.\n",
                    StandardCharsets.UTF_8);
            exchange.getIn().setHeader(OUTCOME_DIR, ".failed");
        } else {
            exchange.getIn().setHeader(OUTCOME_DIR, ".done");
        }
    }
}
