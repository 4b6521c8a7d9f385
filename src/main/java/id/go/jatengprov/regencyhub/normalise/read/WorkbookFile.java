package id.go.jatengprov.regencyhub.normalise.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFRelation;

/**
 * An .xlsx workbook opened for streaming, after checks that refuse hostile or unreadable files with a reason:
 * not a workbook at all (CSV or HTML renamed, a Word document, an OpenDocument sheet), an encrypted workbook,
 * an old .xls, a damaged ZIP, a zip bomb (entries that expand too far or too much), too many entries.
 *
 * <p>Every part is read through a stream that counts what it expands to and stops at the part's bound, on top
 * of POI's own {@link ZipSecureFile} ratio check; XML is read with DOCTYPEs refused, so neither external
 * entities nor entity expansion can happen.
 */
final class WorkbookFile implements AutoCloseable {

    /** A sheet's XML may expand this far: enough for Excel's 1,048,576 rows of a dozen columns. */
    static final long MAX_SHEET_BYTES = 2L * 1024 * 1024 * 1024;
    /** The shared strings XML (rich text makes it much larger than its text). */
    static final long MAX_SHARED_STRINGS_BYTES = 1024L * 1024 * 1024;
    /** workbook.xml, styles.xml, [Content_Types].xml, relationships, document properties: kilobytes in practice. */
    static final long MAX_SMALL_PART_BYTES = 32L * 1024 * 1024;
    /** A part may expand at most this many times its compressed size; real sheets stay below 30. */
    static final int MAX_EXPANSION_RATIO = 100;
    /** Below this a part's ratio is not judged: tiny parts compress oddly. */
    static final long RATIO_GRACE_BYTES = 1024 * 1024;
    static final int MAX_ENTRIES = 1000;

    static final String WORKBOOK = "an Excel .xlsx workbook";

    private static final Set<String> WORKBOOK_TYPES = Set.of(
            XSSFRelation.WORKBOOK.getContentType(), XSSFRelation.MACROS_WORKBOOK.getContentType(),
            XSSFRelation.TEMPLATE_WORKBOOK.getContentType(), XSSFRelation.MACRO_TEMPLATE_WORKBOOK.getContentType());
    private static final XMLInputFactory XML = secureXmlFactory();

    static {
        // POI's own guard on every entry stream: these settings are global to the JVM, and the hub is their only user.
        ZipSecureFile.setMinInflateRatio(1.0 / MAX_EXPANSION_RATIO);
        ZipSecureFile.setGraceEntrySize(RATIO_GRACE_BYTES);
        ZipSecureFile.setMaxEntrySize(MAX_SHEET_BYTES);
        ZipSecureFile.setMaxFileCount(MAX_ENTRIES);
    }

    /** One sheet as the workbook lists it. */
    record Sheet(String name, String relId, boolean hidden, String partName) {}

    private final Path file;
    private final OPCPackage pkg;
    private final PackagePart workbookPart;
    private final List<Sheet> sheets;
    private final boolean date1904;

    private WorkbookFile(Path file, OPCPackage pkg, PackagePart workbookPart) {
        this.file = file;
        this.pkg = pkg;
        this.workbookPart = workbookPart;
        List<Sheet> found = new ArrayList<>();
        boolean[] d1904 = {false};
        readWorkbookXml(found, d1904);
        this.sheets = List.copyOf(found);
        this.date1904 = d1904[0];
    }

