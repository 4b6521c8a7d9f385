package id.go.jatengprov.regencyhub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The console's form login over plain HTTP: nothing without a session, CSRF tokens on every POST (forms and the
 * scripts' API calls), the security headers, and the failed-login throttle, the same as for Basic.
 */
class ConsoleLoginTest extends ConsoleTestSupport {

    /** A browser without a browser: a cookie jar, no redirects followed. */
    private final class Session {
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> get(String path, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
            for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The login form's CSRF token (a fresh session's). */
        String formToken() throws Exception {
            return field(get("/console/login").body(), "name=\"_csrf\" value=\"([^\"]+)\"");
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            return post("/console/login", "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(formToken()));
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void nothingWithoutASessionAndEveryPostNeedsItsToken() throws Exception {
        Session s = new Session();
        HttpResponse<String> page = s.get("/console/completeness");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/console/login");
        assertThat(s.get("/").headers().firstValue("Location").orElseThrow()).endsWith("/console/login");

        // The session that remembers where to go after the login: its cookie is not for scripts nor for other sites.
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("JSESSIONID=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");

        // A login without the form's token is refused, whatever the password.
        assertThat(s.post("/console/login", "username=operator&password=" + enc(OPERATOR_PASSWORD)).statusCode()).isEqualTo(403);
        HttpResponse<String> in = s.login("operator", OPERATOR_PASSWORD);
        assertThat(in.statusCode()).isEqualTo(302);
        assertThat(in.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

        page = s.get("/console/completeness");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Kelengkapan data");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).doesNotContain("<script>", " style=\"", "<style");

        // The scripts' API calls ride on the session: a GET as is, a POST only with the page's token in a header.
        assertThat(s.get("/api/v1/completeness?dataset=births").statusCode()).isEqualTo(200);
        assertThat(s.post("/api/v1/dead-letters/replay", "").statusCode()).isEqualTo(403);
        String token = field(page.body(), "name=\"_csrf\" content=\"([^\"]+)\"");
        String header = field(page.body(), "name=\"_csrf_header\" content=\"([^\"]+)\"");
        HttpResponse<String> replay = s.post("/api/v1/dead-letters/replay", "", header, token);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("\"replayed\":0");

        // After logging out, the session is gone: the API answers 401 JSON to the old cookie, pages send to the login.
        assertThat(s.post("/console/logout", "_csrf=" + enc(token)).statusCode()).isEqualTo(302);
        HttpResponse<String> after = s.get("/api/v1/completeness");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("\"status\":401");
        assertThat(s.get("/console/batches").statusCode()).isEqualTo(302);
    }

    @Test
    void aRegencyMayNotUseTheOperatorsPages() throws Exception {
        Session s = new Session();
        assertThat(s.login("3374", SEMARANG_PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        assertThat(s.get("/console/dead-letters").statusCode()).isEqualTo(403);
        assertThat(s.get("/api/v1/sources").statusCode()).isEqualTo(403);
        assertThat(s.get("/console/sources").statusCode()).isEqualTo(200);
    }

    @Test
    void repeatedFailedFormLoginsAreHeldLikeBasicOnes() throws Exception {
        Session s = new Session();
        String user = "form-throttle-" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(s.login(user, "wrong-" + i).headers().firstValue("Location").orElseThrow()).endsWith("/console/login?error");
        }
        HttpResponse<String> held = s.login(user, "wrong-again");
        assertThat(held.headers().firstValue("Location").orElseThrow()).contains("/console/login?held=");
        assertThat(held.headers().firstValue("Retry-After")).isPresent();
        String page = s.get(held.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).body();
        assertThat(page).contains("Terlalu banyak percobaan gagal");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.audit WHERE actor = ? AND action = 'login' AND outcome = 'refused'"
                + " AND detail LIKE 'throttled%'", Long.class, user)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.audit WHERE actor = ? AND action = 'login' AND outcome = 'refused'"
                + " AND detail LIKE 'authentication failed%'", Long.class, user)).isEqualTo(5);
    }

    private static String field(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        if (!m.find()) throw new AssertionError("no " + regex + " in the page");
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
