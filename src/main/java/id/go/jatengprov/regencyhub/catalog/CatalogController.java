package id.go.jatengprov.regencyhub.catalog;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import id.go.jatengprov.regencyhub.api.ApiException;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.publish.DatasetPublisher;
import id.go.jatengprov.regencyhub.publish.PublishStateStore;
import id.go.jatengprov.regencyhub.security.Access;
import id.go.jatengprov.regencyhub.security.AuditLog;
import id.go.jatengprov.regencyhub.security.AuditTrail;

/**
 * The datasets without SQL: the catalogue with its metadata, each dataset's rows as CSV or JSON (streamed, any size),
 * DCAT-AP JSON-LD for harvesters, and an operator's replay of a dataset's publishing.
 */
@RestController
@RequestMapping("/api/v1")
@EnableConfigurationProperties(CatalogProperties.class)
public class CatalogController {

    private final ActiveConfig config;
    private final Access access;
    private final JdbcTemplate jdbc;
    private final PublishStateStore publishStates;
    private final DatasetPublisher publisher;
    private final AuditTrail audit;
    private final RowsExport export;
    private final Semaphore exports;

    public CatalogController(ActiveConfig config, Access access, JdbcTemplate jdbc, DataSource dataSource,
                             PublishStateStore publishStates, DatasetPublisher publisher, AuditTrail audit,
                             CatalogProperties props) {
        this.config = config;
        this.access = access;
        this.jdbc = jdbc;
        this.publishStates = publishStates;
        this.publisher = publisher;
        this.audit = audit;
        this.export = new RowsExport(dataSource, props.getFetchSize());
        this.exports = new Semaphore(Math.max(1, props.getMaxConcurrent()));
    }

    @Operation(summary = "The catalogue: every dataset with its metadata, fields, views, rows links and publishing",
            responses = @ApiResponse(responseCode = "200", description = "{\"items\": [datasets]}"))
    @GetMapping("/datasets")
    public Map<String, Object> list() {
        Map<String, OffsetDateTime> loaded = lastLoaded();
        List<Map<String, Object>> items = datasets().stream().map(d -> document(d, loaded.get(d.id()))).toList();
        return Map.of("items", items);
    }

    @Operation(summary = "One dataset of the catalogue, with its publishing status",
            responses = {@ApiResponse(responseCode = "200", description = "the dataset"),
                    @ApiResponse(responseCode = "404", description = "no such dataset")})
    @GetMapping("/datasets/{id}")
    public Map<String, Object> get(@PathVariable String id) {
        DatasetDef d = dataset(id);
        return document(d, lastLoaded().get(d.id()));
    }

