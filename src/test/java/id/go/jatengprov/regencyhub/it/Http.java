package id.go.jatengprov.regencyhub.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small real HTTP client for tests: the hub's API on loopback. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private String user;
    private String password;

    Http(int port) {
        this.port = port;
    }

    Http as(String user, String password) {
        Http h = new Http(port);
        h.user = user;
        h.password = password;
        return h;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.build());
    }

    /** Any method, with headers given as name, value, name, value... */
    HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest r) throws Exception {
        return CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data body with one file part. */
    static byte[] multipart(String boundary, String fileName, String partType, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + partType + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8), t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + content.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(content, 0, out, h.length, content.length);
        System.arraycopy(t, 0, out, h.length + content.length, t.length);
        return out;
    }
}
