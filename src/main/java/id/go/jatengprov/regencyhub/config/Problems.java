package id.go.jatengprov.regencyhub.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects problems so that one run reports all of them at once, and remembers what is broken (a dataset file that
 * does not read, a field whose definition is wrong), so that what depends on it is a follow-on, not a second cause.
 */
final class Problems {
    private final List<ConfigProblem> list = new ArrayList<>();
    /** Dataset id (its file's name) → where its file is. */
    private final Map<String, String> brokenDatasets = new HashMap<>();
    /** Dataset id → field name → where the field is defined ("config/datasets/births.yaml:7"). */
    private final Map<String, Map<String, String>> brokenFields = new HashMap<>();

    void add(String file, int line, String message) {
        list.add(new ConfigProblem(file, line, message));
    }

    /** A problem that only follows from another one, named in the message. */
    void addFollowOn(String file, int line, String message) {
        list.add(new ConfigProblem(file, line, message, true));
    }

    void brokenDataset(String id, String file) {
        brokenDatasets.put(id, file);
    }

    /** Where the broken dataset's file is, or null. */
    String brokenDataset(String id) {
        return brokenDatasets.get(id);
    }

    void brokenField(String dataset, String field, String where) {
        brokenFields.computeIfAbsent(dataset, d -> new HashMap<>()).put(field, where);
    }

    /** Where the broken field is defined, or null. */
    String brokenField(String dataset, String field) {
        return brokenFields.getOrDefault(dataset, Map.of()).get(field);
    }

    boolean isEmpty() { return list.isEmpty(); }

    List<ConfigProblem> list() { return list; }

    int size() { return list.size(); }
}
