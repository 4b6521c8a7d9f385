package id.go.jatengprov.regencyhub.security;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.go.jatengprov.regencyhub.api.ApiException;

/**
 * The one place an action is audited: who, what, with which parameters, the outcome, when and from
 * where, as one line on logger {@code AUDIT} and one row in {@code hub.audit}. The row is written in a
 * transaction of its own; when the database is down the log line (a warning then, saying the row is
 * missing) is the record, and the action goes on. Parameters are what the caller passes: never put a
 * secret in them.
 */
@Component
public class AuditTrail {

    private static final Logger audit = LoggerFactory.getLogger("AUDIT");
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Outcome {
        OK, REFUSED, FAILED;

        public String word() { return name().toLowerCase(Locale.ROOT); }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager tx) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(tx);
        // A failing action's rollback must not take its audit row with it.
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Records an action of the current caller (user and address from the current request). */
    public void record(String action, Map<String, ?> params, Outcome outcome, String detail) {
        HttpServletRequest req = currentRequest();
        record(currentUser(), action, params, outcome, detail, req == null ? null : req.getRemoteAddr());
    }

    /** Records an action with the actor and client given (e.g. a login, before anyone is authenticated). */
    public void record(String actor, String action, Map<String, ?> params, Outcome outcome, String detail, String client) {
        String who = AuditLog.clean(actor == null || actor.isBlank() ? "anonymous" : actor);
        String json = json(params);
        String what = AuditLog.clean(detail);
        String from = client == null ? "-" : client;
        try {
            ownTransaction.executeWithoutResult(s -> jdbc.update(
                    "INSERT INTO hub.audit (actor, action, params, outcome, detail, client) VALUES (?, ?, ?::jsonb, ?, ?, ?)",
                    who, action, json, outcome.word(), detail == null ? null : what, client));
        } catch (RuntimeException e) {
            // One line either way: the log line is then the only record, and says so.
            audit.warn("{} {}: user={} from={} params={} detail={} (not stored in hub.audit: {})", action, outcome.word(), who,
                    from, json, what, AuditLog.clean(e.getMessage()));
            return;
        }
        audit.info("{} {}: user={} from={} params={} detail={}", action, outcome.word(), who, from, json, what);
    }

    /**
     * Runs an action and records its outcome: {@code ok} with {@code detail(result)}, {@code refused} with
     * the message of an {@link ApiException} (a 4xx), {@code failed} with the error's type and message.
     * The action's own result or exception is passed on unchanged.
     */
    public <T> T around(String action, Map<String, ?> params, Callable<T> work, Function<T, String> detail) throws Exception {
        T result;
        try {
            result = work.call();
        } catch (ApiException e) {
            record(action, params, e.status() < 500 ? Outcome.REFUSED : Outcome.FAILED, e.status() + " " + e.getMessage());
            throw e;
        } catch (Exception e) {
            record(action, params, Outcome.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
        record(action, params, Outcome.OK, detail.apply(result));
        return result;
    }

    /** Parameters without the nulls: {@code params("batch", 7, "messageId", null)} is {"batch":7}. */
    public static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) m.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return m;
    }

    private static String json(Map<String, ?> params) {
        try {
            // JSON escapes control characters, so the log line stays one line.
            return JSON.writeValueAsString(params == null ? Map.of() : params);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private static String currentUser() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || !a.isAuthenticated() || a instanceof AnonymousAuthenticationToken ? "anonymous" : a.getName();
    }

    static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a ? a.getRequest() : null;
    }
}
