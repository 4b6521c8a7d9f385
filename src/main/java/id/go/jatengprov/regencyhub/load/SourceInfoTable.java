package id.go.jatengprov.regencyhub.load;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import id.go.jatengprov.regencyhub.config.HubConfig;
import id.go.jatengprov.regencyhub.config.SourceDef;

/**
 * Keeps hub.source_info (what warehouse.source shows) equal to the configured sources: id, title, description,
 * owner, dataset, kind, schedule and format, never an address or a header, so no secret. A source no longer
 * configured stays, marked {@code in_config = false}: the rows it loaded still name it.
 */
public class SourceInfoTable {

    private final JdbcTemplate jdbc;

    public SourceInfoTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void sync(HubConfig config) {
        List<Object[]> rows = new ArrayList<>();
        for (SourceDef s : config.sources().values()) {
            rows.add(new Object[] {s.id(), s.title(), s.description(), s.regency(), s.dataset(),
                    s.kind().name().toLowerCase(java.util.Locale.ROOT), s.schedule(), s.format()});
        }
        jdbc.batchUpdate("""
                INSERT INTO hub.source_info (source_id, title, description, regency, dataset_id, kind, schedule, format)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source_id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
                    regency = EXCLUDED.regency, dataset_id = EXCLUDED.dataset_id, kind = EXCLUDED.kind,
                    schedule = EXCLUDED.schedule, format = EXCLUDED.format, in_config = true, updated_at = now()
                WHERE (hub.source_info.title, hub.source_info.description, hub.source_info.regency, hub.source_info.dataset_id,
                       hub.source_info.kind, hub.source_info.schedule, hub.source_info.format, hub.source_info.in_config)
                      IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.description, EXCLUDED.regency, EXCLUDED.dataset_id,
                       EXCLUDED.kind, EXCLUDED.schedule, EXCLUDED.format, true)""", rows);
        jdbc.update("UPDATE hub.source_info SET in_config = false, updated_at = now() WHERE in_config AND NOT (source_id = ANY (?))",
                (Object) config.sources().keySet().toArray(String[]::new));
    }
}