    /**
     * The rows, streamed: {@code region} (a Kemendagri or BPS code: that region and those under it), {@code from} and
     * {@code to} (periods), {@code format} csv (default) or json. A regency reads its own regions' rows only.
     */
    @Operation(summary = "The dataset's rows (its _v view), streamed as CSV or JSON; a regency gets its own regions' rows",
            responses = {@ApiResponse(responseCode = "200", description = "the rows, in key order"),
                    @ApiResponse(responseCode = "400", description = "a parameter is not understood (format, region, from, to)"),
                    @ApiResponse(responseCode = "403", description = "an account that reads no rows"),
                    @ApiResponse(responseCode = "404", description = "no such dataset")})
    @GetMapping("/datasets/{id}/rows")
    public ResponseEntity<StreamingResponseBody> rows(@PathVariable String id,
                                                      @RequestParam(required = false) String region,
                                                      @RequestParam(required = false) String from,
                                                      @RequestParam(required = false) String to,
                                                      @RequestParam(defaultValue = "csv") String format) {
        DatasetDef d = dataset(id);
        RowsExport.Format f;
        try {
            f = RowsExport.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "parameter 'format': '" + AuditLog.clean(format) + "' is not csv or json");
        }
        if ((from != null || to != null) && d.periodField().isEmpty()) {
            throw new ApiException(400, "dataset '" + d.id() + "' has no period field; leave out 'from' and 'to'");
        }
        PeriodBound lo = from == null || from.isBlank() ? null : PeriodBound.parse("from", from);
        PeriodBound hi = to == null || to.isBlank() ? null : PeriodBound.parse("to", to);
        RowScope scope = RowScope.of(d, config.config().regions(), access.readsEveryRegion() ? java.util.Optional.empty()
                : java.util.Optional.of(access.regency().orElseThrow(() -> new ApiException(403, "your account reads no rows"))),
                region);
        RowsExport.Query q = RowsExport.query(d, scope, lo, hi);
        if (!exports.tryAcquire()) {
            return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "10").build();
        }
        StreamingResponseBody body = out -> {
            try {
                export.write(q, f, d.id(), out);
            } finally {
                exports.release();
            }
        };
        String file = d.id() + (scope.isAll() ? "" : "-" + scope.code()) + (f == RowsExport.Format.CSV ? ".csv" : ".json");
        return ResponseEntity.ok()
                .contentType(f == RowsExport.Format.CSV ? new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)
                        : MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, (f == RowsExport.Format.CSV ? "attachment" : "inline")
                        + "; filename=\"" + file + "\"")
                .body(body);
    }

    @Operation(summary = "The catalogue as DCAT-AP (JSON-LD)",
            responses = @ApiResponse(responseCode = "200", description = "a dcat:Catalog"))
    @GetMapping(value = "/catalog.jsonld", produces = {"application/ld+json", "application/json"})
    public ResponseEntity<String> catalog() throws com.fasterxml.jackson.core.JsonProcessingException {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        String body = DcatCatalog.JSON.writeValueAsString(DcatCatalog.of(base, datasets(), lastLoaded()));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/ld+json")).body(body);
    }

    /** Publish the dataset now (after a failure, without waiting for its backoff); {@code all=true} sends every row again. */
    @Operation(summary = "Publish the dataset to its CKAN portal now (operator; audited)",
            responses = {@ApiResponse(responseCode = "202", description = "publishing started"),
                    @ApiResponse(responseCode = "403", description = "operators only"),
                    @ApiResponse(responseCode = "404", description = "no such dataset"),
                    @ApiResponse(responseCode = "409", description = "the dataset has no publish: section")})
    @PostMapping("/datasets/{id}/publish")
    public ResponseEntity<Map<String, Object>> publish(@PathVariable String id,
                                                       @RequestParam(defaultValue = "false") boolean all) throws Exception {
        Map<String, Object> result = audit.around("dataset.publish", AuditTrail.params("dataset", id, "all", all), () -> {
            DatasetDef d = dataset(id);
            if (d.info().publish() == null) {
                throw new ApiException(409, "dataset '" + d.id() + "' has no publish: section in " + d.file()
                        + "; add publish: { ckan: { url, organization, package, api-key-env } }");
            }
            publisher.replay(d.id(), all);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", d.id());
            m.put("queued", true);
            m.put("allRows", all);
            m.put("publish", publishView(d));
            return m;
        }, m -> "queued" + (all ? ", every row" : ""));
        return ResponseEntity.accepted().body(result);
    }

    private Map<String, Object> document(DatasetDef d, OffsetDateTime lastLoadedAt) {
        return DatasetDocument.of(d, lastLoadedAt, publishView(d));
    }

    private Map<String, Object> publishView(DatasetDef d) {
        if (d.info().publish() == null) return null;
        return DatasetDocument.publish(d, publishStates.find(d.id()).orElse(null), publishStates.waitingBatches(d.id()).size(),
                access.isOperator());
    }

    private List<DatasetDef> datasets() {
        return config.config().datasets().values().stream().sorted(java.util.Comparator.comparing(DatasetDef::id)).toList();
    }

    private DatasetDef dataset(String id) {
        DatasetDef d = config.config().datasets().get(id);
        if (d == null) {
            throw new ApiException(404, "no dataset '" + AuditLog.clean(id) + "'; the catalogue is GET /api/v1/datasets");
        }
        return d;
    }

    /** When a batch last changed each dataset (from hub.batch: cheap, unlike max(_loaded_at) over a table). */
    private Map<String, OffsetDateTime> lastLoaded() {
        Map<String, OffsetDateTime> out = new HashMap<>();
        jdbc.query("""
                SELECT dataset_id, max(finished_at) FROM hub.batch
                WHERE status IN ('LOADED', 'LOADED_WITH_REJECTS') AND rows_loaded > 0 GROUP BY dataset_id""",
                rs -> { out.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class)); });
        return out;
    }
}
