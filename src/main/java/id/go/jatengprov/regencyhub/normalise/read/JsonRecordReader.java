package id.go.jatengprov.regencyhub.normalise.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams the records of a JSON document: an array of objects, either the document itself or found
 * at a JSON pointer such as {@code /result/records}. Only one record is held in memory at a time.
 *
 * <p>Keys match the wanted columns ignoring case and surrounding whitespace. Values become text:
 * strings trimmed like CSV cells, numbers exactly as written ({@code 74.570} stays "74.570"),
 * {@code true}/{@code false}, JSON null as null, nested objects/arrays as their JSON text.
 */
public final class JsonRecordReader implements RecordReader {

    static final int MAX_NESTING_DEPTH = 200;
    static final int MAX_STRING_CHARS = 10_000_000;
    static final int MAX_NUMBER_CHARS = 1000;

    // Jackson's defaults (1000 levels, 20M chars) are looser than a record file ever needs
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .build())
            .build();

    private final Path file;
    private final JsonParser parser;
    private final List<String> wanted;
    private final Map<String, Integer> wantedIndex = new HashMap<>();
    private final String where;
    private List<String> header = List.of();
    private long index;
    private SourceRecord next;
    private boolean done;
    /** Actual key spelling of each wanted column in the record being read. */
    private String[] keysSeen;

    private JsonRecordReader(Path file, JsonParser parser, String pointer, List<String> wanted) {
        this.file = file;
        this.parser = parser;
        this.wanted = List.copyOf(wanted);
        for (int k = 0; k < this.wanted.size(); k++) {
            wantedIndex.putIfAbsent(normaliseKey(this.wanted.get(k)), k);
        }
        this.where = pointer.isEmpty() ? "the JSON document" : "'" + pointer + "'";
        try {
            moveToArray(pointer);
            // read the first record now so header() can report the columns it has
            next = readRecord();
            done = next == null;
            if (next != null) {
                List<String> h = new ArrayList<>();
                for (String key : keysSeen) {
                    if (key != null) {
                        h.add(key);
                    }
                }
                header = Collections.unmodifiableList(h);
            }
        } catch (IOException e) {
            throw translate(e);
        }
    }

    public static JsonRecordReader open(Path file, String recordsPointer, List<String> wantedColumns) {
        String pointer = recordsPointer == null || recordsPointer.isBlank() || recordsPointer.equals("/")
                ? "" : recordsPointer.strip();
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new IllegalArgumentException("JSON records pointer '" + recordsPointer
                    + "' must start with '/', e.g. /result/records");
        }
        FormatSniffer.rejectNonJson(file);
        JsonParser p;
        try {
            p = FACTORY.createParser(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return new JsonRecordReader(file, p, pointer, wantedColumns == null ? List.of() : wantedColumns);
        } catch (RuntimeException e) {
            try {
                p.close();
            } catch (IOException ignored) {
                // already failing with a better exception
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- navigation

    /** Walks to the array at the pointer, skipping everything else without building it. */
    private void moveToArray(String pointer) throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            throw new BadFileException("the JSON document is empty: expected an array of records");
        }
        JsonPointer ptr = JsonPointer.compile(pointer);
        StringBuilder path = new StringBuilder();
        while (!ptr.matches()) {
            boolean found = false;
            if (t == JsonToken.START_OBJECT) {
                String property = ptr.getMatchingProperty();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (name.equals(property)) {
                        found = true;
                        break;
                    }
                    parser.skipChildren();
                }
            } else if (t == JsonToken.START_ARRAY && ptr.getMatchingIndex() >= 0) {
                int wantedIdx = ptr.getMatchingIndex();
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (i++ == wantedIdx) {
                        found = true;
                        break;
                    }
                    parser.skipChildren();
                }
            }
            if (!found) {
                throw new BadFileException("no '" + pointer + "' in the JSON document"
                        + (path.length() > 0 ? " ('" + path + "' is " + describe(t) + " without '" + ptr.getMatchingProperty() + "')" : "")
                        + "; check the records pointer");
            }
            path.append('/').append(ptr.getMatchingProperty());
            ptr = ptr.tail();
            t = parser.currentToken();
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadFileException(where + " is " + describe(t) + ", expected an array of records"
                    + (pointer.isEmpty() ? "; set the records pointer to where the array is (e.g. /result/records)" : ""));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "missing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    // ---------------------------------------------------------------- records

    private SourceRecord readRecord() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY) {
            // read on to the end so a truncated document is still noticed
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
            return null;
        }
        index++;
        if (t != JsonToken.START_OBJECT) {
            JsonLocation loc = parser.currentTokenLocation();
            throw new BadFileException("line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": record "
                    + index + " of " + where + " is " + describe(t) + ", expected an object with the columns; "
                    + "each element of the records array must be a JSON object");
        }
        String[] cells = new String[wanted.size()];
        keysSeen = new String[wanted.size()];
        String problem = null;
        CappedWriter raw = new CappedWriter(SourceRecord.MAX_RAW);
        try (JsonGenerator g = FACTORY.createGenerator(raw)) {
            g.writeStartObject();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                g.writeFieldName(name);
                Integer k = wantedIndex.get(normaliseKey(name));
                JsonToken v = parser.nextToken();
                String text;
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    if (k == null) {
                        g.copyCurrentStructureExact(parser);
                        continue;
                    }
                    StringWriter sw = new StringWriter();
                    try (JsonGenerator g2 = FACTORY.createGenerator(sw)) {
                        g2.copyCurrentStructureExact(parser);
                    }
                    text = sw.toString();
                    g.writeRawValue(text);
                } else {
                    g.copyCurrentEventExact(parser);
                    if (k == null) {
                        continue;
                    }
                    // getText() gives numbers exactly as written in the document
                    text = v == JsonToken.VALUE_NULL ? null
                            : v == JsonToken.VALUE_STRING ? CsvRecordReader.trim(parser.getText()) : parser.getText();
                }
                if (keysSeen[k] != null && problem == null) {
                    problem = "record has column '" + wanted.get(k) + "' twice (keys '" + keysSeen[k] + "' and '" + name + "')";
                }
                keysSeen[k] = name;
                cells[k] = text;
            }
            g.writeEndObject();
        }
        return new SourceRecord(index, cells, raw.text(), problem);
    }

    private static String normaliseKey(String key) {
        return CsvRecordReader.trim(key).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = readRecord();
            } catch (IOException e) {
                throw translate(e);
            }
            done = next == null;
        }
        return next != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord r = next;
        next = null;
        return r;
    }

    // ---------------------------------------------------------------- errors

    private RuntimeException translate(IOException e) {
        if (!(e instanceof JsonProcessingException jpe)) {
            return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonLocation loc = jpe.getLocation() != null ? jpe.getLocation() : parser.currentLocation();
        String at = "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        String original = jpe.getOriginalMessage() == null ? "" : jpe.getOriginalMessage();
        String msg;
        if (e instanceof StreamConstraintsException) {
            if (original.contains("nesting depth")) {
                msg = at + ": the JSON is nested more than " + MAX_NESTING_DEPTH
                        + " levels deep; records must be flat objects";
            } else if (original.contains("String value length")) {
                msg = at + ": a JSON string is longer than " + String.format(Locale.ROOT, "%,d", MAX_STRING_CHARS)
                        + " characters (perhaps a missing closing quote)";
            } else if (original.contains("Number value length")) {
                msg = at + ": a JSON number is longer than " + MAX_NUMBER_CHARS + " digits";
            } else {
                msg = at + ": the JSON exceeds a size limit: " + original;
            }
        } else if (e instanceof JsonEOFException) {
            msg = at + ": the JSON document ends unexpectedly (after record " + index
                    + "): the file is truncated or a closing bracket is missing";
        } else if (e instanceof JsonParseException) {
            String first = original.lines().findFirst().orElse("").strip();
            msg = at + ": malformed JSON: " + (first.length() > 200 ? first.substring(0, 200) + "..." : first);
        } else {
            msg = at + ": the JSON cannot be read: " + original;
        }
        return new BadFileException(msg, e);
    }

    // ---------------------------------------------------------------- RecordReader

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long headerRow() {
        return 0;
    }

    @Override
    public Sniffed sniffed() {
        return null;
    }

    @Override
    public long skippedRows() {
        return 0;
    }

    @Override
    public void close() {
        done = true;
        next = null;
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the first {@code max} characters written and drops the rest (raw text for reject reports). */
    private static final class CappedWriter extends Writer {
        private final StringBuilder sb = new StringBuilder();
        private final int max;
        private boolean overflow;

        CappedWriter(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            int room = max - sb.length();
            if (len > room) {
                overflow = true;
            }
            if (room > 0) {
                sb.append(cbuf, off, Math.min(len, room));
            }
        }

        String text() {
            if (!overflow) {
                return sb.toString();
            }
            return sb.substring(0, max - 3) + "...";
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
