package id.go.jatengprov.regencyhub.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems so that one run reports all of them at once. */
final class Problems {
    private final List<ConfigProblem> list = new ArrayList<>();

    void add(String file, int line, String message) {
        list.add(new ConfigProblem(file, line, message));
    }

    boolean isEmpty() { return list.isEmpty(); }

    List<ConfigProblem> list() { return list; }

    int size() { return list.size(); }
}
