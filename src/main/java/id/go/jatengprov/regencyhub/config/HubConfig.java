package id.go.jatengprov.regencyhub.config;

import java.util.Map;
import java.util.Optional;

import id.go.jatengprov.regencyhub.reference.RegionRegistry;

/** The whole validated configuration: datasets, sources and reference data. Immutable. */
public record HubConfig(Map<String, DatasetDef> datasets, Map<String, SourceDef> sources, RegionRegistry regions) {

    public Optional<SourceDef> source(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    public DatasetDef datasetOf(SourceDef s) {
        return datasets.get(s.dataset());
    }
}
