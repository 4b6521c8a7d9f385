package id.go.jatengprov.regencyhub.config;

import java.util.Locale;

/**
 * How to read a CSV file: delimiter and encoding, each either {@code "auto"} (sniffed from the
 * file) or a fixed value. Values are normalised in the constructor, so {@code "utf-8"},
 * {@code "cp1252"}, {@code "tab"} and {@code "\\t"} are accepted too.
 *
 * @param delimiter "auto" or one of {@code , ; \t |}
 * @param encoding  "auto", "UTF-8", "windows-1252" or "UTF-16"
 */
public record CsvSettings(String delimiter, String encoding) {

    public static final String AUTO = "auto";

    public CsvSettings {
        delimiter = normaliseDelimiter(delimiter);
        encoding = normaliseEncoding(encoding);
    }

    public static CsvSettings auto() {
        return new CsvSettings(AUTO, AUTO);
    }

    public boolean autoDelimiter() {
        return AUTO.equals(delimiter);
    }

    public boolean autoEncoding() {
        return AUTO.equals(encoding);
    }

    /** The configured delimiter; only meaningful when {@link #autoDelimiter()} is false. */
    public char delimiterChar() {
        return delimiter.charAt(0);
    }

    private static String normaliseDelimiter(String d) {
        if (d == null || d.isBlank() && !"\t".equals(d) || AUTO.equalsIgnoreCase(d.strip())) {
            return AUTO;
        }
        String s = switch (d.toLowerCase(Locale.ROOT)) {
            case "\\t", "tab" -> "\t";
            default -> d.length() == 1 ? d : d.strip();
        };
        if (s.length() == 1 && ",;\t|".indexOf(s.charAt(0)) >= 0) {
            return s;
        }
        throw new IllegalArgumentException("CSV delimiter '" + d
                + "' is not supported: use auto or one of , ; | tab");
    }

    private static String normaliseEncoding(String e) {
        if (e == null || e.isBlank()) {
            return AUTO;
        }
        return switch (e.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "utf-8", "utf8" -> "UTF-8";
            case "windows-1252", "cp1252", "windows1252" -> "windows-1252";
            case "utf-16", "utf16" -> "UTF-16";
            default -> throw new IllegalArgumentException("CSV encoding '" + e
                    + "' is not supported: use auto, UTF-8, windows-1252 or UTF-16");
        };
    }
}
