package id.go.jatengprov.regencyhub.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's login form under the same {@link LoginThrottle} as Basic logins: a held (user, address) is sent
 * back to the login page with how long to wait, and its password is not checked at all. Failures and successes
 * are counted by the throttle's own listeners, as for Basic.
 */
class FormLoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final AuditTrail trail;
    private final String loginPath;

    FormLoginThrottleFilter(LoginThrottle throttle, AuditTrail trail, String loginPath) {
        this.throttle = throttle;
        this.trail = trail;
        this.loginPath = loginPath;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        String user = "POST".equals(req.getMethod()) && path.equals(loginPath) ? req.getParameter("username") : null;
        Optional<Duration> wait = user == null || user.isEmpty() ? Optional.empty() : throttle.held(user, req.getRemoteAddr());
        if (wait.isEmpty()) {
            chain.doFilter(req, res);
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        trail.record(user, "login", AuditTrail.params("request", "POST " + loginPath), AuditTrail.Outcome.REFUSED,
                "throttled after repeated failed logins; held " + seconds + " s more", req.getRemoteAddr());
        res.setHeader("Retry-After", String.valueOf(seconds));
        res.sendRedirect(req.getContextPath() + loginPath + "?held=" + seconds);
    }
}
