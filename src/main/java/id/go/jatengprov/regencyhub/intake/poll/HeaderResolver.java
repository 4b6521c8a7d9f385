package id.go.jatengprov.regencyhub.intake.poll;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * A polled source's headers with their secrets filled in. A value may name a secret only as
 * {@code ${env:HUB_POLL_SECRET_<NAME>}}, read from the process environment when the poll runs: never a hub setting
 * (a placeholder resolved from the whole Spring configuration sent the operator's password to whoever was polled),
 * never another variable. {@code ConfigLoader} refuses anything else at start and in {@code check}; this class
 * refuses it again, so that a header is sent as configured or not at all. Only names ever reach a message.
 */
final class HeaderResolver {

    private final UnaryOperator<String> environment;

    /** Reads the real environment. */
    HeaderResolver() {
        this(System::getenv);
    }

    /** @param environment looks a variable up by name; null when it is not set (tests give their own) */
    HeaderResolver(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    Map<String, String> resolve(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers == null) return out;
        headers.forEach((k, v) -> {
            if (SourceDef.HttpSpec.SECRET.matcher(v).replaceAll("").contains("${")) {
                throw new PollException("header '" + k + "' holds a placeholder other than ${env:HUB_POLL_SECRET_<NAME>};"
                        + " it is not sent (run the check command on the configuration)");
            }
            Matcher m = SourceDef.HttpSpec.SECRET.matcher(v);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = environment.apply(m.group(1));
                if (value == null) {
                    throw new PollException("header '" + k + "' needs the environment variable " + m.group(1)
                            + ", which is not set in the hub's environment");
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            out.put(k, sb.toString());
        });
        return out;
    }
}
