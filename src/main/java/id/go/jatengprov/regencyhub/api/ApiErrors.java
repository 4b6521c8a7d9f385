package id.go.jatengprov.regencyhub.api;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors as JSON with a stable shape: status, error, message, path. Never a stack trace. */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest req) {
        return body(e.status(), e.getMessage(), req);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> other(Exception e, HttpServletRequest req) {
        log.error("Request {} {} failed", req.getMethod(), req.getRequestURI(), e);
        return body(500, "internal error; the hub's log has the details (time " + OffsetDateTime.now() + ")", req);
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
