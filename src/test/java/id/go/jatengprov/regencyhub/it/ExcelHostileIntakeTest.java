package id.go.jatengprov.regencyhub.it;

import static id.go.jatengprov.regencyhub.normalise.read.Workbooks.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

import id.go.jatengprov.regencyhub.batch.Batch;
import id.go.jatengprov.regencyhub.batch.BatchStatus;
import id.go.jatengprov.regencyhub.intake.upload.UploadProperties;
import id.go.jatengprov.regencyhub.normalise.read.Workbooks;

/**
 * Hostile and disguised workbooks through the drop folder and the upload endpoint of a {@code format: xlsx}
 * source: each is refused with its reason (at the door for an upload whose first bytes already tell, else as a
 * FAILED batch that loads nothing), and the hub stays up: a good workbook loads afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExcelHostileIntakeTest extends HubTestSupport {

    static final String SOURCE = ExcelIntakeTest.SOURCE;
    static Path dir;

    /**
     * @param door for an upload refused before anything is kept, part of the 415's reason; null when the batch FAILs
     *             with {@code reason}
     */
    record Case(String name, String reason, String door, Function<Path, Path> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("bomb.xlsx", "(a zip bomb); refused", null, ExcelHostileIntakeTest::zipBomb),
                new Case("xxe.xlsx", "declares a DOCTYPE or entities", null, ExcelHostileIntakeTest::xxe),
                new Case("locked.xlsx", "the workbook is password-protected (encrypted)", null, ExcelHostileIntakeTest::encrypted),
                new Case("renamed-csv.xlsx", "the file is text, not an Excel .xlsx workbook", null,
                        d -> write(d, "renamed-csv.xlsx", "Kecamatan;Tahun;L;P\nTugu;2024;1;2\n")),
                new Case("renamed-html.xlsx", "HTML page, not an Excel .xlsx workbook", "HTML page, not an Excel .xlsx workbook",
                        d -> write(d, "renamed-html.xlsx", "<!DOCTYPE html><html><head><title>Sesi berakhir</title></head></html>")),
                new Case("sst.xlsx", "shared strings table holds more than 32 MiB", null, ExcelHostileIntakeTest::hugeSharedStrings),
                new Case("lama.xls", "old Excel 97-2003 workbook (.xls), which the hub does not read", null, ExcelHostileIntakeTest::xls))
                .map(Arguments::of);
    }

    @Autowired UploadProperties uploadLimits;
    private DataSize sharedLimit;
    private Http semarang;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createTempDirectory("regency-hub-hostile-xlsx-");
    }

    @AfterAll
    static void removeFolder() throws IOException {
        deleteTree(dir);
        Files.deleteIfExists(dir);
    }

    /** The shared hub takes uploads up to 2 MB; the huge shared strings table must reach the reader. */
    @BeforeEach
    void raiseTheUploadLimit() {
        semarang = new Http(port).as("3374", SEMARANG_PASSWORD);
        sharedLimit = uploadLimits.getMaxSize();
        uploadLimits.setMaxSize(DataSize.ofMegabytes(100));
    }

    @AfterEach
    void restoreTheUploadLimit() {
        uploadLimits.setMaxSize(sharedLimit);
    }

    @ParameterizedTest(name = "drop {0}")
    @MethodSource("cases")
    @Order(1)
    void throughTheDropFolderEachIsRefusedWithItsReason(Case c) throws Exception {
        drop(SOURCE, file(c), c.name());
        Batch b = awaitFinal(SOURCE);
        assertThat(b.status()).as(b.message()).isEqualTo(BatchStatus.FAILED);
        assertThat(b.message()).contains(c.reason());
        Path error = props.dropDir().resolve(SOURCE).resolve(".failed").resolve(c.name() + ".error.txt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(error));
        assertThat(Files.readString(error)).contains(c.reason());
        assertNothingLoadedAndTheHubUp();
    }

    @ParameterizedTest(name = "upload {0}")
    @MethodSource("cases")
    @Order(2)
    void throughTheUploadEndpointEachIsRefusedWithItsReason(Case c) throws Exception {
        String type = c.name().endsWith(".xls") ? "application/vnd.ms-excel" : ExcelIntakeTest.XLSX;
        HttpResponse<String> r = semarang.post("/api/v1/sources/" + SOURCE + "/uploads", type, Files.readAllBytes(file(c)));
        if (c.door() != null) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
            assertThat(r.body()).contains(c.door());
            assertThat(batches.list(SOURCE, null, null, 10, 0)).as("nothing registered").isEmpty();
        } else {
            assertThat(r.statusCode()).as("taken for the reader to answer: %s", r.body()).isEqualTo(202);
            long id = Long.parseLong(r.body().replaceAll(".*\"batch\":\"(\\d+)\".*", "$1"));
            Batch b = awaitStatus(id, BatchStatus.FAILED);
            assertThat(b.message()).contains(c.reason());
        }
        assertNothingLoadedAndTheHubUp();
    }

    @Test
    @Order(3)
    void aGoodWorkbookStillLoadsAfterwards() throws Exception {
        drop(SOURCE, ExcelIntakeTest.penduduk(dir), "penduduk_2024.xlsx");
        Batch b = awaitFinal(SOURCE);
        assertThat(b.status()).as(b.message()).isEqualTo(BatchStatus.LOADED_WITH_REJECTS);
        assertThat(b.rowsLoaded()).isEqualTo(ExcelIntakeTest.EXPECTED.size());
    }

    private void assertNothingLoadedAndTheHubUp() throws Exception {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse.population", Long.class)).isZero();
        HttpResponse<String> health = new Http(port).get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    // ------------------------------------------------------------------ the files, made once

    private static Path file(Case c) {
        Path f = dir.resolve(c.name());
        return Files.exists(f) ? f : c.build().apply(dir);
    }

    /** 20 MB of spaces in an XML comment: deflated about a thousandfold. */
    static Path zipBomb(Path d) {
        String padding = "<!--" + " ".repeat(20 * 1024 * 1024) + "-->";
        return Workbooks.zip(d, "bomb.xlsx", Workbooks.minimalParts(Workbooks.sheetXml(padding, Workbooks.SIMPLE_ROWS)));
    }

    /** A sheet whose cell is an external entity pointing at a local file. */
    static Path xxe(Path d) {
        Path secret = write(d, "secret.txt", "rahasia");
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>";
        return Workbooks.zip(d, "xxe.xlsx", Workbooks.minimalParts(Workbooks.sheetXml(doctype,
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>")));
    }

    /** A shared strings table of 33 MiB of text in 30,000-character strings. */
    static Path hugeSharedStrings(Path d) {
        Map<String, byte[]> parts = Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS));
        StringBuilder sst = new StringBuilder("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>Wilayah</t></si>");
        Random r = new Random(42);
        char[] text = new char[33 * 1024 * 1024];
        for (int i = 0; i < text.length; i++) text[i] = (char) ('a' + r.nextInt(26));
        for (int i = 0; i < text.length; i += 30_000) {
            sst.append("<si><t>").append(text, i, Math.min(text.length - i, 30_000)).append("</t></si>");
        }
        parts.put("xl/sharedStrings.xml", utf8(sst.append("</sst>").toString()));
        return Workbooks.zip(d, "sst.xlsx", parts);
    }

    /** A good workbook, encrypted with a password as Excel does (an OLE2 container around the package). */
    static Path encrypted(Path d) {
        Path plain = Workbooks.zip(d, "plain-for-locking.xlsx", Workbooks.minimalParts(Workbooks.sheetXml("", Workbooks.SIMPLE_ROWS)));
        Path f = d.resolve("locked.xlsx");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor enc = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            enc.confirmPassword("rahasia");
            try (OPCPackage opc = OPCPackage.open(plain.toFile(), PackageAccess.READ_WRITE); OutputStream os = enc.getDataStream(fs)) {
                opc.save(os);
            }
            try (OutputStream out = Files.newOutputStream(f)) {
                fs.writeFilesystem(out);
            }
            return f;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Path xls(Path d) {
        Path f = d.resolve("lama.xls");
        try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(f)) {
            Workbooks.row(wb.createSheet("Tabel 1"), 1, "Kecamatan");
            wb.write(out);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path d, String name, String content) {
        try {
            return Files.writeString(d.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