    /**
     * @throws BadFileException when the file is not a readable, safe .xlsx workbook, with the reason
     */
    static WorkbookFile open(Path file) {
        byte[] head = head(file);
        if (isOle2(head)) {
            throw new BadFileException(describeOle2(file));
        }
        if (!isZip(head)) {
            throw new BadFileException(describeNotZip(head));
        }
        checkZip(file);
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (InvalidFormatException | RuntimeException e) {
            throw new BadFileException("the workbook is damaged: " + reason(e)
                    + "; open it in Excel or LibreOffice and save it again as .xlsx", e);
        }
        try {
            PackageRelationship main = pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT).getRelationship(0);
            if (main == null) {
                main = pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT).getRelationship(0);
            }
            PackagePart part = main == null ? null : pkg.getPart(main);
            if (part == null) {
                throw new BadFileException("the file is a ZIP archive with Office parts but no main document: it is not "
                        + WORKBOOK + "; open it in Excel and save it again");
            }
            String type = part.getContentType();
            if (!WORKBOOK_TYPES.contains(type)) {
                throw new BadFileException("the file is " + officeKind(type) + ", not " + WORKBOOK
                        + "; save the table as .xlsx or CSV");
            }
            return new WorkbookFile(file, pkg, part);
        } catch (RuntimeException e) {
            pkg.revert();
            throw e instanceof BadFileException b ? b : new BadFileException("the workbook is damaged: " + reason(e)
                    + "; open it in Excel or LibreOffice and save it again as .xlsx", e);
        }
    }

    List<Sheet> sheets() { return sheets; }

    boolean date1904() { return date1904; }

    Path file() { return file; }

    /** The shared strings part, or null when the workbook has none (every text cell is inline). */
    InputStream sharedStrings() {
        return relatedPart(XSSFRelation.SHARED_STRINGS.getRelation(), "the shared strings table", MAX_SHARED_STRINGS_BYTES);
    }

    /** The styles part, or null. */
    InputStream styles() {
        return relatedPart(XSSFRelation.STYLES.getRelation(), "the styles", MAX_SMALL_PART_BYTES);
    }

    InputStream sheet(Sheet s) {
        try {
            PackageRelationship rel = workbookPart.getRelationship(s.relId());
            PackagePart part = rel == null ? null : pkg.getPart(PackagingURIHelper.createPartName(rel.getTargetURI()));
            if (part == null) {
                throw new BadFileException("the workbook lists sheet '" + s.name() + "' but does not contain it;"
                        + " open it in Excel and save it again");
            }
            return bounded(part, "sheet '" + s.name() + "'", MAX_SHEET_BYTES);
        } catch (InvalidFormatException e) {
            throw new BadFileException("the workbook is damaged: sheet '" + s.name() + "': " + reason(e), e);
        }
    }

    @Override
    public void close() {
        pkg.revert(); // read-only: closes the ZIP without writing anything back
    }

    // ---------------------------------------------------------------- workbook.xml

    private void readWorkbookXml(List<Sheet> out, boolean[] date1904) {
        try (InputStream in = bounded(workbookPart, "the workbook's sheet list", MAX_SMALL_PART_BYTES)) {
            XMLStreamReader x = xml(in, "the workbook's sheet list");
            try {
                while (x.hasNext()) {
                    if (next(x, "the workbook's sheet list") != XMLStreamConstants.START_ELEMENT) continue;
                    String el = x.getLocalName();
                    if (el.equals("workbookPr")) {
                        String v = x.getAttributeValue(null, "date1904");
                        date1904[0] = "1".equals(v) || "true".equalsIgnoreCase(v);
                    } else if (el.equals("sheet")) {
                        String name = x.getAttributeValue(null, "name");
                        String state = x.getAttributeValue(null, "state");
                        String relId = null;
                        for (int i = 0; i < x.getAttributeCount(); i++) {
                            if (x.getAttributeLocalName(i).equals("id") && !x.getAttributeNamespace(i).isEmpty()) {
                                relId = x.getAttributeValue(i);
                            }
                        }
                        if (name == null || relId == null) {
                            throw new BadFileException("the workbook's sheet list is damaged (a sheet without a name or"
                                    + " part); open it in Excel and save it again");
                        }
                        PackageRelationship rel = workbookPart.getRelationship(relId);
                        String partName = rel == null ? null : rel.getTargetURI().toString();
                        boolean hidden = state != null && !state.equals("visible");
                        if (out.size() >= 10_000) {
                            throw new BadFileException("the workbook lists more than 10,000 sheets; this is not a table we read");
                        }
                        out.add(new Sheet(name, relId, hidden, partName));
                    }
                }
            } finally {
                x.close();
            }
        } catch (IOException | XMLStreamException e) {
            throw partFailure(e, "the workbook's sheet list");
        }
    }

    // ---------------------------------------------------------------- parts

    private InputStream relatedPart(String relationType, String what, long limit) {
        PackageRelationshipCollection rels;
        try {
            rels = workbookPart.getRelationshipsByType(relationType);
        } catch (InvalidFormatException e) {
            throw new BadFileException("the workbook is damaged: " + what + ": " + reason(e), e);
        }
        if (rels.isEmpty()) {
            return null;
        }
        try {
            PackagePart part = pkg.getPart(PackagingURIHelper.createPartName(rels.getRelationship(0).getTargetURI()));
            return part == null ? null : bounded(part, what, limit);
        } catch (InvalidFormatException e) {
            throw new BadFileException("the workbook is damaged: " + what + ": " + reason(e), e);
        }
    }

    private InputStream bounded(PackagePart part, String what, long limit) {
        try {
            return new Bounded(part.getInputStream(), what, limit);
        } catch (IOException e) {
            throw partFailure(e, what);
        }
    }

    /** Counts what a part expands to; past the bound the file is refused, whatever its ZIP header claimed. */
    private static final class Bounded extends FilterInputStream {
        private final String what;
        private final long limit;
        private long count;

        Bounded(InputStream in, String what, long limit) {
            super(in);
            this.what = what;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = guarded(() -> super.read());
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = guarded(() -> super.read(b, off, len));
            if (n > 0) add(n);
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw new BadFileException(what + " of the workbook expands to more than " + mib(limit)
                        + " (a zip bomb, or far more data than a table holds); refused");
            }
        }

        private interface Read { int run() throws IOException; }

        private int guarded(Read r) throws IOException {
            try {
                return r.run();
            } catch (IOException e) {
                throw partFailure(e, what);
            }
        }
    }

    /** POI's zip-bomb guard and a broken deflate stream both surface as IOExceptions while a part is read. */
    static BadFileException partFailure(Exception e, String what) {
        if (e instanceof BadFileException b) {
            return b;
        }
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("Zip bomb detected")) {
            return new BadFileException(what + " of the workbook expands more than " + MAX_EXPANSION_RATIO
                    + " times its compressed size (a zip bomb); refused", e);
        }
        if (e instanceof XMLStreamException) {
            return new BadFileException(what + " of the workbook is not well-formed XML (" + xmlReason((XMLStreamException) e)
                    + "); open the workbook in Excel and save it again", e);
        }
        return new BadFileException(what + " of the workbook cannot be read (" + m + "): the file is damaged or"
                + " incomplete; open it in Excel and save it again", e);
    }

    private static String xmlReason(XMLStreamException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("Message: ");
        return i >= 0 ? m.substring(i + 9).strip() : m.strip();
    }

    // ---------------------------------------------------------------- XML

    private static XMLInputFactory secureXmlFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    static XMLStreamReader xml(InputStream in, String what) {
        try {
            return XML.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw partFailure(e, what);
        }
    }

    /**
     * The next event, with a DOCTYPE refused outright: a workbook never needs one, and it is how external
     * entities (XXE) and entity expansion ("billion laughs") get in.
     */
    static int next(XMLStreamReader x, String what) throws XMLStreamException {
        int e = x.next();
        if (e == XMLStreamConstants.DTD || e == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new BadFileException(what + " of the workbook declares a DOCTYPE or entities, which no spreadsheet"
                    + " program writes (it is how XML attacks work); refused");
        }
        return e;
    }

    // ---------------------------------------------------------------- container checks

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(FormatSniffer.SAMPLE_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 && b[3] == 4 || b[2] == 5 && b[3] == 6 || b[2] == 7 && b[3] == 8);
    }

    static boolean isOle2(byte[] b) {
        return b.length >= 8 && (b[0] & 0xFF) == 0xD0 && (b[1] & 0xFF) == 0xCF && (b[2] & 0xFF) == 0x11 && (b[3] & 0xFF) == 0xE0
                && (b[4] & 0xFF) == 0xA1 && (b[5] & 0xFF) == 0xB1 && (b[6] & 0xFF) == 0x1A && (b[7] & 0xFF) == 0xE1;
    }

    /** Whether the file starts like a workbook container (ZIP or OLE2): such files go to the Excel reader. */
    static boolean looksLikeWorkbook(Path file) {
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return isZip(b) || isOle2(b);
    }

    /**
     * An OLE2 compound file: an encrypted .xlsx (Excel puts those in OLE2), an old .xls, or another Office document.
     * Only the directory is read: POIFS opens a file without loading it.
     */
    private static String describeOle2(Path file) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            if (root.hasEntryCaseInsensitive("EncryptionInfo") || root.hasEntryCaseInsensitive("EncryptedPackage")) {
                return "the workbook is password-protected (encrypted), so it cannot be read; open it in Excel, remove"
                        + " the password (File > Info > Protect Workbook > Encrypt with Password, empty) and send it again";
            }
            if (root.hasEntryCaseInsensitive("Workbook") || root.hasEntryCaseInsensitive("Book")) {
                return "the file is an old Excel 97-2003 workbook (.xls), which the hub does not read; open it in Excel"
                        + " or LibreOffice and save it as .xlsx (Excel Workbook) or CSV";
            }
            if (root.hasEntryCaseInsensitive("WordDocument")) {
                return "the file is an old Word document (.doc), not " + WORKBOOK + "; send the table as .xlsx or CSV";
            }
            return "the file is an old-style Office document (OLE2) that holds no workbook; send the table as .xlsx or CSV";
        } catch (IOException | RuntimeException e) {
            return "the file starts like an old Office document (.xls) but is damaged (" + reason(e)
                    + "); open it in Excel and save it as .xlsx or CSV";
        }
    }

    /** Not a ZIP at all: name what it is (HTML page, PDF, image, text such as CSV saved under an .xlsx name). */
    private static String describeNotZip(byte[] b) {
        try {
            FormatSniffer.rejectBinary(b, WORKBOOK);
            Charset cs = FormatSniffer.bomCharset(b);
            String text = new String(b, cs == null ? StandardCharsets.UTF_8 : cs);
            FormatSniffer.rejectHtml(text, WORKBOOK);
            if (b.length == 0) {
                return "the file is empty, not " + WORKBOOK;
            }
            if (FormatSniffer.isValidUtf8(b, true) || cs != null) {
                String first = text.strip().lines().findFirst().orElse("").replace("\uFEFF", "");
                if (first.length() > 60) first = first.substring(0, 60) + "...";
                return "the file is text, not " + WORKBOOK + " (perhaps a CSV file renamed to .xlsx; it starts with \""
                        + first + "\"); send the workbook itself, or set the source's format to csv";
            }
            return "the file is not " + WORKBOOK + " (it is not a ZIP archive); open it in Excel and save it as .xlsx";
        } catch (BadFileException e) {
            return e.getMessage();
        }
    }

    /**
     * Reads the ZIP's central directory before POI does: the entry count, each entry's declared size and ratio,
     * and the small parts POI parses into memory when opening (content types, relationships, properties), which are
     * inflated here once and counted, since a declared size can lie.
     */
    private static void checkZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            int entries = 0;
            boolean contentTypes = false;
            Set<String> names = new HashSet<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (++entries > MAX_ENTRIES) {
                    throw new BadFileException("the workbook holds more than " + MAX_ENTRIES + " ZIP entries; this is not"
                            + " a workbook we read (perhaps a zip bomb)");
                }
                String name = e.getName();
                names.add(name.toLowerCase(Locale.ROOT));
                contentTypes |= name.equals("[Content_Types].xml");
                long size = e.getSize();
                long packed = e.getCompressedSize();
                boolean sheet = name.startsWith("xl/worksheets/");
                long limit = sheet ? MAX_SHEET_BYTES : name.startsWith("xl/sharedStrings") ? MAX_SHARED_STRINGS_BYTES
                        : isSmallPart(name) ? MAX_SMALL_PART_BYTES : MAX_SHEET_BYTES;
                if (size > limit) {
                    throw new BadFileException("the workbook's part '" + name + "' expands to " + mib(size) + ", more than the "
                            + mib(limit) + " allowed (a zip bomb, or far more data than a table holds); refused");
                }
                if (size > RATIO_GRACE_BYTES && packed > 0 && size / packed > MAX_EXPANSION_RATIO) {
                    throw new BadFileException("the workbook's part '" + name + "' expands " + (size / packed)
                            + " times its compressed size, more than the " + MAX_EXPANSION_RATIO
                            + " times a real sheet does (a zip bomb); refused");
                }
                if (isSmallPart(name)) {
                    inflateCounting(zip, e, name);
                }
            }
            if (!contentTypes) {
                throw new BadFileException(zipKind(names));
            }
        } catch (ZipException e) {
            throw new BadFileException("the workbook is damaged: it is not a readable ZIP archive (" + e.getMessage()
                    + "); open it in Excel or LibreOffice and save it again as .xlsx", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parts POI parses into memory (DOM) when it opens the package. */
    private static boolean isSmallPart(String name) {
        return name.equals("[Content_Types].xml") || name.endsWith(".rels") || name.startsWith("docProps/");
    }

    /**
     * Inflates a part POI will parse, counting its size and looking for a DOCTYPE: POI's parsers refuse one too, but
     * quietly skip the part, and the person who sent the file should hear why it was refused.
     */
    private static void inflateCounting(ZipFile zip, ZipEntry e, String name) throws IOException {
        byte[] buf = new byte[8192];
        byte[] doctype = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        long total = 0;
        try (InputStream in = zip.getInputStream(e)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > MAX_SMALL_PART_BYTES) {
                    throw new BadFileException("the workbook's part '" + name + "' expands to more than "
                            + mib(MAX_SMALL_PART_BYTES) + " although such a part is a few kilobytes (a zip bomb); refused");
                }
                for (int i = 0; i < n; i++) {
                    matched = buf[i] == doctype[matched] ? matched + 1 : buf[i] == '<' ? 1 : 0;
                    if (matched == doctype.length) {
                        throw new BadFileException("the workbook's part '" + name + "' declares a DOCTYPE, which no"
                                + " spreadsheet program writes (it is how XML attacks work); refused");
                    }
                }
            }
        }
    }

    private static String zipKind(Set<String> names) {
        if (names.contains("mimetype") && names.contains("content.xml")) {
            return "the file is an OpenDocument file (LibreOffice .ods), not " + WORKBOOK
                    + "; in LibreOffice use File > Save As > Excel 2007-365 (.xlsx), or save it as CSV";
        }
        return "the file is a ZIP archive, not " + WORKBOOK + " (it has no [Content_Types].xml); unpack it and send"
                + " the workbook or CSV file inside";
    }

    private static String officeKind(String contentType) {
        if (contentType.contains("wordprocessingml")) return "a Word document";
        if (contentType.contains("presentationml")) return "a PowerPoint presentation";
        return "an Office document of type " + contentType;
    }

    static String mib(long bytes) {
        return bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0
                ? bytes / (1024L * 1024 * 1024) + " GiB"
                : String.format(Locale.ROOT, "%,d MiB", Math.max(1, (bytes + 1024 * 1024 - 1) / (1024 * 1024)));
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        m = m.lines().findFirst().orElse(m).strip();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
