package id.go.jatengprov.regencyhub.console;

import java.util.Map;

/**
 * Where each of the 35 regencies sits on the console's tile map of Jawa Tengah: a grid of 6 rows and 11
 * columns, west to east and north to south roughly as on the map, with a short name for the tile.
 */
final class TileMap {

    record Tile(int row, int col, String shortName) {}

    private TileMap() {}

    static final Map<String, Tile> TILES = Map.ofEntries(
            Map.entry("33.76", new Tile(1, 2, "Kt Tegal")),
            Map.entry("33.75", new Tile(1, 4, "Kt Pekalongan")),
            Map.entry("33.20", new Tile(1, 9, "Jepara")),
            Map.entry("33.29", new Tile(2, 1, "Brebes")),
            Map.entry("33.28", new Tile(2, 2, "Tegal")),
            Map.entry("33.27", new Tile(2, 3, "Pemalang")),
            Map.entry("33.26", new Tile(2, 4, "Pekalongan")),
            Map.entry("33.25", new Tile(2, 5, "Batang")),
            Map.entry("33.24", new Tile(2, 6, "Kendal")),
            Map.entry("33.74", new Tile(2, 7, "Kt Semarang")),
            Map.entry("33.21", new Tile(2, 8, "Demak")),
            Map.entry("33.19", new Tile(2, 9, "Kudus")),
            Map.entry("33.18", new Tile(2, 10, "Pati")),
            Map.entry("33.17", new Tile(2, 11, "Rembang")),
            Map.entry("33.02", new Tile(3, 2, "Banyumas")),
            Map.entry("33.03", new Tile(3, 3, "Purbalingga")),
            Map.entry("33.04", new Tile(3, 4, "Banjarnegara")),
            Map.entry("33.07", new Tile(3, 5, "Wonosobo")),
            Map.entry("33.23", new Tile(3, 6, "Temanggung")),
            Map.entry("33.22", new Tile(3, 7, "Semarang")),
            Map.entry("33.15", new Tile(3, 9, "Grobogan")),
            Map.entry("33.16", new Tile(3, 11, "Blora")),
            Map.entry("33.01", new Tile(4, 2, "Cilacap")),
            Map.entry("33.05", new Tile(4, 4, "Kebumen")),
            Map.entry("33.08", new Tile(4, 5, "Magelang")),
            Map.entry("33.71", new Tile(4, 6, "Kt Magelang")),
            Map.entry("33.73", new Tile(4, 7, "Kt Salatiga")),
            Map.entry("33.09", new Tile(4, 8, "Boyolali")),
            Map.entry("33.14", new Tile(4, 10, "Sragen")),
            Map.entry("33.06", new Tile(5, 5, "Purworejo")),
            Map.entry("33.10", new Tile(5, 7, "Klaten")),
            Map.entry("33.72", new Tile(5, 8, "Kt Surakarta")),
            Map.entry("33.13", new Tile(5, 9, "Karanganyar")),
            Map.entry("33.11", new Tile(6, 8, "Sukoharjo")),
            Map.entry("33.12", new Tile(6, 9, "Wonogiri")));

    static Tile of(String regency) {
        return TILES.getOrDefault(regency, new Tile(6, 11, regency));
    }
}
