package id.go.jatengprov.regencyhub.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping read with its line numbers, so that every problem points at the line a person must
 * edit. Reading a key marks it as known; {@link #reportUnknown} then names the keys nobody asked for,
 * with the nearest valid one.
 */
final class YamlMap {
    private final String file;
    private final Node node;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    YamlMap(String file, Node node, Problems problems) {
        this.file = file;
        this.node = node;
        this.problems = problems;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
                if (entries.containsKey(key)) {
                    problems.add(file, line(t.getKeyNode()), "key '" + key + "' appears twice (first on line "
                            + line(entries.get(key).getKeyNode()) + "); keep one");
                } else {
                    entries.put(key, t);
                }
            }
        }
    }

    static int line(Node n) {
        return n == null ? 0 : n.getStartMark().getLine() + 1;
    }

    String file() { return file; }
    int line() { return line(node); }
    Problems problems() { return problems; }
    boolean has(String key) { return entries.containsKey(key); }
    Set<String> keys() { return entries.keySet(); }

    int lineOf(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line() : line(t.getKeyNode());
    }

    Node valueNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** A scalar; a missing required one is reported with what to write. */
    String string(String key, boolean required, String hint) {
        Node v = valueNode(key);
        if (v == null || (v instanceof ScalarNode s && isNull(s))) {
            if (required) {
                problems.add(file, line(), "missing '" + key + "'" + (hint == null ? "" : ": " + hint));
            }
            return null;
        }
        if (v instanceof ScalarNode s) {
            return s.getValue();
        }
        problems.add(file, line(v), "'" + key + "' must be a single value, not a " + kind(v));
        return null;
    }

    Optional<YamlMap> map(String key) {
        Node v = valueNode(key);
        if (v == null || (v instanceof ScalarNode s && isNull(s))) {
            return Optional.empty();
        }
        if (v instanceof MappingNode) {
            return Optional.of(new YamlMap(file, v, problems));
        }
        problems.add(file, line(v), "'" + key + "' must be a mapping (key: value), not a " + kind(v));
        return Optional.empty();
    }

    /** A list of nodes; a single scalar is accepted as a list of one. */
    List<Node> list(String key) {
        Node v = valueNode(key);
        if (v == null || (v instanceof ScalarNode s && isNull(s))) {
            return List.of();
        }
        if (v instanceof SequenceNode seq) {
            return seq.getValue();
        }
        if (v instanceof ScalarNode) {
            return List.of(v);
        }
        problems.add(file, line(v), "'" + key + "' must be a list, not a " + kind(v));
        return List.of();
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Node n : list(key)) {
            if (n instanceof ScalarNode s) {
                out.add(s.getValue());
            } else {
                problems.add(file, line(n), "each entry of '" + key + "' must be a single value");
            }
        }
        return out;
    }

    /** Every key of this mapping with its scalar value (for free-form maps such as value maps). */
    Map<String, String> scalarMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        map(key).ifPresent(m -> m.entries.forEach((k, t) -> {
            if (t.getValueNode() instanceof ScalarNode s) {
                out.put(k, s.getValue());
            } else {
                problems.add(file, line(t.getValueNode()), "'" + key + "." + k + "' must be a single value");
            }
        }));
        return out;
    }

    /** Sub-mappings of a free-form mapping, in file order. */
    Map<String, YamlMap> maps(String key) {
        Map<String, YamlMap> out = new LinkedHashMap<>();
        map(key).ifPresent(m -> m.entries.forEach((k, t) -> {
            if (t.getValueNode() instanceof MappingNode) {
                out.put(k, new YamlMap(file, t.getValueNode(), problems));
            } else {
                problems.add(file, line(t.getValueNode()), "'" + key + "." + k + "' must be a mapping (key: value)");
            }
        }));
        return out;
    }

    void reportUnknown(Collection<String> known, String where) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                String near = Suggest.nearest(e.getKey(), known);
                problems.add(file, line(e.getValue().getKeyNode()), "unknown key '" + e.getKey() + "'"
                        + (where == null ? "" : " in " + where)
                        + (near != null ? " (did you mean '" + near + "'?)" : " (valid: " + String.join(", ", known) + ")"));
            }
        }
    }

    private static boolean isNull(ScalarNode s) {
        return "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }

    private static String kind(Node n) {
        return n instanceof MappingNode ? "mapping" : n instanceof SequenceNode ? "list" : "value";
    }
}
