package id.go.jatengprov.regencyhub.intake.drop;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.stereotype.Component;

import id.go.jatengprov.regencyhub.batch.BatchStore;
import id.go.jatengprov.regencyhub.batch.RejectsCsv;
import id.go.jatengprov.regencyhub.support.Csv;

/**
 * A batch's rejects as the CSV that {@code GET /api/v1/batches/{id}/rejects} gives ({@link RejectsCsv}), for
 * regencies that only use folders. Written at intake, so it holds the rows the normaliser refused; rows refused later
 * while loading (a key twice in the file) are in the API only. Bounded: past {@link #MAX_ROWS} a last line says
 * where the rest is.
 */
@Component
public class RejectsReport {

    static final int MAX_ROWS = 50_000;

    private final BatchStore batches;

    public RejectsReport(BatchStore batches) {
        this.batches = batches;
    }

    /** The CSV, or null when the batch has no rejects. */
    byte[] csv(long batchId) {
        List<BatchStore.Reject> rejects = batches.rejects(batchId, MAX_ROWS);
        if (rejects.isEmpty()) return null;
        StringBuilder out = new StringBuilder(RejectsCsv.HEADER);
        rejects.forEach(r -> out.append(RejectsCsv.line(r)));
        if (rejects.size() == MAX_ROWS) {
            out.append(",,").append(Csv.cell("only the first " + MAX_ROWS + " rejects are listed here; all of them: GET /api/v1/batches/"
                    + batchId + "/rejects")).append(",,\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
