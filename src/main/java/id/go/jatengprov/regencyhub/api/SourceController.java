package id.go.jatengprov.regencyhub.api;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.quartz.CronExpression;
import org.quartz.SchedulerException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.poll.PollTrigger;
import id.go.jatengprov.regencyhub.intake.poll.SourceStateStore;
import id.go.jatengprov.regencyhub.security.AuditLog;
import id.go.jatengprov.regencyhub.security.AuditTrail;

/** Operators: every configured source with its kind, schedule, last and next run and latest batch; poll now. */
@RestController
@RequestMapping("/api/v1/sources")
public class SourceController {

    private final ActiveConfig config;
    private final BatchStore batches;
    private final SourceStateStore states;
    private final PollTrigger polls;
    private final AuditTrail audit;

    public SourceController(ActiveConfig config, BatchStore batches, SourceStateStore states, PollTrigger polls,
                            AuditTrail audit) {
        this.audit = audit;
        this.config = config;
        this.batches = batches;
        this.states = states;
        this.polls = polls;
    }

    /**
     * Polls a source now, through its own scheduled job (never overlapping a scheduled run); its outcome shows
     * in GET /api/v1/sources.
     */
    @PostMapping("/{id}/run")
    @Operation(summary = "Poll an http or ckan source now, through its own scheduled job",
            responses = {@ApiResponse(responseCode = "202", description = "{\"source\": \"…\", \"status\": \"STARTED\"}; the outcome"
                    + " shows in GET /api/v1/sources"),
                    @ApiResponse(responseCode = "403", description = "only the operator may"),
                    @ApiResponse(responseCode = "404", description = "no such source"),
                    @ApiResponse(responseCode = "409", description = "a drop source: it runs when a file arrives")})
    public ResponseEntity<Map<String, Object>> run(@PathVariable String id) throws Exception {
        return audit.around("source.run", Map.of("source", AuditLog.clean(id)), () -> start(id), r -> "poll started");
    }

    private ResponseEntity<Map<String, Object>> start(String id) throws SchedulerException {
        SourceDef s = config.config().source(id).orElseThrow(() -> new ApiException(404, "no source '" + AuditLog.clean(id) + "'"));
        if (s.kind() == SourceDef.Kind.DROP) {
            throw new ApiException(409, "source '" + id + "' is a drop source: it runs when a file arrives in its folder");
        }
        polls.runNow(id);
        return ResponseEntity.accepted().body(Map.of("source", id, "status", "STARTED"));
    }

    @GetMapping
    @Operation(summary = "Every source: kind, schedule, last and next run, consecutive failures, latest batch",
            responses = {@ApiResponse(responseCode = "200", description = "{\"items\": [sources]}"),
                    @ApiResponse(responseCode = "403", description = "only the operator may")})
    public Map<String, Object> list() {
        List<Map<String, Object>> items = config.config().sources().values().stream().map(this::view).toList();
        return Map.of("items", items);
    }

    private Map<String, Object> view(SourceDef s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("regency", s.regency());
        m.put("dataset", s.dataset());
        m.put("kind", s.kind().name().toLowerCase());
        m.put("schedule", s.schedule());
        if (s.schedule() != null) {
            m.put("nextRun", nextFire(s.schedule()));
        }
        states.find(s.id()).ifPresent(st -> {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("at", st.lastRunAt());
            run.put("outcome", st.lastOutcome());
            run.put("httpStatus", st.lastHttpStatus());
            run.put("message", st.lastMessage());
            run.put("batch", st.lastBatch() == null ? null : String.valueOf(st.lastBatch()));
            run.put("lastSuccessAt", st.lastSuccessAt());
            m.put("lastRun", run);
            m.put("consecutiveFailures", st.consecutiveFailures());
        });
        List<Batch> last = batches.list(s.id(), null, null, 1, 0);
        m.put("lastBatch", last.isEmpty() ? null : BatchController.view(last.get(0)));
        return m;
    }

    private static OffsetDateTime nextFire(String cron) {
        try {
            Date next = new CronExpression(cron).getNextValidTimeAfter(new Date());
            return next == null ? null : next.toInstant().atZone(ZoneId.systemDefault()).toOffsetDateTime();
        } catch (java.text.ParseException e) {
            return null;
        }
    }
}
