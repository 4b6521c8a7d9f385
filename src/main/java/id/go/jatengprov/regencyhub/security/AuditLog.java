package id.go.jatengprov.regencyhub.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.stereotype.Component;

/**
 * Refusals for the audit trail: every failed authentication and every refused request, with who,
 * what, when and from where, through {@link AuditTrail} (log line on "AUDIT" and a row in hub.audit).
 * Never a password or an Authorization header.
 */
@Component
public class AuditLog {

    private final AuditTrail trail;

    public AuditLog(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    public void authenticationFailed(AbstractAuthenticationFailureEvent e) {
        HttpServletRequest req = AuditTrail.currentRequest();
        trail.record(e.getAuthentication().getName(), "login", AuditTrail.params("request", describe(req)),
                AuditTrail.Outcome.REFUSED, "authentication failed: " + e.getException().getClass().getSimpleName(),
                req == null ? null : req.getRemoteAddr());
    }

    public void refused(HttpServletRequest req, String who, int status, String why) {
        trail.record(who, "request", AuditTrail.params("request", describe(req), "status", status),
                AuditTrail.Outcome.REFUSED, "refused " + status + ": " + why, req.getRemoteAddr());
    }

    public void unauthenticated(HttpServletRequest req) {
        trail.record(null, "request", AuditTrail.params("request", describe(req), "status", 401),
                AuditTrail.Outcome.REFUSED, "refused 401: no credentials", req.getRemoteAddr());
    }

    private static String describe(HttpServletRequest req) {
        return req == null ? "?" : req.getMethod() + " " + clean(req.getRequestURI());
    }

    /** Keeps log lines single and short whatever a client sends. */
    public static String clean(String s) {
        if (s == null) return "-";
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
