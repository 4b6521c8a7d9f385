package id.go.jatengprov.regencyhub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import id.go.jatengprov.regencyhub.batch.BatchStatus;

/**
 * The console in a real browser (headless Chromium): an operator logs in, reads the completeness grid and the
 * map of the scenario, opens a cell and its batch, switches to English and replays a dead letter; a regency sees
 * only its own data and uploads a file through the form until its batch is loaded with its rejects listed. Every
 * page is saved under target/screenshots/, and every request the pages made went to the hub itself.
 */
class ConsoleBrowserTest extends ConsoleTestSupport {

    private Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = new Browser(port, 1280, 1000);
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) browser.close();
    }

    @Test
    void anOperatorReadsTheGridOpensACellAndReplaysADeadLetter() throws Exception {
        scenario();
        browser.open("/console/completeness");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login");
        browser.screenshot("01-login");

        browser.login("operator", OPERATOR_PASSWORD);
        browser.open("/console/completeness?from=2024&to=2025");
        assertThat(states("births", "33.74")).containsExactly("on-time", "on-time");
        assertThat(states("births", "33.01")).containsExactly("late", "due");
        assertThat(states("births", "33.02")).containsExactly("failed", "due");
        assertThat(states("births", "33.03")).containsExactly("overdue", "due");
        assertThat(states("population", "33.74")).containsExactly("partial", "due");
        // Indonesian by default: the legend and the cells say it in words too.
        assertThat(browser.find("#grid-births tr[data-regency='33.74'] td.cell").getText()).contains("Tepat waktu");
        assertThat(browser.find(".legend").getText()).contains("Tepat waktu", "Terlambat", "Gagal", "Sebagian", "Lewat tempo");
        // The map shows the newest period; 2024 on request.
        assertThat(browser.find("#grid-births .tilemap").getAttribute("data-period")).isEqualTo("2025");
        assertThat(browser.all("#grid-births .tilemap .tile")).hasSize(35);
        browser.screenshot("02-completeness-operator");
        browser.find("#grid-births .periods a:first-child").click();
        assertThat(browser.find("#grid-births .tilemap .tile[data-regency='33.02']").getAttribute("data-state")).isEqualTo("failed");
        assertThat(browser.find("#grid-births .tilemap .tile[data-regency='33.74']").getAttribute("data-state")).isEqualTo("on-time");
        browser.screenshot("03-completeness-map-2024");

        // Only what is missing or failed.
        browser.open("/console/completeness?dataset=births&from=2024&to=2025");
        browser.find("#f-missing").click();
        browser.find("#filters button").click();
        browser.waiting().until(d -> d.getCurrentUrl().contains("missing=true"));
        assertThat(browser.all("#grid-births tr[data-regency='33.74']")).isEmpty();
        assertThat(browser.all("#grid-births tr[data-regency='33.01']")).hasSize(1);

        // English on request; it stays.
        browser.find("#lang-en").click();
        browser.waiting().until(d -> browser.find(".legend").getText().contains("On time"));
        assertThat(browser.find("nav").getText()).contains("Completeness", "Sources", "Dead letters");
        browser.screenshot("04-completeness-english");

        // A cell, then its batch.
        browser.find("#grid-births tr[data-regency='33.01'] td[data-period='2024'] a").click();
        assertThat(browser.find("#cell-state").getAttribute("data-state")).isEqualTo("late");
        assertThat(browser.find("#cell-rows").getText()).isEqualTo("1");
        browser.screenshot("05-cell");
        browser.find("table.batches tr.batch a").click();
        assertThat(browser.find("#batch-status").getText()).isEqualTo("LOADED");
        assertThat(browser.find("#batch-detected").getText()).isNotBlank();
        browser.screenshot("06-batch");

        browser.open("/console/sources");
        assertThat(browser.all("table.sources tr[data-source]")).hasSize(5);
        browser.screenshot("07-sources");

        // A chunk that cannot load ends in the dead-letter queue; once the cause is gone, the operator replays it.
        jdbc.execute("ALTER TABLE warehouse.births ADD CONSTRAINT births_console_ck CHECK (live_births < 1000000)");
        long failing;
        try {
            failing = upload("cilacap-births", "kode,tahun,lahir\n3301,2025,2000000\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> batches.find(failing).orElseThrow().status() == BatchStatus.FAILED);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM hub.chunk_failure WHERE batch_id = ? AND dead_lettered", Long.class, failing) == 1);
        } finally {
            jdbc.execute("ALTER TABLE warehouse.births DROP CONSTRAINT births_console_ck");
        }
        browser.open("/console/dead-letters");
        browser.waiting().until(d -> !browser.all("table.dead tr[data-batch='" + failing + "']").isEmpty());
        browser.screenshot("08-dead-letters");
        browser.find("table.dead tr[data-batch='" + failing + "'] .replay-one").click();
        browser.waiting().until(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
        browser.waiting().until(d -> !browser.all("#notice").isEmpty());
        assertThat(browser.find("#notice").getText()).contains("1");
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.find(failing).orElseThrow().status() == BatchStatus.LOADED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hub.audit WHERE action = 'dead-letters.replay' AND actor = 'operator'"
                + " AND outcome = 'ok'", Long.class)).isEqualTo(1);
        browser.open("/console/batches/" + failing);
        assertThat(browser.find("#batch-status").getText()).isEqualTo("LOADED");
        browser.open("/console/batches");
        browser.screenshot("09-batches");

        assertOnlyTheHubWasAsked();
    }

    @Test
    void aRegencySeesOnlyItsOwnAndUploadsAFile() throws Exception {
        scenario();
        browser.login("3374", SEMARANG_PASSWORD);
        browser.open("/console/completeness?from=2024&to=2025");
        for (WebElement grid : browser.all("section.dataset")) {
            assertThat(grid.findElements(org.openqa.selenium.By.cssSelector("tbody tr"))).extracting(r -> r.getAttribute("data-regency"))
                    .containsExactly("33.74");
        }
        assertThat(browser.find("nav").getText()).doesNotContain("Dead letter");
        browser.screenshot("10-completeness-regency");
        browser.open("/console/sources");
        assertThat(browser.all("table.sources tr[data-source]")).extracting(r -> r.getAttribute("data-source"))
                .containsExactlyInAnyOrder("smg-births", "smg-population");
        assertThat(browser.all("table.sources button")).isEmpty();
        browser.open("/console/batches");
        assertThat(browser.all("tr.batch td:nth-child(2)")).extracting(WebElement::getText).containsOnly("smg-births", "smg-population");
        // Another regency's batch and the operator's pages are not there for it.
        long cilacap = jdbc.queryForObject("SELECT max(id) FROM hub.batch WHERE source_id = 'cilacap-births'", Long.class);
        browser.open("/console/batches/" + cilacap);
        assertThat(browser.all("#batch-status")).isEmpty();
        browser.open("/console/dead-letters");
        assertThat(browser.driver.getPageSource()).doesNotContain("replay-all");

        browser.open("/console/upload");
        Path file = Files.createTempFile("semarang-births-", ".csv");
        Files.writeString(file, "kode,tahun,lahir\n3374,2023,19800\n3374,2022,banyak\n3374,2021,19100\n");
        browser.find("#upload-source").sendKeys("smg-births");
        browser.find("#upload-file").sendKeys(file.toAbsolutePath().toString());
        browser.screenshot("11-upload");
        browser.find("#upload-submit").click();
        browser.waiting().until(d -> d.getCurrentUrl().matches(".*/console/batches/\\d+$"));
        browser.waiting().until(d -> !browser.all("#rejects").isEmpty());
        assertThat(browser.find("#batch-status").getText()).isEqualTo("LOADED_WITH_REJECTS");
        assertThat(browser.find("#batch-loaded").getText()).isEqualTo("2");
        List<WebElement> rejects = browser.all("#rejects tbody tr");
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0).getText()).contains("3", "lahir", "banyak");
        browser.screenshot("12-upload-batch");
        Files.delete(file);

        // A phone: the same page, narrow.
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.open("/console/completeness?from=2023&to=2025");
        browser.screenshot("13-completeness-phone");
        assertOnlyTheHubWasAsked();
    }

    private List<String> states(String dataset, String regency) {
        return browser.all("#grid-" + dataset + " tr[data-regency='" + regency + "'] td.cell").stream()
                .map(td -> td.getAttribute("data-state")).toList();
    }

    private void assertOnlyTheHubWasAsked() {
        List<String> urls = browser.requestedUrls();
        assertThat(urls).isNotEmpty();
        assertThat(urls).allSatisfy(u -> assertThat(u).startsWith(browser.origin + "/"));
        assertThat(urls).anyMatch(u -> u.endsWith("/console/assets/console.css"));
    }
}
