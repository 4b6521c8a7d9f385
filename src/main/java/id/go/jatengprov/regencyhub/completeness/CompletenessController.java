package id.go.jatengprov.regencyhub.completeness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import id.go.jatengprov.regencyhub.api.ApiException;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.security.Access;
import id.go.jatengprov.regencyhub.security.AuditLog;

/**
 * {@code GET /api/v1/completeness}: which regencies delivered which dataset for which period, and on time. An
 * operator sees every regency; a regency only its own row.
 */
@RestController
@RequestMapping("/api/v1/completeness")
public class CompletenessController {

    private final Completeness completeness;
    private final ActiveConfig config;
    private final Access access;

    public CompletenessController(Completeness completeness, ActiveConfig config, Access access) {
        this.completeness = completeness;
        this.config = config;
        this.access = access;
    }

    /**
     * @param dataset one dataset id, or several separated by commas; none: every dataset with an expect:
     * @param regency an operator's filter: one regency (BPS 3374 or Kemendagri 33.74)
     */
    @Operation(summary = "Who delivered which dataset for which period, on time or not; a regency gets its own row",
            responses = {@ApiResponse(responseCode = "200", description = "a grid of regencies × periods per dataset"),
                    @ApiResponse(responseCode = "400", description = "an unknown dataset, period or regency")})
    @GetMapping
    public Map<String, Object> get(@RequestParam(required = false) String dataset, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to, @RequestParam(required = false) String regency) {
        List<DatasetDef> datasets = datasets(dataset);
        List<String> regencies = regencies(regency);
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            for (DatasetDef d : datasets) out.add(view(completeness.grid(d, from, to, regencies)));
        } catch (Completeness.BadRequest e) {
            throw new ApiException(400, e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asOf", java.time.OffsetDateTime.now(completeness.clock()));
        m.put("datasets", out);
        return m;
    }

    private List<DatasetDef> datasets(String dataset) {
        List<DatasetDef> expected = completeness.datasets();
        if (dataset == null || dataset.isBlank()) return expected;
        List<DatasetDef> out = new ArrayList<>();
        for (String id : dataset.split(",")) {
            String name = id.trim();
            DatasetDef d = config.config().datasets().get(name);
            if (d == null || d.expect() == null) {
                throw new ApiException(400, (d == null ? "unknown dataset '" + AuditLog.clean(name) + "'"
                        : "dataset '" + name + "' declares no expect:") + "; datasets with expectations: "
                        + String.join(", ", expected.stream().map(DatasetDef::id).toList()));
            }
            out.add(d);
        }
        return out;
    }

    /** A regency sees its own row whatever it asks; an operator may narrow to one regency. */
    private List<String> regencies(String regency) {
        if (!access.isOperator()) {
            return List.of(access.regency().orElse("-"));
        }
        if (regency == null || regency.isBlank()) return null;
        String code = config.config().regions().toKemendagriRegencyOrProvince(regency.trim()).orElseThrow(() ->
                new ApiException(400, "regency '" + AuditLog.clean(regency) + "' is not a Jawa Tengah regency code; use e.g. 3374 or 33.74"));
        return List.of(code);
    }

    static Map<String, Object> view(Completeness.Grid g) {
        Map<String, Object> m = new LinkedHashMap<>();
        DatasetDef d = g.dataset();
        m.put("dataset", d.id());
        m.put("title", d.title());
        m.put("every", d.expect().every().configName());
        m.put("due", d.expect().dueText());
        m.put("level", d.expect().regionLevel().configName());
        m.put("periods", g.periods());
        Map<String, Integer> totals = new LinkedHashMap<>();
        g.totals().forEach((k, v) -> totals.put(k.label(), v));
        m.put("totals", totals);
        m.put("ledgerRefreshedAt", g.ledgerRefreshedAt());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Completeness.Row r : g.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("regency", r.regency());
            row.put("bps", r.bps());
            row.put("name", r.name());
            row.put("cells", r.cells().stream().map(CompletenessController::cell).toList());
            rows.add(row);
        }
        m.put("rows", rows);
        return m;
    }

    static Map<String, Object> cell(Completeness.Cell c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", c.period());
        m.put("state", c.state().label());
        m.put("rows", c.rows());
        m.put("regions", c.regions());
        m.put("expectedRegions", c.expectedRegions());
        m.put("periodsDelivered", c.periodsDelivered());
        m.put("periodsExpected", c.periodsExpected());
        m.put("dueAt", c.dueAt());
        m.put("firstBatch", c.firstBatch() == null ? null : String.valueOf(c.firstBatch()));
        m.put("firstDeliveryAt", c.firstDeliveryAt());
        m.put("lastBatch", c.lastBatch() == null ? null : String.valueOf(c.lastBatch()));
        m.put("lastDeliveryAt", c.lastDeliveryAt());
        m.put("completeAt", c.completeAt());
        m.put("failedBatch", c.failedBatch() == null ? null : String.valueOf(c.failedBatch()));
        return m;
    }
}
