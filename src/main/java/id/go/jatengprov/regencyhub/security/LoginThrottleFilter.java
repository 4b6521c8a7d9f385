package id.go.jatengprov.regencyhub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import id.go.jatengprov.regencyhub.api.ApiErrors;

/**
 * Before Basic authentication: a held (user, address) gets 429 with Retry-After, and its password is
 * not checked at all, so guessing costs the attacker the delay whatever the guess.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final AuditTrail trail;

    LoginThrottleFilter(LoginThrottle throttle, AuditTrail trail) {
        this.throttle = throttle;
        this.trail = trail;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String user = basicUser(req.getHeader(HttpHeaders.AUTHORIZATION));
        Optional<Duration> wait = user == null ? Optional.empty() : throttle.held(user, req.getRemoteAddr());
        if (wait.isEmpty()) {
            chain.doFilter(req, res);
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        trail.record(user, "login", AuditTrail.params("request", req.getMethod() + " " + AuditLog.clean(req.getRequestURI())),
                AuditTrail.Outcome.REFUSED, "throttled after repeated failed logins; held " + seconds + " s more",
                req.getRemoteAddr());
        res.setStatus(429);
        res.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        res.setContentType("application/json");
        res.getWriter().write(ApiErrors.json(429, "too many failed logins for this user from this address; the password"
                + " was not checked. Try again in " + seconds + " s", req.getRequestURI()));
    }

    /** The user name of a Basic Authorization header, or null when there is none or it does not decode. */
    static String basicUser(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
