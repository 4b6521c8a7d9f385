package id.go.jatengprov.regencyhub.security;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The audit trail: every failed authentication and every refused request, with who, what, when (the
 * log line's time) and from where. Never a password or an Authorization header. Logger name "AUDIT",
 * so it can be routed to its own file.
 */
@Component
public class AuditLog {

    private static final Logger audit = LoggerFactory.getLogger("AUDIT");

    @EventListener
    public void authenticationFailed(AbstractAuthenticationFailureEvent e) {
        HttpServletRequest req = currentRequest();
        audit.warn("authentication failed: user={} reason={} request={} from={}", clean(e.getAuthentication().getName()),
                e.getException().getClass().getSimpleName(), describe(req), req == null ? "?" : req.getRemoteAddr());
    }

    public void refused(HttpServletRequest req, String who, int status, String why) {
        audit.warn("refused {}: user={} request={} from={} reason={}", status, clean(who), describe(req),
                req.getRemoteAddr(), why);
    }

    public void unauthenticated(HttpServletRequest req) {
        audit.warn("refused 401: no credentials request={} from={}", describe(req), req.getRemoteAddr());
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

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a ? a.getRequest() : null;
    }
}
