package id.go.jatengprov.regencyhub.normalise;

/**
 * A record that is not data and was left out on purpose, neither loaded nor rejected: a total row such as
 * "JUMLAH", "Jumlah Kab/Kota" or the province itself ("Jawa Tengah", "3300") below a regency table.
 */
public record Skip(long row, String reason) {

    @Override
    public String toString() {
        return "row " + row + ": " + reason;
    }
}
