package id.go.jatengprov.regencyhub.normalise;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.config.Grain;
import id.go.jatengprov.regencyhub.config.ValueCheck;
import id.go.jatengprov.regencyhub.reference.CodeSystem;
import id.go.jatengprov.regencyhub.reference.RegionResolver;
import id.go.jatengprov.regencyhub.reference.Resolution;

/**
 * Turns one raw source value into the canonical text of one dataset field (region code, ISO date,
 * plain number, code from the closed list), or says why it cannot. One instance per field and file:
 * it carries the column's number notation, decided from the data.
 */
public final class FieldConverter {

    /** Constants of the configuration converted as a row's values are (see {@link ValueCheck}). */
    public static final ValueCheck CONSTANTS = (f, required, value, resolver, regency, codes) -> {
        Converted c = new FieldConverter(f, required, resolver, regency, codes, Notation.DOT_DECIMAL).convert(value);
        return c.isOk() ? null : c.error();
    };

    /** Longest text value accepted; longer ones are refused rather than bloating the warehouse. */
    public static final int MAX_TEXT_LENGTH = 10_000;

    /** The result: {@code error == null} means {@code value} (possibly null = missing) is loadable. */
    public record Converted(String value, String error) {
        static final Converted MISSING = new Converted(null, null);
        static Converted ok(String v) { return new Converted(v, null); }
        static Converted fail(String e) { return new Converted(null, e); }
        public boolean isOk() { return error == null; }
    }

    private final FieldDef field;
    private final boolean required;
    private final RegionResolver resolver;
    private final String scope;
    private final CodeSystem codes;
    private final Notation notation;
    private final Map<String, String> codeLookup = new HashMap<>();
    static final int MAX_CACHED = 4096;
    private final Map<String, Converted> cache = new HashMap<>();

    public FieldConverter(FieldDef field, boolean required, RegionResolver resolver, String scope, CodeSystem codes,
                          Notation notation) {
        this.field = field;
        this.required = required;
        this.resolver = resolver;
        this.scope = scope;
        this.codes = codes;
        this.notation = notation;
        for (String v : field.values()) {
            codeLookup.put(v.trim().toLowerCase(Locale.ROOT), v);
        }
    }

    public FieldDef field() { return field; }

    public Converted convert(String raw) {
        String v = raw == null ? null : raw.strip();
        boolean missing = field.type() == FieldType.TEXT ? (v == null || v.isEmpty()) : Numbers.isMissing(v);
        if (missing) {
            return required ? Converted.fail("required value is missing") : Converted.MISSING;
        }
        return switch (field.type()) {
            case REGION -> cached(v, this::region);
            case PERIOD -> cached(v, x -> period(Periods.parse(x, field.grain())));
            case DATE -> cached(v, x -> period(Periods.parse(x, Grain.DAY)));
            case INTEGER -> integer(v);
            case DECIMAL -> decimal(v);
            case TEXT -> v.length() > MAX_TEXT_LENGTH
                    ? Converted.fail("text longer than " + MAX_TEXT_LENGTH + " characters (" + v.length() + ")")
                    : Converted.ok(v);
            case CODE -> code(v);
            case BOOLEAN -> bool(v);
        };
    }

    /**
     * Regions and periods repeat on nearly every row (a few hundred districts, a few months), and resolving
     * one takes a tokenizer and several look-ups: the answer for a value is kept, for up to
     * {@value #MAX_CACHED} distinct values per field and file. Both are functions of the value alone.
     */
    private Converted cached(String v, java.util.function.Function<String, Converted> convert) {
        Converted c = cache.get(v);
        if (c == null) {
            c = convert.apply(v);
            if (cache.size() < MAX_CACHED) {
                cache.put(v, c);
            }
        }
        return c;
    }

    /** Two columns that together make a period, such as a month column and a year column. */
    public Converted convertPeriod(String first, String year) {
        if (Numbers.isMissing(first) && Numbers.isMissing(year)) {
            return required ? Converted.fail("required value is missing") : Converted.MISSING;
        }
        return period(Periods.parse(first, year, field.grain()));
    }

    private Converted region(String v) {
        Resolution r = resolver.resolve(v, field.level(), scope, codes);
        if (r instanceof Resolution.Resolved ok) {
            return Converted.ok(ok.region().code());
        }
        return Converted.fail(((Resolution.Rejected) r).reason());
    }

    private static Converted period(ParsedPeriod p) {
        return p.isOk() ? Converted.ok(p.start().toString()) : Converted.fail(p.error());
    }

    private Converted integer(String v) {
        ParsedNumber n = Numbers.parseInteger(v, notation);
        if (!n.isOk()) return Converted.fail(n.error());
        return bounded(n.decimalValue());
    }

    private Converted decimal(String v) {
        ParsedNumber n = Numbers.parseDecimal(v, notation);
        if (!n.isOk()) return Converted.fail(n.error());
        return bounded(n.decimalValue());
    }

    private Converted bounded(BigDecimal d) {
        if (field.min() != null && d.compareTo(field.min()) < 0) {
            return Converted.fail(d.toPlainString() + " is below the minimum " + field.min().toPlainString());
        }
        if (field.max() != null && d.compareTo(field.max()) > 0) {
            return Converted.fail(d.toPlainString() + " is above the maximum " + field.max().toPlainString());
        }
        return Converted.ok(d.stripTrailingZeros().toPlainString());
    }

    private Converted code(String v) {
        String canonical = codeLookup.get(v.toLowerCase(Locale.ROOT));
        return canonical != null ? Converted.ok(canonical)
                : Converted.fail("'" + v + "' is not one of " + field.values()
                        + "; map it with 'values' in the source's mapping");
    }

    private static Converted bool(String v) {
        ParsedBoolean b = Booleans.parse(v);
        return b.isOk() ? Converted.ok(String.valueOf(b.value())) : Converted.fail(b.error());
    }
}
