package id.go.jatengprov.regencyhub.security;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import id.go.jatengprov.regencyhub.api.ApiErrors;
import id.go.jatengprov.regencyhub.config.ActiveConfig;

/**
 * Who may do what. Regencies log in with HTTP Basic as their BPS code ("3374"); operators as
 * "operator"; analysts, who read the datasets API and nothing else, as "analyst". A role without a configured
 * password has no user, so no access. Only {@code /actuator/health} is anonymous. The API is stateless: no session,
 * no cookie, so no CSRF surface; the console ({@link #console}) is the one place with a session, and it checks CSRF
 * tokens. Failed
 * logins are throttled ({@link LoginThrottle}); what is not allowed is denied, and a path that nothing
 * serves is 404 for a logged-in caller (401 for an anonymous one).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    @Bean
    public PasswordEncoder passwordEncoder() {
        return new HubPasswordEncoder();
    }

    @Bean
    public UserDetailsService users(SecurityProperties props, ActiveConfig config) {
        List<UserDetails> users = new ArrayList<>();
        if (props.getOperator().isSet()) {
            users.add(User.withUsername("operator").password(HubPasswordEncoder.stored(props.getOperator().getPassword()))
                    .authorities(Access.OPERATOR).build());
        }
        if (props.getAnalystApi().isSet()) {
            // Reads every dataset and writes nothing; its own password, not the database role's (docs/security.md)
            users.add(User.withUsername("analyst").password(HubPasswordEncoder.stored(props.getAnalystApi().getPassword()))
                    .authorities(Access.ANALYST).build());
        }
        for (Map.Entry<String, SecurityProperties.Credential> e : props.getRegencies().entrySet()) {
            if (!e.getValue().isSet()) continue;
            String code = config.config().regions().toKemendagriRegencyOrProvince(e.getKey()).orElseThrow(() ->
                    new IllegalStateException("hub.security.regencies." + e.getKey()
                            + ": not a Jawa Tengah regency code; use the BPS code, e.g. 3374"));
            List<GrantedAuthority> auth = List.of(new SimpleGrantedAuthority(Access.REGENCY),
                    new SimpleGrantedAuthority(Access.REGENCY_PREFIX + code));
            users.add(User.withUsername(e.getKey()).password(HubPasswordEncoder.stored(e.getValue().getPassword()))
                    .authorities(auth).build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    public LoginThrottle loginThrottle(SecurityProperties props) {
        return new LoginThrottle(props.getLogin(), Clock.systemUTC());
    }

    @Bean
    @Order(2)
    public SecurityFilterChain api(HttpSecurity http, AuditLog audit, AuditTrail trail, LoginThrottle throttle,
                                   ObjectProvider<HandlerMappingIntrospector> handlers) throws Exception {
        AuthenticationEntryPoint unauthenticated = (req, res, ex) -> {
            // A wrong password was audited as a failed login already; this is a request without credentials.
            if (LoginThrottleFilter.basicUser(req.getHeader(HttpHeaders.AUTHORIZATION)) == null) audit.unauthenticated(req);
            res.setHeader("WWW-Authenticate", "Basic realm=\"regency-hub\"");
            write(res, req, 401, "authentication required: HTTP Basic with your regency's BPS code (or 'operator') and its password");
        };
        AccessDeniedHandler denied = (req, res, ex) -> {
            // A path nothing serves is 404 for anyone logged in, whatever the rule that caught it.
            if (!KnownPaths.served(handlers.getObject(), req)) {
                write(res, req, 404, "no such endpoint: " + req.getMethod() + " " + AuditLog.clean(req.getRequestURI())
                        + "; the API is described at /api/openapi.json");
                return;
            }
            audit.refused(req, req.getRemoteUser(), 403, "role not allowed");
            write(res, req, 403, "your account may not use this endpoint");
        };
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.realmName("regency-hub").authenticationEntryPoint(unauthenticated))
                .addFilterBefore(new LoginThrottleFilter(throttle, trail), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; frame-ancestors 'none'")))
                .authorizeHttpRequests(a -> apiRules(a).anyRequest().denyAll());
        return http.build();
    }

    /** Who may call which API endpoint: the same rules whether the caller logged in with Basic or through the console. */
    private static AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry apiRules(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a) {
        return a.requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                .requestMatchers("/error").permitAll()
                .requestMatchers(HttpMethod.POST, "/api/v1/sources/*/uploads").hasAnyRole("REGENCY", "OPERATOR")
                .requestMatchers(HttpMethod.GET, "/api/v1/batches", "/api/v1/batches/**").hasAnyRole("REGENCY", "OPERATOR")
                .requestMatchers(HttpMethod.GET, "/api/v1/completeness").hasAnyRole("REGENCY", "OPERATOR")
                // The catalogue and the rows: a regency reads its own regions' rows (catalog/RowScope)
                .requestMatchers(HttpMethod.GET, "/api/v1/datasets", "/api/v1/datasets/*", "/api/v1/datasets/*/rows",
                        "/api/v1/catalog.jsonld").hasAnyRole("REGENCY", "OPERATOR", "ANALYST")
                // The API docs: /api/docs redirects to Swagger UI's page under /api/swagger-ui/, which reads
                // its settings from <api-docs path>/swagger-config and then the description itself. Exactly
                // these for regencies (ApiDocsForRegenciesTest), nothing more.
                .requestMatchers(HttpMethod.GET, "/api/openapi.json", "/api/openapi.json/swagger-config", "/api/docs",
                        "/api/swagger-ui/**").hasAnyRole("REGENCY", "OPERATOR", "ANALYST")
                .requestMatchers("/api/**", "/actuator/**").hasRole("OPERATOR");
    }

    /**
     * The console in a browser: form login with a session (the same users and passwords as the API), CSRF
     * tokens on every POST, and the failed-login throttle before the password is checked. It serves the pages
     * under /console, and the API for a browser that has a console session and sends no Authorization header
     * (the console's scripts poll batches and post uploads through it, under the API's own rules). Everything
     * else, Basic callers included, stays with the stateless {@link #api} chain.
     */
    @Bean
    @Order(1)
    public SecurityFilterChain console(HttpSecurity http, AuditLog audit, AuditTrail trail, LoginThrottle throttle,
                                       ObjectProvider<HandlerMappingIntrospector> handlers) throws Exception {
        RequestMatcher pages = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.equals("/") || path.equals("/console") || path.startsWith("/console/");
        };
        RequestMatcher apiWithSession = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return (path.startsWith("/api/") || path.startsWith("/actuator/")) && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                    && request.getRequestedSessionId() != null;
        };
        AuthenticationEntryPoint apiUnauthenticated = (req, res, ex) ->
                write(res, req, 401, "authentication required: your console session has ended; log in again at /console/login");
        AccessDeniedHandler denied = (req, res, ex) -> {
            if (apiWithSession.matches(req) && !KnownPaths.served(handlers.getObject(), req)) {
                write(res, req, 404, "no such endpoint: " + req.getMethod() + " " + AuditLog.clean(req.getRequestURI()));
                return;
            }
            boolean csrf = ex instanceof org.springframework.security.web.csrf.CsrfException;
            audit.refused(req, req.getRemoteUser(), 403, csrf ? "missing or wrong CSRF token" : "role not allowed");
            write(res, req, 403, csrf ? "the form's security token is missing or has expired; reload the page and try again"
                    : "your account may not use this page");
        };
        http.securityMatcher(new OrRequestMatcher(pages, apiWithSession))
                .formLogin(f -> f.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .defaultSuccessUrl("/console/", false).failureUrl("/console/login?error").permitAll())
                .logout(l -> l.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                .addFilterBefore(new FormLoginThrottleFilter(throttle, trail, "/console/login"),
                        UsernamePasswordAuthenticationFilter.class)
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(apiUnauthenticated, apiWithSession)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/console/login"), pages)
                        .accessDeniedHandler(denied))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_CSP)))
                .authorizeHttpRequests(a -> apiRules(a
                        .requestMatchers(HttpMethod.GET, "/console/login", "/console/assets/**").permitAll()
                        .requestMatchers("/console/dead-letters", "/console/dead-letters/**", "/console/sources/*/run")
                                .hasRole("OPERATOR"))
                        .requestMatchers("/", "/console", "/console/**").hasAnyRole("REGENCY", "OPERATOR")
                        .anyRequest().denyAll());
        return http.build();
    }

    /** Every script, style, image and form target is the hub's own; nothing inline, nothing framed. */
    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static void write(HttpServletResponse res, HttpServletRequest req, int status, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.getWriter().write(ApiErrors.json(status, message, req.getRequestURI()));
    }
}
