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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
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
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import id.go.jatengprov.regencyhub.api.ApiErrors;
import id.go.jatengprov.regencyhub.config.ActiveConfig;

/**
 * Who may do what. Regencies log in with HTTP Basic as their BPS code ("3374"); operators as
 * "operator"; analysts, who read the datasets API and nothing else, as "analyst". A role without a configured password has no user, so no access. Only
 * {@code /actuator/health} is anonymous. Stateless: no session, no cookie, so no CSRF surface. Failed
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
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/sources/*/uploads").hasAnyRole("REGENCY", "OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/batches", "/api/v1/batches/**").hasAnyRole("REGENCY", "OPERATOR")
                        // The catalogue and the rows: a regency reads its own regions' rows (catalog/RowScope)
                        .requestMatchers(HttpMethod.GET, "/api/v1/datasets", "/api/v1/datasets/*", "/api/v1/datasets/*/rows",
                                "/api/v1/catalog.jsonld").hasAnyRole("REGENCY", "OPERATOR", "ANALYST")
                        // The API docs: /api/docs redirects to Swagger UI's page under /api/swagger-ui/, which reads
                        // its settings from <api-docs path>/swagger-config and then the description itself. Exactly
                        // these for regencies (ApiDocsForRegenciesTest), nothing more.
                        .requestMatchers(HttpMethod.GET, "/api/openapi.json", "/api/openapi.json/swagger-config", "/api/docs",
                                "/api/swagger-ui/**").hasAnyRole("REGENCY", "OPERATOR", "ANALYST")
                        .requestMatchers("/api/**", "/actuator/**").hasRole("OPERATOR")
                        .anyRequest().denyAll());
        return http.build();
    }

    private static void write(HttpServletResponse res, HttpServletRequest req, int status, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.getWriter().write(ApiErrors.json(status, message, req.getRequestURI()));
    }
}
