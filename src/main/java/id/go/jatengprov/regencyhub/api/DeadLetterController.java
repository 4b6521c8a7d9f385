package id.go.jatengprov.regencyhub.api;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import id.go.jatengprov.regencyhub.load.DeadLetters;

/** Operators: what is in the dead-letter queue and why; send it back once the cause is fixed. */
@RestController
@RequestMapping("/api/v1/dead-letters")
public class DeadLetterController {

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    public Map<String, Object> list() throws Exception {
        List<Map<String, Object>> items = deadLetters.list();
        return Map.of("items", items, "count", items.size());
    }

    /** All, one ({@code messageId}), or those of one batch ({@code batch}). */
    @PostMapping("/replay")
    public Map<String, Object> replay(@RequestParam(required = false) String messageId,
                                      @RequestParam(required = false) Long batch) throws Exception {
        int n = deadLetters.replay(messageId, batch);
        return Map.of("replayed", n);
    }
}
