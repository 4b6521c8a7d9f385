package id.go.jatengprov.regencyhub.normalise.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A workbook's shared strings table, held compactly (UTF-8 in 1 MiB pages, about 12 bytes of index per string)
 * and bounded: a table past {@value #MAX_COUNT} strings or {@link #MAX_TEXT_BYTES} of text is refused rather
 * than read into memory. POI's ReadOnlySharedStringsTable keeps a Java String per entry with no bound.
 */
final class SharedStrings {

    static final int MAX_COUNT = 2_000_000;
    static final long MAX_TEXT_BYTES = 32L * 1024 * 1024;
    private static final int PAGE = 1024 * 1024;
    static final SharedStrings NONE = new SharedStrings();

    private final List<byte[]> pages = new ArrayList<>();
    private byte[] page;
    private int used;
    private long total;
    private int count;
    private int[] pageOf = new int[1024];
    private int[] start = new int[1024];
    private int[] length = new int[1024];

    private SharedStrings() {
    }

    int size() {
        return count;
    }

    /** The i-th string, or null when the index is out of range (a damaged workbook). */
    String get(int i) {
        if (i < 0 || i >= count) {
            return null;
        }
        return new String(pages.get(pageOf[i]), start[i], length[i], StandardCharsets.UTF_8);
    }

    /** Reads the sst part; {@code in} null gives an empty table. */
    static SharedStrings read(InputStream in) {
        SharedStrings t = new SharedStrings();
        if (in == null) {
            return t;
        }
        String what = "the shared strings table";
        try (in) {
            XMLStreamReader x = WorkbookFile.xml(in, what);
            try {
                StringBuilder text = new StringBuilder();
                int depthInSi = 0;
                boolean inT = false;
                boolean inPhonetic = false;
                while (x.hasNext()) {
                    int e = WorkbookFile.next(x, what);
                    if (e == XMLStreamConstants.START_ELEMENT) {
                        String n = x.getLocalName();
                        if (n.equals("si")) {
                            depthInSi = 1;
                            text.setLength(0);
                        } else if (depthInSi > 0) {
                            if (n.equals("rPh")) inPhonetic = true;
                            else if (n.equals("t") && !inPhonetic) inT = true;
                        }
                    } else if (e == XMLStreamConstants.END_ELEMENT) {
                        String n = x.getLocalName();
                        if (n.equals("si")) {
                            depthInSi = 0;
                            t.add(CellText.decodeEscapes(text));
                        } else if (n.equals("rPh")) {
                            inPhonetic = false;
                        } else if (n.equals("t")) {
                            inT = false;
                        }
                    } else if (inT && (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA
                            || e == XMLStreamConstants.SPACE)) {
                        if (text.length() + x.getTextLength() > CellText.MAX_CELL_CHARS) {
                            throw new BadFileException("shared string " + (t.count + 1) + " of the workbook is longer than "
                                    + String.format(Locale.ROOT, "%,d", CellText.MAX_CELL_CHARS) + " characters (Excel's own"
                                    + " limit is 32,767); refused");
                        }
                        text.append(x.getTextCharacters(), x.getTextStart(), x.getTextLength());
                    }
                }
            } finally {
                x.close();
            }
        } catch (IOException | XMLStreamException e) {
            throw WorkbookFile.partFailure(e, what);
        }
        return t;
    }

    private void add(String s) {
        if (count == MAX_COUNT) {
            throw new BadFileException("the workbook's shared strings table holds more than "
                    + String.format(Locale.ROOT, "%,d", MAX_COUNT) + " distinct texts; split the workbook or save the sheet as CSV");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        total += b.length;
        if (total > MAX_TEXT_BYTES) {
            throw new BadFileException("the workbook's shared strings table holds more than " + WorkbookFile.mib(MAX_TEXT_BYTES)
                    + " of text; split the workbook or save the sheet as CSV");
        }
        if (page == null || used + b.length > page.length) {
            page = new byte[Math.max(PAGE, b.length)];
            pages.add(page);
            used = 0;
        }
        System.arraycopy(b, 0, page, used, b.length);
        if (count == start.length) {
            int n = Math.min(MAX_COUNT, count * 2);
            pageOf = Arrays.copyOf(pageOf, n);
            start = Arrays.copyOf(start, n);
            length = Arrays.copyOf(length, n);
        }
        pageOf[count] = pages.size() - 1;
        start[count] = used;
        length[count] = b.length;
        count++;
        used += b.length;
    }
}
