package id.go.jatengprov.regencyhub.batch;

import java.util.Locale;

/**
 * Which way a payload came in. Stored and shown in lower case: {@code drop}, {@code upload}, {@code poll}, {@code route},
 * {@code jdbc} (the rows of a database source's query, landed as JSON records).
 */
public enum Origin {
    DROP, UPLOAD, POLL, ROUTE, JDBC;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    public static Origin of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return label;
    }
}
