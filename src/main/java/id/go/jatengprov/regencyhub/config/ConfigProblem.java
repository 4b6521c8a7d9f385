package id.go.jatengprov.regencyhub.config;

/**
 * One mistake in the configuration, with where it is and what to do about it.
 *
 * @param followOn the problem only follows from another one (a mapping of a field whose definition is broken):
 *                 listed after every cause, so that the person fixing starts where the mistake is
 */
public record ConfigProblem(String file, int line, String message, boolean followOn) implements Comparable<ConfigProblem> {

    public ConfigProblem(String file, int line, String message) {
        this(file, line, message, false);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }

    /** Causes before follow-on problems; then by file and line. */
    @Override
    public int compareTo(ConfigProblem o) {
        int c = Boolean.compare(followOn, o.followOn);
        if (c != 0) return c;
        c = file.compareTo(o.file);
        return c != 0 ? c : Integer.compare(line, o.line);
    }
}
