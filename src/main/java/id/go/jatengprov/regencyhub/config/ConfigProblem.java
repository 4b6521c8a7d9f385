package id.go.jatengprov.regencyhub.config;

/** One mistake in the configuration, with where it is and what to do about it. */
public record ConfigProblem(String file, int line, String message) implements Comparable<ConfigProblem> {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }

    @Override
    public int compareTo(ConfigProblem o) {
        int c = file.compareTo(o.file);
        return c != 0 ? c : Integer.compare(line, o.line);
    }
}
