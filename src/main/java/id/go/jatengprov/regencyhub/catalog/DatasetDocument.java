package id.go.jatengprov.regencyhub.catalog;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import id.go.jatengprov.regencyhub.config.DatasetDef;
import id.go.jatengprov.regencyhub.config.DatasetInfo;
import id.go.jatengprov.regencyhub.config.FieldDef;
import id.go.jatengprov.regencyhub.config.FieldType;
import id.go.jatengprov.regencyhub.publish.CkanTarget;
import id.go.jatengprov.regencyhub.publish.PublishState;

/** A dataset as the catalogue API shows it: its metadata, fields, where it lives, links to its rows, and publishing. */
final class DatasetDocument {

    private DatasetDocument() {}

    static Map<String, Object> of(DatasetDef d, OffsetDateTime lastLoadedAt, Map<String, Object> publish) {
        DatasetInfo i = d.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("title", d.title());
        m.put("description", i.description());
        m.put("producer", i.producer());
        m.put("steward", i.steward());
        m.put("periodicity", i.periodicity() == null ? null : i.periodicity().configName());
        m.put("licence", i.licence());
        m.put("references", i.references());
        m.put("tags", i.tags());
        m.put("sourceNotes", i.sourceNotes());
        m.put("key", d.key());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (FieldDef f : d.fields()) fields.add(field(d, f));
        m.put("fields", fields);
        m.put("table", "warehouse." + d.id());
        m.put("view", "warehouse." + d.id() + "_v");
        m.put("lastLoadedAt", lastLoadedAt);
        String rows = "/api/v1/datasets/" + d.id() + "/rows";
        m.put("links", Map.of("rows", rows, "csv", rows + "?format=csv", "json", rows + "?format=json"));
        m.put("publish", publish);
        return m;
    }

    private static Map<String, Object> field(DatasetDef d, FieldDef f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("type", f.type().configName());
        if (f.level() != null) m.put("level", f.level().configName());
        if (f.grain() != null) m.put("grain", f.grain().configName());
        m.put("description", f.description());
        m.put("unit", f.unit());
        m.put("required", d.isRequired(f));
        if (f.type() == FieldType.CODE) {
            List<Map<String, String>> codes = new ArrayList<>();
            for (String v : f.values()) {
                Map<String, String> c = new LinkedHashMap<>();
                c.put("code", v);
                c.put("label", f.label(v));
                codes.add(c);
            }
            m.put("codes", codes);
        }
        return m;
    }

    /** Publishing: where to, how it stands; the portal's error only for operators. */
    static Map<String, Object> publish(DatasetDef d, PublishState s, int waitingBatches, boolean operator) {
        if (d.info().publish() == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("portal", CkanTarget.of(d.info().publish()).datasetPage().toString());
        m.put("status", s == null ? "never" : s.status(waitingBatches > 0));
        m.put("waitingBatches", waitingBatches);
        m.put("publishedThroughBatch", s == null || s.publishedThrough() == null ? null : String.valueOf(s.publishedThrough()));
        m.put("rowsPublished", s == null ? 0 : s.rowsPublished());
        m.put("lastSuccessAt", s == null ? null : s.lastSuccessAt());
        m.put("lastAttemptAt", s == null ? null : s.lastAttemptAt());
        m.put("consecutiveFailures", s == null ? 0 : s.consecutiveFailures());
        m.put("nextAttemptAt", s == null ? null : s.nextAttemptAt());
        if (operator) m.put("lastError", s == null ? null : s.lastError());
        if (s != null && s.runInProgress()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("batches", s.runBatches().stream().map(String::valueOf).toList());
            run.put("allRows", s.runAllRows());
            run.put("rowsSent", s.runRowsSent());
            run.put("startedAt", s.runStartedAt());
            m.put("run", run);
        } else {
            m.put("run", null);
        }
        return m;
    }
}
