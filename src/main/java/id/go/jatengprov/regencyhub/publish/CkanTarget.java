package id.go.jatengprov.regencyhub.publish;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a dataset is published: the portal's site URL, the owning organization, the CKAN package (dataset)
 * name, and the name of the environment variable that holds the API token (the token itself is never in
 * config, logs or messages). From a dataset's {@code publish: { ckan: { url, organization, package, api-key-env } }}.
 */
public record CkanTarget(URI url, String organization, String packageName, String apiKeyEnv) {

    /** ckan/logic/validators.py name_match, for package and organization names. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_\\-]{2,100}");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public CkanTarget {
        if (url == null || url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("publish.ckan.url '" + url + "' is not an http(s) address of a CKAN portal"
                    + " (e.g. https://data.jatengprov.go.id)");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("publish.ckan.url must be the portal's site address without credentials,"
                    + " query or fragment (the API key comes from api-key-env)");
        }
        String base = url.toString().replaceAll("/+$", "");
        url = URI.create(base);
        nameProblem(organization).ifPresent(p -> {
            throw new IllegalArgumentException("publish.ckan.organization '" + organization + "': " + p);
        });
        nameProblem(packageName).ifPresent(p -> {
            throw new IllegalArgumentException("publish.ckan.package '" + packageName + "': " + p);
        });
        if (apiKeyEnv == null || !ENV.matcher(apiKeyEnv).matches()) {
            throw new IllegalArgumentException("publish.ckan.api-key-env '" + apiKeyEnv + "' is not the name of an environment"
                    + " variable (letters, digits and _, e.g. CKAN_JATENG_API_KEY)");
        }
    }

    /**
     * Why {@code name} cannot be a CKAN package or organization name (CKAN's rule: 2 to 100 characters,
     * lowercase ASCII letters, digits, - and _), or empty when it can.
     */
    public static Optional<String> nameProblem(String name) {
        if (name == null || name.isEmpty()) return Optional.of("missing; give a CKAN name such as ipm-kabupaten-kota");
        if (NAME.matcher(name).matches() && !name.equals("new") && !name.equals("edit") && !name.equals("search")) {
            return Optional.empty();
        }
        String suggestion = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_\\-]+", "-").replaceAll("^-+|-+$", "");
        return Optional.of("CKAN names are 2 to 100 characters of lowercase letters (a-z), digits, - and _"
                + (suggestion.length() >= 2 && !suggestion.equals(name) ? " (did you mean '" + suggestion + "'?)" : ""));
    }

    /**
     * The API token from the environment variable this target names.
     *
     * @throws IllegalStateException when the variable is unset or blank, saying which one and what to put there
     */
    public String apiKey(Function<String, String> environment) {
        String key = environment.apply(apiKeyEnv);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("environment variable " + apiKeyEnv + " (publish.ckan.api-key-env) is not set:"
                    + " set it to the API token of a " + url + " user who is an editor of organization '" + organization + "'");
        }
        return key.strip();
    }

    /** The dataset's page on the portal, for messages and logs. */
    public URI datasetPage() {
        return URI.create(url + "/dataset/" + packageName);
    }
}
