package id.go.jatengprov.regencyhub.intake;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

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
        String binary = binaryKind(head, length);
        if (binary != null) {
            return "the body is " + binary + ", not " + declaredType;
        }
        boolean utf16Bom = length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE) || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF));
        if (!utf16Bom) {
            for (int i = 0; i < length; i++) {
                if (head[i] == 0) {
                    return "the body contains a NUL byte at offset " + i + ": it is binary, not " + declaredType;
                }
            }
        }
        String text = new String(head, 0, Math.min(length, 512), StandardCharsets.UTF_8).stripLeading()
                .replace("\uFEFF", "").toLowerCase(Locale.ROOT);
        if (text.startsWith("<!doctype html") || text.startsWith("<html")) {
            return "the body is an HTML page, not " + declaredType;
        }
        if (declaredType.startsWith("application/json") && !utf16Bom && !(text.startsWith("[") || text.startsWith("{"))) {
            return "the body does not start like JSON ('[' or '{')";
        }
        return null;
    }

    static String binaryKind(byte[] h, int n) {
        if (starts(h, n, 0x89, 'P', 'N', 'G')) return "a PNG image";
        if (starts(h, n, 0xFF, 0xD8, 0xFF)) return "a JPEG image";
        if (starts(h, n, 'G', 'I', 'F', '8')) return "a GIF image";
        if (starts(h, n, 'P', 'K', 3, 4) || starts(h, n, 'P', 'K', 5, 6)) return "a ZIP archive (perhaps an .xlsx workbook: export it as CSV)";
        if (starts(h, n, '%', 'P', 'D', 'F')) return "a PDF document";
        if (starts(h, n, 0x1F, 0x8B)) return "a gzip archive";
        if (starts(h, n, 0xD0, 0xCF, 0x11, 0xE0)) return "an old Excel .xls workbook (export it as CSV)";
        return null;
    }

    private static boolean starts(byte[] h, int n, int... magic) {
        if (n < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }
}
