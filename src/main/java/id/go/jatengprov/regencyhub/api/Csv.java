package id.go.jatengprov.regencyhub.api;

/** CSV cells that are safe to open in a spreadsheet. */
public final class Csv {
    private Csv() {}

    /**
     * Quotes a cell, and neutralises a value that a spreadsheet would run as a formula (starting with
     * = + - @, tab or CR) by prefixing an apostrophe (OWASP's advice for CSV injection).
     */
    public static String cell(String v) {
        if (v == null) return "";
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
