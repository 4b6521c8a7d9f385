package id.go.jatengprov.regencyhub.batch;

import java.io.IOException;
import java.io.Writer;

import id.go.jatengprov.regencyhub.support.Csv;

/**
 * A batch's rejects as CSV, one format wherever a regency gets them: the API ({@code GET /api/v1/batches/{id}/rejects})
 * and the {@code <name>.rejects.csv} beside a dropped file. Columns row, column, reason, value, cell; the cell (a
 * workbook's {@code 'Tabel 1'!C7}) came last, so clients that read the first four keep working. Cells a spreadsheet
 * would run as a formula are defused ({@link Csv#cell}).
 */
public final class RejectsCsv {

    public static final String HEADER = "row,column,reason,value,cell\r\n";

    private RejectsCsv() {}

    public static void write(Writer w, Iterable<BatchStore.Reject> rejects) throws IOException {
        w.write(HEADER);
        for (BatchStore.Reject r : rejects) {
            w.write(line(r));
        }
    }

    public static String line(BatchStore.Reject r) {
        return r.row() + "," + Csv.cell(r.column()) + "," + Csv.cell(r.reason()) + "," + Csv.cell(r.value()) + ","
                + Csv.cell(r.cell()) + "\r\n";
    }
}
