package id.go.jatengprov.regencyhub.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dataset's {@code publish: { ckan: { url, organization, package, api-key-env } }}: where the hub keeps a copy of
 * it on a CKAN portal (Satu Data). The API key itself is never in configuration: {@code apiKeyEnv} names the
 * environment variable that holds it, which must start with {@link #SECRET_PREFIX} so that a dataset file cannot
 * send any other secret of the hub's (a password, a source's token) to a portal.
 */
public record CkanPublishSpec(String url, String organization, String packageName, String apiKeyEnv, int line) {

    public static final String SECRET_PREFIX = "HUB_CKAN_SECRET_";
    /** ckan/logic/validators.py name_match, for package and organization names. */
    private static final Pattern CKAN_NAME = Pattern.compile("[a-z0-9_\\-]{2,100}");
    private static final Pattern SECRET_ENV = Pattern.compile(SECRET_PREFIX + "[A-Z0-9_]+");

    /**
     * Why {@code name} cannot be a CKAN package or organization name (2 to 100 characters, lowercase ASCII letters,
     * digits, - and _; not new, edit or search), or empty when it can.
     */
    public static Optional<String> ckanNameProblem(String name) {
        if (name == null || name.isEmpty()) return Optional.of("missing; give a CKAN name such as ipm-kabupaten-kota");
        if (CKAN_NAME.matcher(name).matches() && !name.equals("new") && !name.equals("edit") && !name.equals("search")) {
            return Optional.empty();
        }
        String suggestion = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_\\-]+", "-").replaceAll("^-+|-+$", "");
        return Optional.of("CKAN names are 2 to 100 characters of lowercase letters (a-z), digits, - and _"
                + (suggestion.length() >= 2 && !suggestion.equals(name) ? " (did you mean '" + suggestion + "'?)" : ""));
    }

    /** Why {@code env} cannot name the API key's variable, or empty when it can. */
    public static Optional<String> apiKeyEnvProblem(String env) {
        if (env != null && SECRET_ENV.matcher(env).matches()) return Optional.empty();
        return Optional.of("'" + env + "' must name an environment variable starting with " + SECRET_PREFIX
                + " (capitals, digits and _), e.g. " + SECRET_PREFIX + "JATENG; the hub reads publish keys from such"
                + " variables only, so that a dataset file cannot send another of its secrets to a portal");
    }
}
