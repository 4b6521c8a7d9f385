package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;

import id.go.jatengprov.regencyhub.normalise.read.FormatSniffer;

/** What a portal sends instead of data when something is wrong: an HTML error or login page, or nothing. */
final class ResponseCheck {

    private ResponseCheck() {}

    static void expectData(HttpFetcher.Response r, String expected) throws IOException {
        String type = r.contentType() == null ? "" : r.contentType().toLowerCase(Locale.ROOT);
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(r.body())) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (type.startsWith("text/html") || FormatSniffer.looksLikeHtml(new String(head, 0, n, StandardCharsets.UTF_8))) {
            throw new PollException("the endpoint sent an HTML page (" + (type.isEmpty() ? "no content type" : type)
                    + ") instead of " + expected + "; it may be an error or login page", r.status());
        }
        if (n == 0) {
            throw new PollException("the endpoint sent an empty body instead of " + expected, r.status());
        }
    }
}
