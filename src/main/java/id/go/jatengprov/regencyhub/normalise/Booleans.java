package id.go.jatengprov.regencyhub.normalise;

import java.util.Locale;
import java.util.Map;

/** Parses yes/no cells in Indonesian and English. */
public final class Booleans {

    // "t" and "f" are left out on purpose: in Indonesian sheets "t" can mean "tidak" as well as "true".
    private static final Map<String, ParsedBoolean> WORDS = Map.ofEntries(
            Map.entry("ya", ParsedBoolean.TRUE), Map.entry("iya", ParsedBoolean.TRUE),
            Map.entry("y", ParsedBoolean.TRUE), Map.entry("yes", ParsedBoolean.TRUE),
            Map.entry("true", ParsedBoolean.TRUE), Map.entry("benar", ParsedBoolean.TRUE),
            Map.entry("1", ParsedBoolean.TRUE),
            Map.entry("tidak", ParsedBoolean.FALSE), Map.entry("tdk", ParsedBoolean.FALSE),
            Map.entry("n", ParsedBoolean.FALSE), Map.entry("no", ParsedBoolean.FALSE),
            Map.entry("false", ParsedBoolean.FALSE), Map.entry("salah", ParsedBoolean.FALSE),
            Map.entry("0", ParsedBoolean.FALSE));
    private static final int LONGEST = 5;

    private Booleans() {
    }

    /**
     * Parses ya/iya/y/yes/true/benar/1 and tidak/tdk/n/no/false/salah/0, case-insensitive and trimmed; missing
     * markers ("", "-", "n/a") give a missing result; anything else an error. Never throws.
     */
    public static ParsedBoolean parse(String raw) {
        if (Numbers.isMissing(raw)) {
            return ParsedBoolean.missing();
        }
        String s = Numbers.trim(raw);
        ParsedBoolean p = s.length() <= LONGEST ? WORDS.get(s.toLowerCase(Locale.ROOT)) : null;
        if (p != null) {
            return p;
        }
        String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return ParsedBoolean.error("not a yes/no value: '" + shown + "' (expected ya/tidak, y/n, true/false, "
                + "1/0 or benar/salah)");
    }
}
