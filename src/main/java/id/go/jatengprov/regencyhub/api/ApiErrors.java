package id.go.jatengprov.regencyhub.api;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.JmsException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors as JSON with a stable shape: status, error, message, path. Never a stack trace. A client's
 * mistake is a 4xx saying what to send instead (logged at debug only); a database or broker that is
 * down is 503 with Retry-After (one warning line); only a fault of the hub itself is a 500 with its
 * stack trace in the log.
 */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** Seconds a client should wait before trying again while the database or the broker is down. */
    static final int RETRY_AFTER_SECONDS = 30;

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest req) {
        ResponseEntity<Map<String, Object>> r = body(e.status(), e.getMessage(), req);
        if (e.headers().isEmpty()) return r;
        HttpHeaders h = new HttpHeaders();
        h.putAll(r.getHeaders());
        e.headers().forEach(h::set);
        return ResponseEntity.status(e.status()).headers(h).body(r.getBody());
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    public ResponseEntity<Map<String, Object>> unknownPath(Exception e, HttpServletRequest req) {
        return client(404, "no such endpoint: " + req.getMethod() + " " + clean(req.getRequestURI())
                + "; the API is described at /api/openapi.json", req, e);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest req) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : String.join(", ",
                e.getSupportedHttpMethods().stream().map(Object::toString).toList());
        ResponseEntity<Map<String, Object>> r = client(405, req.getMethod() + " is not allowed on " + clean(req.getRequestURI())
                + (allowed.isEmpty() ? "" : "; use " + allowed), req, e);
        return ResponseEntity.status(405).header(HttpHeaders.ALLOW, allowed).contentType(MediaType.APPLICATION_JSON).body(r.getBody());
    }

    @ExceptionHandler(TypeMismatchException.class)
    public ResponseEntity<Map<String, Object>> badParameter(TypeMismatchException e, HttpServletRequest req) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return client(400, "parameter '" + name + "': '" + clean(String.valueOf(e.getValue())) + "' is not "
                + ApiParameters.expected(e.getRequiredType()), req, e);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException e, HttpServletRequest req) {
        return client(400, "parameter '" + e.getParameterName() + "' is required (" + e.getParameterType() + ")", req, e);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public ResponseEntity<Map<String, Object>> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest req) {
        return client(413, "the upload is larger than the limit of " + (e.getMaxUploadSize() > 0 ? e.getMaxUploadSize() + " bytes"
                : "hub.upload.max-size") + "; split the file or ask the operator to raise hub.upload.max-size", req, e);
    }

    @ExceptionHandler(MultipartException.class)
    public ResponseEntity<Map<String, Object>> badMultipart(MultipartException e, HttpServletRequest req) {
        return client(400, "the multipart body could not be read: " + clean(rootMessage(e))
                + "; send one file part (curl -F file=@name.csv)", req, e);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest req) {
        return client(415, "content type '" + e.getContentType() + "' is not accepted here; send one of "
                + e.getSupportedMediaTypes(), req, e);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> other(Exception e, HttpServletRequest req) {
        String outage = outage(e);
        if (outage != null) {
            log.warn("{} {}: 503, {} is unavailable ({})", req.getMethod(), clean(req.getRequestURI()), outage, clean(rootMessage(e)));
            return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_JSON).body(shape(503, "the " + outage + " is unavailable; try again in "
                            + RETRY_AFTER_SECONDS + " s (the hub's health shows when it is back)", req.getRequestURI()));
        }
        if (e instanceof ErrorResponse er && er.getStatusCode().is4xxClientError()) {
            // Spring's own client errors (406, a bad request body...): their status, our shape.
            ResponseEntity<Map<String, Object>> r = client(er.getStatusCode().value(), clean(er.getBody().getDetail()), req, e);
            return ResponseEntity.status(er.getStatusCode()).headers(er.getHeaders()).contentType(MediaType.APPLICATION_JSON)
                    .body(r.getBody());
        }
        log.error("Request {} {} failed", req.getMethod(), req.getRequestURI(), e);
        return body(500, "internal error; the hub's log has the details (time " + OffsetDateTime.now() + ")", req);
    }

    /** "database" or "message broker" when the cause is one of them being down or unreachable, else null. */
    static String outage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return "database";
            }
            if (t instanceof JmsException || t instanceof jakarta.jms.JMSException) {
                return "message broker";
            }
        }
        return null;
    }

    private static ResponseEntity<Map<String, Object>> client(int status, String message, HttpServletRequest req, Exception e) {
        log.debug("{} {}: {} {}", req.getMethod(), clean(req.getRequestURI()), status, e.toString());
        return body(status, message, req);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String clean(String s) {
        return id.go.jatengprov.regencyhub.security.AuditLog.clean(s);
    }

    static ResponseEntity<Map<String, Object>> body(int status, String message, HttpServletRequest req) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(shape(status, message, req.getRequestURI()));
    }

    static Map<String, Object> shape(int status, String message, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        HttpStatus hs = HttpStatus.resolve(status);
        m.put("error", hs == null ? "Error" : hs.getReasonPhrase());
        m.put("message", message);
        m.put("path", path);
        return m;
    }

    /** The same shape, for places where no message converter runs (security filters). */
    public static String json(int status, String message, String path) {
        try {
            return JSON.writeValueAsString(shape(status, message, path));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
