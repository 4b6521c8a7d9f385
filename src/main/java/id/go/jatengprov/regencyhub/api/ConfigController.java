package id.go.jatengprov.regencyhub.api;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import id.go.jatengprov.regencyhub.ops.ConfigReloader;
import id.go.jatengprov.regencyhub.security.AuditTrail;

/** Operators: apply the configuration on disk now (the file watch does the same within seconds). */
@RestController
@RequestMapping("/api/v1/config")
public class ConfigController {

    private final ConfigReloader reloader;
    private final AuditTrail audit;

    public ConfigController(ConfigReloader reloader, AuditTrail audit) {
        this.reloader = reloader;
        this.audit = audit;
    }

    /** 200 with what changed, or 422 with every problem when the change is refused. */
    @PostMapping("/reload")
    @Operation(summary = "Apply the configuration on disk now; the answer lists every change applied",
            responses = {@ApiResponse(responseCode = "200", description = "{\"status\": \"RELOADED\" | \"UNCHANGED\" | \"FAILED\","
                    + " \"changes\": [...], \"problems\": []}"),
                    @ApiResponse(responseCode = "403", description = "only the operator may"),
                    @ApiResponse(responseCode = "422", description = "refused: {\"status\": \"REFUSED\", \"problems\": [file:line:"
                            + " message]}; the running configuration stays")})
    public ResponseEntity<ConfigReloader.Result> reload() {
        ConfigReloader.Result r;
        try {
            r = reloader.reload();
        } catch (RuntimeException e) {
            audit.record("config.reload", Map.of(), AuditTrail.Outcome.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
        audit.record("config.reload", Map.of(), r.status() == ConfigReloader.Status.REFUSED ? AuditTrail.Outcome.REFUSED : AuditTrail.Outcome.OK,
                summary(r));
        return ResponseEntity.status(r.status() == ConfigReloader.Status.REFUSED ? 422 : 200).body(r);
    }

    private static String summary(ConfigReloader.Result r) {
        return r.status() + ": " + r.changes().size() + " change(s), " + r.problems().size() + " problem(s)"
                + (r.problems().isEmpty() ? "" : "; first: " + r.problems().get(0));
    }
}
