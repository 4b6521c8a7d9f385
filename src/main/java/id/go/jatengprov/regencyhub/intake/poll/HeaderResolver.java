package id.go.jatengprov.regencyhub.intake.poll;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A polled source's headers with their secrets filled in: a value may name secrets as {@code ${NAME}}, read
 * when the poll runs. Only names ever reach a message; the values go to the endpoint and nowhere else.
 */
final class HeaderResolver {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private final UnaryOperator<String> secrets;

    /** @param secrets looks a secret up by name; null when it is not set */
    HeaderResolver(UnaryOperator<String> secrets) {
        this.secrets = secrets;
    }

    Map<String, String> resolve(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null) return out;
        headers.forEach((k, v) -> {
            Matcher m = PLACEHOLDER.matcher(v);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = secrets.apply(m.group(1));
                if (value == null) {
                    throw new PollException("header '" + k + "' needs ${" + m.group(1) + "}, which is not set in the environment");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            out.put(k, sb.toString());
        });
        return out;
    }
}
