package id.go.jatengprov.regencyhub.normalise;

/** How a column writes decimal numbers. */
public enum Notation {
    /** Indonesian: 1.234,56 (dot groups thousands, comma marks decimals). */
    COMMA_DECIMAL(',', '.'),
    /** English: 1,234.56 (comma groups thousands, dot marks decimals). */
    DOT_DECIMAL('.', ',');

    private final char decimalSeparator;
    private final char groupingSeparator;

    Notation(char decimalSeparator, char groupingSeparator) {
        this.decimalSeparator = decimalSeparator;
        this.groupingSeparator = groupingSeparator;
    }

    public char decimalSeparator() {
        return decimalSeparator;
    }

    public char groupingSeparator() {
        return groupingSeparator;
    }
}
