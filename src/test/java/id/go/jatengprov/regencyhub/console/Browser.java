package id.go.jatengprov.regencyhub.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Headless Chromium from Debian's packages (/usr/bin/chromium, /usr/bin/chromedriver; scripts/test.sh installs
 * them), with a fresh profile and without the background traffic a closed network refuses. Every request the
 * pages make is read back from Chromium's network log, so that a test can prove that nothing left the hub.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target/screenshots");

    final ChromeDriver driver;
    final String origin;
    private final Path profile;
    private final List<String> requested = new ArrayList<>();

    Browser(int port, int width, int height) {
        origin = "http://127.0.0.1:" + port;
        try {
            profile = Files.createTempDirectory("console-chromium-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=id");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // Chromium's own new-tab page (chrome:// and data: URLs) is not the hub's: count from a blank page on.
        driver.get("about:blank");
        driver.manage().logs().get(LogType.PERFORMANCE);
    }

    void open(String path) {
        driver.get(origin + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    void login(String user, String password) {
        open("/console/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        find("#login-submit").click();
        waiting().until(d -> !d.getCurrentUrl().contains("/console/login"));
    }

    void logout() {
        find("#logout").click();
        waiting().until(d -> d.getCurrentUrl().contains("/console/login"));
    }

    /** Writes target/screenshots/NAME.png for a reviewer to look at. */
    void screenshot(String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every URL the browser has requested so far (from its network log). */
    List<String> requestedUrls() {
        ObjectMapper json = new ObjectMapper();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode m = json.readTree(e.getMessage()).get("message");
                if ("Network.requestWillBeSent".equals(m.get("method").asText())) {
                    requested.add(m.get("params").get("request").get("url").asText());
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return List.copyOf(requested);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var s = Files.walk(profile)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
