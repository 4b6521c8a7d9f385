package id.go.jatengprov.regencyhub.publish;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import id.go.jatengprov.regencyhub.config.CkanPublishSpec;

/**
 * Where a dataset is published: the portal's site URL, the owning organization, the CKAN package (dataset)
 * name, and the name of the environment variable that holds the API token (the token itself is never in
 * config, logs or messages). From a dataset's {@code publish: { ckan: { url, organization, package, api-key-env } }}.
 */
public record CkanTarget(URI url, String organization, String packageName, String apiKeyEnv) {

    /** The target a dataset's {@code publish.ckan} names. */
    public static CkanTarget of(CkanPublishSpec spec) {
        return new CkanTarget(URI.create(spec.url()), spec.organization(), spec.packageName(), spec.apiKeyEnv());
    }

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
        return CkanPublishSpec.ckanNameProblem(name);
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
