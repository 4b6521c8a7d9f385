package id.go.jatengprov.regencyhub.api;

import java.io.IOException;
import java.io.Writer;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.ConfigLoader;
import id.go.jatengprov.regencyhub.security.Access;
import id.go.jatengprov.regencyhub.security.AuditLog;
import id.go.jatengprov.regencyhub.batch.RejectsCsv;

/** Batches: status, counts and findings, recent lists filtered by source, status, time, regency and dataset, and rejects as CSV. */
@RestController
@RequestMapping("/api/v1/batches")
public class BatchController {

    private final BatchStore batches;
    private final Access access;
    private final AuditLog audit;
    private final HttpServletRequest request;
    private final ActiveConfig config;

    public BatchController(BatchStore batches, Access access, AuditLog audit, HttpServletRequest request, ActiveConfig config) {
        this.config = config;
        this.batches = batches;
        this.access = access;
        this.audit = audit;
        this.request = request;
    }

    @GetMapping("/{id}")
    @Operation(summary = "A batch: status, counts, regency, periods, who delivered it, skipped rows and warnings",
            responses = {@ApiResponse(responseCode = "200", description = "the batch"),
                    @ApiResponse(responseCode = "404", description = "no such batch, or another regency's")})
    public Map<String, Object> get(@PathVariable String id) {
        return view(find(id));
    }

    @GetMapping
    @Operation(summary = "Recent batches, newest first, paged; filtered by source, status, since, regency, dataset",
            description = "A regency sees the batches of its own sources only.",
            responses = {@ApiResponse(responseCode = "200", description = "{\"items\": [batches], \"limit\": 50, \"offset\": 0}"),
                    @ApiResponse(responseCode = "400", description = "an unknown status or regency, a bad dataset, since or"
                            + " limit/offset")})
    public Map<String, Object> list(@RequestParam(required = false) String source,
                                    @RequestParam(required = false) String status,
                                    @RequestParam(required = false) OffsetDateTime since,
                                    @RequestParam(required = false) String regency,
                                    @RequestParam(required = false) String dataset,
                                    @RequestParam(defaultValue = "50") int limit,
                                    @RequestParam(defaultValue = "0") int offset) {
        BatchStatus st = null;
        if (status != null) {
            try {
                st = BatchStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "unknown status '" + status + "'; use one of " + List.of(BatchStatus.values()));
            }
        }
        if (limit < 1 || limit > 1000 || offset < 0) {
            throw new ApiException(400, "limit must be 1..1000 and offset 0 or more");
        }
        String regencyCode = null;
        if (regency != null) {
            regencyCode = config.config().regions().toKemendagriRegencyOrProvince(regency).orElseThrow(() -> new ApiException(400,
                    "unknown regency '" + AuditLog.clean(regency) + "'; give its code, e.g. regency=33.74 or regency=3374 (33 = the province)"));
        }
        if (dataset != null && !ConfigLoader.DATASET_ID.matcher(dataset).matches()) {
            throw new ApiException(400, "dataset must be a dataset id such as births; known: "
                    + String.join(", ", new java.util.TreeSet<>(config.config().datasets().keySet())));
        }
        List<String> sources;
        if (access.isOperator()) {
            sources = source == null ? null : List.of(source);
        } else {
            // A regency sees only its own sources' batches.
            sources = access.ownSources().stream().filter(s -> source == null || s.equals(source)).toList();
        }
        BatchStore.Filter filter = new BatchStore.Filter(sources, st, since, regencyCode, dataset);
        List<Map<String, Object>> items = batches.list(filter, limit, offset).stream().map(BatchController::view).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("limit", limit);
        out.put("offset", offset);
        return out;
    }

    @GetMapping(value = "/{id}/rejects", produces = "text/csv")
    @Operation(summary = "The batch's rejects as CSV: row, column, reason, value",
            responses = {@ApiResponse(responseCode = "200", description = "text/csv; cells a spreadsheet would run as a"
                    + " formula are prefixed with '"), @ApiResponse(responseCode = "404", description = "no such batch, or another regency's")})
    public void rejects(@PathVariable String id, HttpServletResponse response) throws IOException {
        Batch b = find(id);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"batch-" + b.id() + "-rejects.csv\"");
        Writer w = response.getWriter();
        RejectsCsv.write(w, batches.rejects(b.id()));
        w.flush();
    }

    private Batch find(String id) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ApiException(404, "no batch '" + AuditLog.clean(id) + "'");
        }
        Batch b = batches.find(n).orElse(null);
        if (b == null || !access.mayUse(b.sourceId())) {
            if (b != null) audit.refused(request, access.who(), 404, "batch " + n + " belongs to another regency");
            throw new ApiException(404, "no batch '" + id + "'");
        }
        return b;
    }

    static Map<String, Object> view(Batch b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch", String.valueOf(b.id()));
        m.put("source", b.sourceId());
        m.put("dataset", b.datasetId());
        m.put("regency", b.regency());
        m.put("status", b.status().name());
        m.put("origin", b.origin().label());
        m.put("deliveredBy", b.deliveredBy());
        m.put("fileName", b.fileName());
        m.put("sha256", b.contentHash());
        m.put("bytes", b.bytes());
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("read", b.rowsRead());
        rows.put("loaded", b.rowsLoaded());
        rows.put("rejected", b.rowsRejected());
        rows.put("skipped", b.rowsSkipped());
        m.put("rows", rows);
        Map<String, Object> periods = new LinkedHashMap<>();
        periods.put("from", b.findings().periodFrom() == null ? null : b.findings().periodFrom().toString());
        periods.put("to", b.findings().periodTo() == null ? null : b.findings().periodTo().toString());
        m.put("periods", periods);
        m.put("skipped", b.findings().skipped());
        m.put("warnings", b.findings().warnings());
        Map<String, Object> chunks = new LinkedHashMap<>(); // in a fixed order, as docs/api.md and the README show it
        chunks.put("total", b.chunksTotal() == null ? 0 : b.chunksTotal());
        chunks.put("loaded", b.chunksLoaded());
        m.put("chunks", chunks);
        m.put("duplicateOf", b.duplicateOf() == null ? null : String.valueOf(b.duplicateOf()));
        m.put("detected", b.detected());
        m.put("message", b.message());
        m.put("receivedAt", b.receivedAt());
        m.put("queuedAt", b.queuedAt());
        m.put("finishedAt", b.finishedAt());
        return m;
    }
}
