package id.go.jatengprov.regencyhub.intake.upload;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import id.go.jatengprov.regencyhub.api.ApiException;
import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.Origin;
import id.go.jatengprov.regencyhub.config.ActiveConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;
import id.go.jatengprov.regencyhub.intake.ContentCheck;
import id.go.jatengprov.regencyhub.intake.IntakeService;
import id.go.jatengprov.regencyhub.intake.LandingStore;
import id.go.jatengprov.regencyhub.security.Access;
import id.go.jatengprov.regencyhub.security.AuditLog;
import id.go.jatengprov.regencyhub.security.AuditTrail;

/**
 * {@code POST /api/v1/sources/{id}/uploads}: the file as the body ({@code text/csv}, {@code application/json}, an
 * Excel workbook) or as the one part of a multipart form. The bytes stream to the landing
 * area (never held whole in memory); the answer comes once they are safely on disk, and normalising
 * and loading go on in the background.
 */
@RestController
@RequestMapping("/api/v1/sources")
public class UploadController {

    /** An Excel workbook (.xlsx), as a body or as the file part's type. */
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** The workbook types are taken so that the reader can answer: an .xls gets its reason, not a 415. */
    static final Set<String> BODY_TYPES = Stream.concat(
            Stream.of("text/csv", "application/json", "text/plain", "application/csv"),
            ContentCheck.WORKBOOK_TYPES.stream()).collect(Collectors.toUnmodifiableSet());

    private final IntakeService intake;
    private final Access access;
    private final AuditTrail trail;
    private final UploadProperties limits;
    private final UploadQuota quota;
    private final ActiveConfig config;

    public UploadController(IntakeService intake, Access access, AuditTrail trail, UploadProperties limits,
                            UploadQuota quota, ActiveConfig config) {
        this.trail = trail;
        this.intake = intake;
        this.access = access;
        this.limits = limits;
        this.quota = quota;
        this.config = config;
    }

    @PostMapping("/{id}/uploads")
    @Operation(summary = "Upload a file of the source",
            description = "The file as the body (text/csv, application/json, an .xlsx workbook) or as the one part"
                    + " 'file' of a multipart form. The answer comes once the bytes are kept; normalising and loading go"
                    + " on in the background: follow GET /api/v1/batches/{batch}.",
            requestBody = @RequestBody(required = true, description = "the file, at most hub.upload.max-size", content = {
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "application/json", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "multipart/form-data", schema = @Schema(type = "object", requiredProperties = "file"),
                            schemaProperties = @SchemaProperty(name = "file",
                                    schema = @Schema(type = "string", format = "binary", description = "the file")))}),
            responses = {
                    @ApiResponse(responseCode = "202", description = "kept as a new batch: {\"batch\": \"12\", \"status\": \"ACCEPTED\"}"),
                    @ApiResponse(responseCode = "200", description = "the same bytes were received before:"
                            + " {\"batch\": \"13\", \"status\": \"DUPLICATE\", \"duplicateOf\": \"12\"}; nothing loads"),
                    @ApiResponse(responseCode = "400", description = "an empty body, or a multipart form without exactly one file part"),
                    @ApiResponse(responseCode = "404", description = "no such source, or one the caller may not upload to"),
                    @ApiResponse(responseCode = "413", description = "larger than hub.upload.max-size"),
                    @ApiResponse(responseCode = "415", description = "a content type that is not accepted, or content that is"
                            + " not what it says (a PNG, a ZIP or an HTML page sent as CSV)")})
    public ResponseEntity<Map<String, Object>> upload(@PathVariable String id, HttpServletRequest req) throws Exception {
        return trail.around("upload", Map.of("source", AuditLog.clean(id)), () -> land(id, req),
                r -> "batch " + r.getBody().get("batch") + " " + r.getBody().get("status"));
    }

    private ResponseEntity<Map<String, Object>> land(String id, HttpServletRequest req) throws Exception {
        if (!access.mayUse(id)) {
            throw new ApiException(404, "no source '" + AuditLog.clean(id) + "' that you may upload to");
        }
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
        String mime = type.split(";")[0].trim();
        long max = limits.getMaxSize().toBytes();
        if (req.getContentLengthLong() > max) {
            throw new ApiException(413, "the upload is " + req.getContentLengthLong() + " bytes; the limit is " + max);
        }
        InputStream body;
        String fileName = null;
        String declared;
        if (mime.equals("multipart/form-data")) {
            var parts = req.getParts().stream().filter(p -> p.getSubmittedFileName() != null || p.getSize() > 0).toList();
            if (parts.size() != 1) {
                throw new ApiException(400, "a multipart upload must carry exactly one file part, it has " + parts.size());
            }
            Part part = parts.get(0);
            fileName = safeName(part.getSubmittedFileName());
            declared = part.getContentType() == null ? "text/csv" : part.getContentType().toLowerCase(Locale.ROOT).split(";")[0].trim();
            if (!BODY_TYPES.contains(declared) && !declared.equals("application/octet-stream")) {
                throw new ApiException(415, "the file part is " + AuditLog.clean(declared) + "; send text/csv, application/json"
                        + " or an Excel workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)");
            }
            body = part.getInputStream();
        } else if (BODY_TYPES.contains(mime)) {
            declared = mime;
            body = req.getInputStream();
        } else {
            throw new ApiException(415, "content type '" + AuditLog.clean(mime) + "' is not accepted; send text/csv, "
                    + "application/json, an Excel workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)"
                    + " or multipart/form-data");
        }
        BufferedInputStream in = new BufferedInputStream(body, 64 * 1024);
        in.mark(8192);
        byte[] head = new byte[8192];
        int n = in.readNBytes(head, 0, head.length);
        in.reset();
        String problem = ContentCheck.check(head, n, declared, intake.sourceFormat(id));
        if (problem != null) {
            throw new ApiException(n == 0 ? 400 : 415, problem);
        }
        BatchStore.Registration reg;
        SourceDef source = config.config().source(id).orElseThrow(() -> new ApiException(404, "no source '"
                + AuditLog.clean(id) + "' that you may upload to"));
        try (UploadQuota.Room room = quota.reserve(source, req.getContentLengthLong())) {
            try {
                reg = intake.land(id, in, fileName, Origin.UPLOAD, access.who(), room.limit());
            } catch (LandingStore.TooLargeException e) {
                throw room.limitedByQuota() ? room.exceeded() : new ApiException(413, e.getMessage());
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("batch", String.valueOf(reg.batchId()));
        if (reg.outcome() == BatchStore.Outcome.DUPLICATE) {
            answer.put("status", "DUPLICATE");
            answer.put("duplicateOf", String.valueOf(reg.duplicateOf()));
            return ResponseEntity.ok(answer);
        }
        intake.processLater(reg.batchId());
        answer.put("status", "ACCEPTED");
        return ResponseEntity.accepted().body(answer);
    }

    /** A client's file name is kept as a label only: no path, no control characters, bounded length. */
    static String safeName(String submitted) {
        if (submitted == null) return null;
        String base = submitted.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "");
        if (base.isBlank() || base.equals(".") || base.equals("..")) return null;
        return base.length() > 200 ? base.substring(0, 200) : base;
    }
}
