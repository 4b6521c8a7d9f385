package id.go.jatengprov.regencyhub.intake;

import java.nio.charset.StandardCharsets;

import id.go.jatengprov.regencyhub.normalise.read.FormatSniffer;

/**
 * Looks at the first bytes of an upload before anything is kept: a PNG or a ZIP sent as text/csv is
 * refused at the door, with what it really is.
 */
public final class ContentCheck {

    private ContentCheck() {}

    /** @return null when the start fits the declared type, else the reason to refuse */
    public static String check(byte[] head, int length, String declaredType) {
        if (length == 0) {
            return "the body is empty; send the file's bytes";
        }
        if (declaredType.startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")) {
            // an .xlsx workbook is a ZIP archive; what is inside is the reader's to judge
            return length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4 ? null
                    : "the body is not an .xlsx workbook (it does not start as one, with PK)";
        }
        String expected = declaredType.startsWith("application/json") ? "JSON" : "CSV";
        String binary = FormatSniffer.binaryKind(head, length, expected);
        if (binary != null) {
            return "the body is " + binary;
        }
        boolean utf16Bom = length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE) || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF));
        if (!utf16Bom) {
            for (int i = 0; i < length; i++) {
                if (head[i] == 0) {
                    return "the body contains a NUL byte at offset " + i + ": it is binary, not " + declaredType;
                }
            }
        }
        String text = new String(head, 0, Math.min(length, 512), StandardCharsets.UTF_8);
        if (FormatSniffer.looksLikeHtml(text)) {
            return "the body is an HTML page, not " + expected;
        }
        text = text.stripLeading().replace("\uFEFF", "");
        if (declaredType.startsWith("application/json") && !utf16Bom && !(text.startsWith("[") || text.startsWith("{"))) {
            return "the body does not start like JSON ('[' or '{')";
        }
        return null;
    }
}
