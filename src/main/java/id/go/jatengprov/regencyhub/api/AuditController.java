package id.go.jatengprov.regencyhub.api;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import id.go.jatengprov.regencyhub.security.AuditTrail;

/** Operators: the audit trail ({@code hub.audit}), newest first, paged. Reading it is audited too. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditTrail audit;

    public AuditController(NamedParameterJdbcTemplate jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "The audit trail, newest first, paged: who, action, parameters, outcome, detail, when, address",
            responses = {@ApiResponse(responseCode = "200", description = "{\"items\": [entries], \"limit\": 50, \"offset\": 0}"),
                    @ApiResponse(responseCode = "400", description = "a bad since or limit/offset"),
                    @ApiResponse(responseCode = "403", description = "only the operator may")})
    public Map<String, Object> list(@RequestParam(required = false) String actor,
                                    @RequestParam(required = false) String action,
                                    @RequestParam(required = false) OffsetDateTime since,
                                    @RequestParam(defaultValue = "50") int limit,
                                    @RequestParam(defaultValue = "0") int offset) throws Exception {
        if (limit < 1 || limit > 1000 || offset < 0) {
            throw new ApiException(400, "limit must be 1..1000 and offset 0 or more");
        }
        Map<String, Object> params = AuditTrail.params("actor", actor, "action", action, "since", since == null ? null : since.toString(),
                "limit", limit, "offset", offset);
        List<Map<String, Object>> items = audit.around("audit.list", params, () -> query(actor, action, since, limit, offset),
                l -> l.size() + " listed");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("limit", limit);
        out.put("offset", offset);
        return out;
    }

    private List<Map<String, Object>> query(String actor, String action, OffsetDateTime since, int limit, int offset) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("limit", limit).addValue("offset", offset);
        StringBuilder where = new StringBuilder(" WHERE true");
        if (actor != null) { where.append(" AND actor = :actor"); p.addValue("actor", actor); }
        if (action != null) { where.append(" AND action = :action"); p.addValue("action", action); }
        if (since != null) { where.append(" AND at >= :since"); p.addValue("since", since); }
        return jdbc.query("SELECT id, at, actor, action, params::text AS params, outcome, detail, client FROM hub.audit"
                + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset", p, (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", String.valueOf(rs.getLong("id")));
                    m.put("at", rs.getObject("at", OffsetDateTime.class));
                    m.put("actor", rs.getString("actor"));
                    m.put("action", rs.getString("action"));
                    m.put("params", parse(rs.getString("params")));
                    m.put("outcome", rs.getString("outcome"));
                    m.put("detail", rs.getString("detail"));
                    m.put("client", rs.getString("client"));
                    return m;
                });
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (Exception e) {
            return Map.of("raw", json);
        }
    }
}
