package id.go.jatengprov.regencyhub.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Plain HTTP calls to the test portal, to see its answers exactly as a client would. */
final class RawCkan {

    record Answer(int status, JsonNode body) {
        JsonNode result() { return body.path("result"); }
        JsonNode error() { return body.path("error"); }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String site;

    RawCkan(String site) {
        this.site = site;
    }

    Answer post(String action, String token, ObjectNode body) {
        return post(action, token, CkanJson.write(body));
    }

    Answer post(String action, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site + "/api/3/action/" + action))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", token);
        return send(b.build());
    }

    Answer get(String action, String token, String query) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site + "/api/3/action/" + action + "?" + query))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) b.header("Authorization", token);
        return send(b.build());
    }

    private Answer send(HttpRequest r) {
        try {
            HttpResponse<byte[]> resp = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(resp.statusCode(), CkanJson.parse(resp.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object from alternating keys and values (strings, numbers, booleans, nodes). */
    static ObjectNode json(Object... kv) {
        ObjectNode o = CkanJson.object();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], CkanJson.MAPPER.valueToTree(kv[i + 1]));
        }
        return o;
    }
}
