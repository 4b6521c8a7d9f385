package id.go.jatengprov.regencyhub.api;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import id.go.jatengprov.regencyhub.load.DeadLetters;
import id.go.jatengprov.regencyhub.security.AuditTrail;

/** Operators: what is in the dead-letter queue and why; send it back once the cause is fixed. */
@RestController
@RequestMapping("/api/v1/dead-letters")
public class DeadLetterController {

    private final DeadLetters deadLetters;
    private final AuditTrail audit;

    public DeadLetterController(DeadLetters deadLetters, AuditTrail audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Chunks in the dead-letter queue: source, batch, chunk, rows, attempts, failures, last error",
            responses = {@ApiResponse(responseCode = "200", description = "{\"items\": [chunks], \"count\": n}"),
                    @ApiResponse(responseCode = "403", description = "only the operator may")})
    public Map<String, Object> list() throws Exception {
        List<Map<String, Object>> items = audit.around("dead-letters.list", Map.of(), deadLetters::list, l -> l.size() + " listed");
        return Map.of("items", items, "count", items.size());
    }

    /** All, one ({@code messageId}), or those of one batch ({@code batch}). */
    @PostMapping("/replay")
    @Operation(summary = "Send dead-lettered chunks back to the load queue: all, one (messageId) or one batch's; idempotent",
            responses = {@ApiResponse(responseCode = "200", description = "{\"replayed\": n}"),
                    @ApiResponse(responseCode = "400", description = "batch is not a number"),
                    @ApiResponse(responseCode = "403", description = "only the operator may")})
    public Map<String, Object> replay(@RequestParam(required = false) String messageId,
                                      @RequestParam(required = false) Long batch) throws Exception {
        int n = audit.around("dead-letters.replay", AuditTrail.params("messageId", messageId, "batch", batch),
                () -> deadLetters.replay(messageId, batch), r -> "replayed " + r);
        return Map.of("replayed", n);
    }
}
