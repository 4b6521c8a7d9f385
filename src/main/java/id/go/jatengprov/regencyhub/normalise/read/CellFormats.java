package id.go.jatengprov.regencyhub.normalise.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * What each cell style ({@code s="3"} on a cell) says about a number: a plain number, a date (the number is a
 * date serial), a time of day, or a percentage. Read from styles.xml with StAX: only the number formats and the
 * cell formats' format ids are kept, not POI's whole StylesTable.
 */
final class CellFormats {

    enum Kind { NUMBER, DATE, TIME, PERCENT }

    /** Excel allows about 64,000 cell formats. */
    static final int MAX_FORMATS = 100_000;
    static final CellFormats NONE = new CellFormats(new Kind[0]);

    private final Kind[] kinds;

    private CellFormats(Kind[] kinds) {
        this.kinds = kinds;
    }

    Kind kind(int styleIndex) {
        return styleIndex >= 0 && styleIndex < kinds.length ? kinds[styleIndex] : Kind.NUMBER;
    }

    /** Reads the styles part; {@code in} null gives no formats (every number plain). */
    static CellFormats read(InputStream in) {
        if (in == null) {
            return NONE;
        }
        String what = "the styles";
        Map<Integer, String> custom = new HashMap<>();
        int[] formatIds = new int[64];
        int count = 0;
        try (in) {
            XMLStreamReader x = WorkbookFile.xml(in, what);
            try {
                boolean inCellXfs = false;
                while (x.hasNext()) {
                    int e = WorkbookFile.next(x, what);
                    if (e == XMLStreamConstants.START_ELEMENT) {
                        String n = x.getLocalName();
                        if (n.equals("numFmt")) {
                            Integer id = intOrNull(x.getAttributeValue(null, "numFmtId"));
                            String code = x.getAttributeValue(null, "formatCode");
                            if (id != null && code != null && custom.size() < MAX_FORMATS) {
                                custom.put(id, code);
                            }
                        } else if (n.equals("cellXfs")) {
                            inCellXfs = true;
                        } else if (n.equals("xf") && inCellXfs) {
                            if (count == MAX_FORMATS) {
                                throw new BadFileException("the workbook defines more than "
                                        + String.format(Locale.ROOT, "%,d", MAX_FORMATS) + " cell formats; refused");
                            }
                            if (count == formatIds.length) {
                                formatIds = Arrays.copyOf(formatIds, count * 2);
                            }
                            Integer id = intOrNull(x.getAttributeValue(null, "numFmtId"));
                            formatIds[count++] = id == null ? 0 : id;
                        }
                    } else if (e == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("cellXfs")) {
                        inCellXfs = false;
                    }
                }
            } finally {
                x.close();
            }
        } catch (IOException | XMLStreamException e) {
            throw WorkbookFile.partFailure(e, what);
        }
        Kind[] kinds = new Kind[count];
        Map<Integer, Kind> byId = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int id = formatIds[i];
            kinds[i] = byId.computeIfAbsent(id, k -> kindOf(k, custom.containsKey(k) ? custom.get(k) : BuiltinFormats.getBuiltinFormat(k)));
        }
        return new CellFormats(kinds);
    }

    static Kind kindOf(int id, String code) {
        if (code == null) {
            return Kind.NUMBER;
        }
        if (DateUtil.isADateFormat(id, code)) {
            String bare = withoutQuotedText(code).toLowerCase(Locale.ROOT);
            return bare.indexOf('y') >= 0 || bare.indexOf('d') >= 0 ? Kind.DATE : Kind.TIME;
        }
        return withoutQuotedText(code).indexOf('%') >= 0 ? Kind.PERCENT : Kind.NUMBER;
    }

    /** A format's literal parts ("Rp" or \% or [Red]) are not what it formats. */
    private static String withoutQuotedText(String code) {
        StringBuilder sb = new StringBuilder(code.length());
        boolean quoted = false;
        boolean bracket = false;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                bracket = true;
            } else if (!quoted && c == ']') {
                bracket = false;
            } else if (!quoted && !bracket && (c == '\\' || c == '_' || c == '*')) {
                i++; // the next character is literal (or padding)
            } else if (!quoted && !bracket) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Integer intOrNull(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
