package id.go.jatengprov.regencyhub.config;

import java.util.concurrent.atomic.AtomicReference;

import id.go.jatengprov.regencyhub.reference.RegionResolver;

/**
 * The configuration in force. Work takes one snapshot when it starts, so a batch finishes under the
 * configuration it started with even if the configuration is replaced meanwhile.
 */
public class ActiveConfig {

    /** A configuration with its region resolver, built once. */
    public record Snapshot(HubConfig config, RegionResolver resolver) {}

    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    public ActiveConfig(HubConfig initial) {
        replace(initial);
    }

    public Snapshot get() {
        return current.get();
    }

    public HubConfig config() {
        return current.get().config();
    }

    public final void replace(HubConfig config) {
        current.set(new Snapshot(config, new RegionResolver(config.regions())));
    }
}
