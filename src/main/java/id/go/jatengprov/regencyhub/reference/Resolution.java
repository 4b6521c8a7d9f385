package id.go.jatengprov.regencyhub.reference;

import java.util.Objects;

/** Outcome of resolving one raw region cell: a region, or a reason the cell cannot be used. */
public sealed interface Resolution permits Resolution.Resolved, Resolution.Rejected {

    /** True for {@link Resolved}. */
    default boolean isResolved() {
        return this instanceof Resolved;
    }

    /** The resolved region, or null when rejected (saves an instanceof on hot paths). */
    default Region regionOrNull() {
        return this instanceof Resolved r ? r.region() : null;
    }

    /** The cell names exactly one region at the wanted level within the source's scope. */
    record Resolved(Region region) implements Resolution {
        public Resolved {
            Objects.requireNonNull(region, "region");
        }
    }

    /** The cell cannot be used; {@code reason} is a human-readable sentence for the data owner. */
    record Rejected(String reason) implements Resolution {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
