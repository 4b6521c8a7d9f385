package id.go.jatengprov.regencyhub.ops;

import java.util.ArrayList;
import java.util.List;

/** The few command-line forms the hub's commands take: --name=value, --name value, and positional words. */
final class Args {
    private Args() {}

    static String value(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--" + name + "=")) return args[i].substring(name.length() + 3);
            if (args[i].equals("--" + name) && i + 1 < args.length) return args[i + 1];
        }
        return dflt;
    }

    /**
     * A setting as the hub itself would take it: {@code --name=value} on the command line, else the environment
     * variable Spring Boot would read ({@code hub.data-dir} → {@code HUB_DATA_DIR}), else {@code dflt}.
     */
    static String setting(String[] args, String name, String dflt) {
        String v = value(args, name, null);
        if (v != null) return v;
        String env = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
        return env != null ? env : dflt;
    }

    static boolean flag(String[] args, String name) {
        for (String a : args) {
            if (a.equals("--" + name)) return true;
        }
        return false;
    }

    /** Arguments that are not options or option values. */
    static List<String> positional(String[] args, List<String> optionsWithValues) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                if (!a.contains("=") && optionsWithValues.contains(a.substring(2))) i++;
                continue;
            }
            out.add(a);
        }
        return out;
    }
}
