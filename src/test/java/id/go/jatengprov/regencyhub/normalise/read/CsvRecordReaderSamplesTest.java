package id.go.jatengprov.regencyhub.normalise.read;

import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.readAll;
import static id.go.jatengprov.regencyhub.normalise.read.TestFiles.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import id.go.jatengprov.regencyhub.config.CsvSettings;

/** The real files from SOURCES.md: counts checked against `wc -l` and the files' own layout. */
class CsvRecordReaderSamplesTest {

    @Test
    void ipmHas175RecordsOnLines2To176() {
        List<String> wanted = List.of("kod_wil", "kab_kota", "indikator", "indeks", "tahun_data");
        try (CsvRecordReader r = CsvRecordReader.open(sample("ipm_jateng_2024_datajatengprov_semicolon.csv"), CsvSettings.auto(), wanted)) {
            assertThat(r.headerRow()).isEqualTo(1);
            assertThat(r.header()).containsExactly("tahun_data", "kod_wil", "kab_kota", "indikator", "indeks");
            List<SourceRecord> recs = readAll(r);
            assertThat(recs).hasSize(175);
            assertThat(r.skippedRows()).isZero();
            assertThat(recs.get(0)).isEqualTo(new SourceRecord(2,
                    new String[] {"3301", "Kabupaten Cilacap", "Usia Harapan Hidup saat Lahir (tahun)", "74,57", "2024"},
                    "2024;3301;Kabupaten Cilacap;Usia Harapan Hidup saat Lahir (tahun);74,57"));
            assertThat(recs.get(1).row()).isEqualTo(3);
            assertThat(recs.get(1).cells()).containsExactly("3301", "Kabupaten Cilacap", "Harapan Lama Sekolah (tahun)", "12,69", "2024");
            SourceRecord last = recs.get(174);
            assertThat(last.row()).isEqualTo(176);
            assertThat(last.cells()).containsExactly("3376", "Kota Tegal", "Indeks Pembangunan Manusia", "77,43", "2024");
            assertThat(recs).allMatch(SourceRecord::ok);
            assertThat(recs).extracting(SourceRecord::row).doesNotHaveDuplicates().isSorted();
        }
    }

    @Test
    void faskesHas105RecordsAndTheBomDoesNotSpoilTheFirstColumnName() {
        List<String> wanted = List.of("Wilayah", "Tahun", "Rumah Sakit Umum", "Posyandu");
        try (CsvRecordReader r = CsvRecordReader.open(sample("faskes_jateng_bps_2021_2023.csv"), CsvSettings.auto(), wanted)) {
            assertThat(r.header()).hasSize(8).startsWith("Wilayah", "Tahun");
            List<SourceRecord> recs = readAll(r);
            assertThat(recs).hasSize(105);
            assertThat(r.skippedRows()).isZero();
            assertThat(recs.get(0).row()).isEqualTo(2);
            assertThat(recs.get(0).cells()).containsExactly("Kabupaten Cilacap", "2021", "12", "2176");
            assertThat(recs.get(0).raw()).isEqualTo("Kabupaten Cilacap,2021,12,1,38,17,34,2176");
            assertThat(recs.get(104).row()).isEqualTo(106);
            assertThat(recs.get(104).cells()).containsExactly("Kota Tegal", "2023", "3", "208");
            // 35 regencies/cities times 3 years
            assertThat(recs).filteredOn(x -> x.cell(1).equals("2022")).hasSize(35);
        }
    }

    @Test
    void bayiHas140DataRowsAndSkipsThe35TrailingExcelRows() {
        // 176 lines = header (line 1) + 140 data rows (lines 2-141) + 35 ",,,," rows (lines 142-176)
        List<String> wanted = List.of("Wilayah", "Tahun", "Jumlah Bayi Lahir", "Jumlah Bayi BBLR", "Jumlah Kurang Gizi");
        try (CsvRecordReader r = CsvRecordReader.open(sample("bayi_bblr_gizi_jateng_bps.csv"), CsvSettings.auto(), wanted)) {
            List<SourceRecord> recs = readAll(r);
            assertThat(recs).hasSize(140);
            assertThat(r.skippedRows()).isEqualTo(35);
            assertThat(recs.get(0)).isEqualTo(new SourceRecord(2,
                    new String[] {"Kabupaten Cilacap", "2020", "28303", "1052", "5878"},
                    "Kabupaten Cilacap,2020,28303,1052,5878"));
            assertThat(recs.get(139).row()).isEqualTo(141);
            assertThat(recs.get(139).cells()).containsExactly("Kota Tegal", "2023", "3410", "497", "928");
            assertThat(recs).extracting(x -> x.cell(1)).containsOnly("2020", "2021", "2022", "2023");
        }
    }

    @Test
    void recordReadersOpensCsvByFormatName() {
        try (RecordReader r = RecordReaders.open(sample("faskes_jateng_bps_2021_2023.csv"), "CSV", null, null, List.of("Wilayah"))) {
            assertThat(r.sniffed().delimiter()).isEqualTo(',');
            assertThat(readAll(r)).hasSize(105);
        }
    }
}
