package id.go.jatengprov.regencyhub.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The configuration the integration tests run with: the shipped config/ as it is, plus polled sources
 * that point at the loopback {@link StubServer} instead of real portals.
 */
final class TestConfig {

    static final String IPM_MAPPING = """
            mapping:
              region: { column: kod_wil }
              period: { column: tahun_data }
              indicator:
                column: indikator
                values:
                  "Usia Harapan Hidup saat Lahir (tahun)": uhh
                  "Harapan Lama Sekolah (tahun)": hls
                  "Rata-rata Lama Sekolah (tahun)": rls
                  "Pengeluaran per kapita Disesuaikan (ribu rupiah/orang/tahun)": pengeluaran
                  "Indeks Pembangunan Manusia": ipm
              value: { column: indeks }
            """;

    private TestConfig() {}

    static Path write(Path dir, StubServer stub) {
        try {
            copyTree(Path.of("config"), dir);
            Path sources = dir.resolve("sources");
            Files.writeString(sources.resolve("it-ckan-ipm.yaml"), """
                    id: it-ckan-ipm
                    regency: "33"
                    dataset: ipm
                    kind: ckan
                    schedule: "0 0 0 1 1 ? 2099"
                    ckan: { url: "%s", resource: "res-ipm", page-size: 2 }
                    """.formatted(stub.url("/ckan")) + IPM_MAPPING);
            Files.writeString(sources.resolve("it-ckan-failing.yaml"), """
                    id: it-ckan-failing
                    regency: "33"
                    dataset: ipm
                    kind: ckan
                    schedule: "0 0 0 1 1 ? 2099"
                    ckan: { url: "%s", resource: "res-missing" }
                    """.formatted(stub.url("/ckan-failing")) + IPM_MAPPING);
            Files.writeString(sources.resolve("it-http-json.yaml"), """
                    id: it-http-json
                    regency: "33"
                    dataset: poor_population
                    kind: http
                    schedule: "0 0 0 1 1 ? 2099"
                    http:
                      url: "%s"
                      format: json
                      records: /data
                      paging: { style: offset, size: 2, offset-param: offset, limit-param: limit, total: /meta/total }
                      headers: { Authorization: "Bearer ${env:HUB_POLL_SECRET_IT_TOKEN}" }
                      allow-plain-http-secrets: true   # the stub portal speaks plain http on loopback
                    mapping:
                      region: { column: kode_kabupaten_kota }
                      period: { column: tahun }
                      poor_population: { column: jumlah_penduduk_miskin }
                    """.formatted(stub.url("/api/poverty")));
            for (String[] v : new String[][] {
                    {"it-json-pages", "/api/pages", "{ style: page, page-param: page, limit-param: per_page, size: 2, pages: /meta/total_page }"},
                    {"it-json-next", "/api/next", "{ style: next, next: /links/next }"}}) {
                Files.writeString(sources.resolve(v[0] + ".yaml"), """
                        id: %s
                        regency: "33"
                        dataset: poor_population
                        kind: http
                        schedule: "0 0 0 1 1 ? 2099"
                        http:
                          url: "%s"
                          format: json
                          records: /data
                          paging: %s
                        mapping:
                          region: { column: kode_kabupaten_kota }
                          period: { column: tahun }
                          poor_population: { column: jumlah_penduduk_miskin }
                        """.formatted(v[0], stub.url(v[1]), v[2]));
            }
            Files.writeString(sources.resolve("it-ckan-dataset.yaml"), """
                    id: it-ckan-dataset
                    regency: "33"
                    dataset: ipm
                    kind: ckan
                    schedule: "0 0 0 1 1 ? 2099"
                    ckan: { url: "%s", dataset: "ipm-jateng", format: CSV }
                    """.formatted(stub.url("/portal")) + IPM_MAPPING);
            Files.writeString(sources.resolve("it-http-csv.yaml"), """
                    id: it-http-csv
                    regency: "33"
                    dataset: births
                    kind: http
                    schedule: "0 0 0 1 1 ? 2099"
                    http: { url: "%s" }
                    mapping:
                      region: { column: Wilayah }
                      period: { column: Tahun }
                      live_births: { column: Jumlah Bayi Lahir }
                      low_birth_weight: { column: Jumlah Bayi BBLR }
                      malnourished: { column: Jumlah Kurang Gizi }
                    """.formatted(stub.url("/files/births.csv")));
            // Kota Semarang's population as the Dispendukcapil workbook (ExcelIntakeTest, ExcelHostileIntakeTest)
            Files.writeString(sources.resolve("it-xlsx-population.yaml"), """
                    id: it-xlsx-population
                    regency: "33.74"
                    dataset: population
                    kind: drop
                    format: xlsx
                    excel: { sheet: "Tabel 1" }
                    max-reject-ratio: 0.5
                    mapping:
                      region: { column: Kecamatan }
                      period: { column: Tahun }
                    unpivot:
                      into: population
                      columns:
                        "Jumlah Penduduk L": { sex: L }
                        "Jumlah Penduduk P": { sex: P }
                    """);
            Files.writeString(sources.resolve("it-cron.yaml"), """
                    id: it-cron
                    regency: "33"
                    dataset: births
                    kind: http
                    schedule: "* * * * * ?"
                    http: { url: "%s" }
                    mapping:
                      region: { column: Wilayah }
                      period: { column: Tahun }
                      live_births: { column: Jumlah Bayi Lahir }
                    """.formatted(stub.url("/cron.csv")));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The every-second source always finds its file unchanged. */
    static void scriptPermanent(StubServer stub) {
        stub.on("/cron.csv", StubServer.Reply.status(304));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
