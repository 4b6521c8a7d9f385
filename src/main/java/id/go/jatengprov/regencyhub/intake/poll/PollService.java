package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import id.go.jatengprov.regencyhub.HubProperties;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.embedded.DataFolders;
import id.go.jatengprov.regencyhub.intake.IntakeService;
import org.apache.camel.ProducerTemplate;

/**
 * One poll of an http or ckan source: fetch (all pages, {@link HttpSourceFetch} or {@link CkanSourceFetch}),
 * keep what came as one landing copy, and hand it to intake like any other batch. Unchanged content loads
 * nothing: a 304, an unchanged CKAN last_modified/hash, or the same bytes as last time (DUPLICATE). A failure
 * is recorded on the source and never stops other sources; the next fire time tries again.
 */
@Service
public class PollService {

    private static final Logger log = LoggerFactory.getLogger(PollService.class);

    /** What a poll did. */
    public record Outcome(String outcome, Long batch, String message) {}

    private final ActiveConfig config;
    private final IntakeService intake;
    private final SourceStateStore states;
    private final HubProperties hub;
    private final HttpSourceFetch http;
    private final CkanSourceFetch ckan;

    public PollService(ActiveConfig config, IntakeService intake, SourceStateStore states, PollProperties props,
                       HubProperties hub, ProducerTemplate camel) {
        this.config = config;
        this.intake = intake;
        this.states = states;
        this.hub = hub;
        HttpFetcher fetcher = new HttpFetcher(props, camel);
        this.http = new HttpSourceFetch(fetcher, new HeaderResolver(), props.getMaxPages());
        this.ckan = new CkanSourceFetch(fetcher, props.getMaxPages());
    }

    public Outcome poll(String sourceId) {
        SourceDef source = config.config().source(sourceId)
                .filter(s -> s.kind() == SourceDef.Kind.HTTP || s.kind() == SourceDef.Kind.CKAN)
                .orElseThrow(() -> new IllegalArgumentException("no http or ckan source '" + sourceId + "'"));
        SourceState state = states.find(sourceId).orElse(SourceState.empty(sourceId));
        Path work = null;
        Long batch = null;
        try {
            // Files.createTempDirectory makes it rwx------ on POSIX; its parent is the hub's private work folder.
            work = Files.createTempDirectory(DataFolders.privateDirectory(hub.workDir()), "poll-" + sourceId + "-");
            Fetched f = source.kind() == SourceDef.Kind.HTTP ? http.fetch(source, state, work) : ckan.fetch(source, state, work);
            if (f.file() == null) {
                states.success(sourceId, "UNCHANGED", f.status(), null, f.message(), f.validators());
                log.info("Poll of {}: unchanged ({})", sourceId, f.message());
                return new Outcome("UNCHANGED", null, f.message());
            }
            BatchStore.Registration reg;
            try (InputStream in = Files.newInputStream(f.file())) {
                reg = intake.land(sourceId, in, null, Origin.POLL, Long.MAX_VALUE);
            }
            batch = reg.batchId();
            if (reg.outcome() == BatchStore.Outcome.DUPLICATE) {
                String msg = "content unchanged: same bytes as batch " + reg.duplicateOf();
                states.success(sourceId, "DUPLICATE", f.status(), batch, msg, f.validators());
                return new Outcome("DUPLICATE", batch, msg);
            }
            IntakeService.Receipt r = intake.process(reg.batch());
            if (r.status() == BatchStatus.FAILED) {
                states.failure(sourceId, f.status(), r.message(), batch);
                return new Outcome("FAILED", batch, r.message());
            }
            states.success(sourceId, r.status().name(), f.status(), batch, null, f.validators());
            return new Outcome(r.status().name(), batch, null);
        } catch (PollException e) {
            log.warn("Poll of {} failed: {}", sourceId, e.getMessage());
            states.failure(sourceId, e.httpStatus() == 0 ? null : e.httpStatus(), e.getMessage(), batch);
            return new Outcome("FAILED", batch, e.getMessage());
        } catch (IOException e) {
            String msg = "I/O error: " + e.getMessage();
            log.warn("Poll of {} failed: {}", sourceId, msg);
            states.failure(sourceId, null, msg, batch);
            return new Outcome("FAILED", batch, msg);
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder under data/work is harmless
        }
    }
}
