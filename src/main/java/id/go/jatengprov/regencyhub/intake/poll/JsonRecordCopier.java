package id.go.jatengprov.regencyhub.intake.poll;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Streams one JSON page: copies each element of the array at {@code recordsPointer} into an output
 * array, and captures the scalar values at a few other pointers (a total, a next-page URL, CKAN's
 * success flag). Nothing but the current record is held in memory.
 */
final class JsonRecordCopier {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200)
                    .maxStringLength(10_000_000).maxNumberLength(1000).build())
            .build();

    /** What one page held. */
    record Page(int records, boolean recordsFound, Map<String, String> values) {}

    private JsonRecordCopier() {}

    /**
     * @param out generator positioned inside the combined output array
     * @param pointers scalar pointers to capture (e.g. "/result/total")
     */
    static Page copy(InputStream in, String recordsPointer, Set<String> pointers, JsonGenerator out) throws IOException {
        String records = recordsPointer == null ? "" : recordsPointer;
        Map<String, String> values = new HashMap<>();
        int count = 0;
        boolean found = false;
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    stack.peekLast().field = escape(p.currentName());
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pollLast();
                    continue;
                }
                Frame top = stack.peekLast();
                String segment = top == null ? null : top.array ? String.valueOf(top.next++) : top.field;
                String here = pointer(stack) + (segment == null ? "" : "/" + segment);
                if (here.equals(records)) {
                    if (t != JsonToken.START_ARRAY) {
                        throw new PollException("'" + (records.isEmpty() ? "/" : records) + "' is "
                                + (t == JsonToken.START_OBJECT ? "a JSON object" : "a single value") + ", expected an array of records");
                    }
                    found = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() != JsonToken.START_OBJECT) {
                            throw new PollException("element " + count + " of '" + records + "' is not a JSON object");
                        }
                        out.copyCurrentStructure(p);
                        count++;
                    }
                    continue;
                }
                if (t.isStructStart()) {
                    stack.addLast(new Frame(t == JsonToken.START_ARRAY, segment));
                } else if (pointers.contains(here)) {
                    values.put(here, t == JsonToken.VALUE_NULL ? null : p.getText());
                }
            }
        } catch (StreamConstraintsException e) {
            throw new PollException("the JSON exceeds a safety limit: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw new PollException("the body is not valid JSON (truncated or not JSON) at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        return new Page(count, found, values);
    }

    /** One open object or array on the way down, with the path segment that leads to it. */
    private static final class Frame {
        final boolean array;
        final String segment;
        int next;
        String field;

        Frame(boolean array, String segment) {
            this.array = array;
            this.segment = segment;
        }
    }

    private static String pointer(Deque<Frame> stack) {
        StringBuilder sb = new StringBuilder();
        for (Frame f : stack) {
            if (f.segment != null) sb.append('/').append(f.segment);
        }
        return sb.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
