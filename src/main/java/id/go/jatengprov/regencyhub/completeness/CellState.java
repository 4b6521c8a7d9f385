package id.go.jatengprov.regencyhub.completeness;

import java.util.Locale;

/**
 * The state of one cell (dataset × regency × period), in the order {@link Completeness} decides it: a complete
 * delivery is {@link #ON_TIME} or {@link #LATE}; otherwise a newest delivery that failed is {@link #FAILED}; some
 * rows are {@link #PARTIAL}; nothing is {@link #DUE} while the window is open and {@link #OVERDUE} after.
 */
public enum CellState {
    ON_TIME, LATE, FAILED, PARTIAL, DUE, OVERDUE;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** As the API and the console write it: on-time, late, failed, partial, due, overdue. */
    public String label() {
        return label;
    }

    /** Still owed: anything but a complete delivery. */
    public boolean missing() {
        return this != ON_TIME && this != LATE;
    }

    public static CellState fromLabel(String label) {
        for (CellState s : values()) {
            if (s.label.equals(label)) return s;
        }
        throw new IllegalArgumentException("unknown state '" + label + "'");
    }
}
