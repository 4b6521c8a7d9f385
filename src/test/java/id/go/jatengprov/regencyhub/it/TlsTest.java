package id.go.jatengprov.regencyhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * TLS on the hub's own port with Spring Boot's server.ssl.* and a PKCS#12 keystore made at test time:
 * a regency uploads a CSV over HTTPS and it loads; plain HTTP to that port gets no API answer; and a
 * hub with TLS does not warn about passwords in clear.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsTest {

    static final String STORE_PASSWORD = "test-keystore-pass";
    static Path keystore;
    static OwnHub hub;
    static String startLog;

    @BeforeAll
    static void start(CapturedOutput output) throws Exception {
        keystore = Files.createTempDirectory("regency-hub-tls-").resolve("hub.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hub", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        hub = OwnHub.start("server.ssl.key-store=" + keystore, "server.ssl.key-store-type=PKCS12",
                "server.ssl.key-store-password=" + STORE_PASSWORD, "server.ssl.key-alias=hub");
        startLog = output.getAll();
    }

    @AfterAll
    static void stop() throws IOException {
        hub.close();
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(keystore.getParent());
    }

    @Test
    void aRegencyUploadsOverHttpsAndTheRowsLoad() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "https://localhost:" + hub.port();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("3374:" + OwnHub.SEMARANG_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sources/semarang-population/uploads"))
                .header("Authorization", auth).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(UploadAndAuthorisationTest.SEMARANG_CSV)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        String batch = r.body().replaceAll(".*\"batch\":\"(\\d+)\".*", "$1");
        HttpRequest status = HttpRequest.newBuilder(URI.create(base + "/api/v1/batches/" + batch)).header("Authorization", auth).build();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                client.send(status, HttpResponse.BodyHandlers.ofString()).body().contains("\"status\":\"LOADED\""));
        assertThat(client.send(status, HttpResponse.BodyHandlers.ofString()).body()).contains("\"loaded\":4");
    }

    @Test
    void plainHttpToTheTlsPortGetsNoApiAnswer() throws Exception {
        HttpResponse<String> r;
        try {
            r = new Http(hub.port()).as("3374", OwnHub.SEMARANG_PASSWORD).get("/api/v1/batches");
        } catch (IOException refused) {
            return; // the connection was closed: no answer at all
        }
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("\"items\"").containsIgnoringCase("TLS");
    }

    @Test
    void aHubWithTlsDoesNotWarnAboutPasswordsInClear() {
        assertThat(startLog).contains("Tomcat started on port").doesNotContain("Passwords travel in clear");
        assertThat(List.of(startLog.split("\n"))).anyMatch(l -> l.contains("Tomcat started") && l.contains("https"));
    }

    static SSLContext trusting(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
