package id.go.jatengprov.regencyhub.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Loads the shipped reference data once per test JVM; Maven runs tests from the module root. */
final class TestRegions {

    static final Path DIR = Path.of("config/reference/regions");

    private static final RegionRegistry REGISTRY = load();
    private static final RegionResolver RESOLVER = new RegionResolver(REGISTRY);

    private TestRegions() {
    }

    static RegionRegistry registry() {
        return REGISTRY;
    }

    static RegionResolver resolver() {
        return RESOLVER;
    }

    private static RegionRegistry load() {
        try {
            return RegionRegistry.load(DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
