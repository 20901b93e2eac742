package dev.parallelrun.dashboard;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The page in the operating system's headless Chromium, driven through its ChromeDriver (Debian's chromium and
 * chromium-driver, found on the PATH; {@code -Dchromium.binary} and {@code -Dchromedriver} name others). Nothing is
 * downloaded: without them the tests fail, they are not skipped.
 */
final class DashboardBrowser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;

    // Selenium looks for a DevTools binding matching the browser's version, which these tests do not use: quiet.
    // (Kept in fields: java.util.logging holds its loggers weakly, and would forget the level.)
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.openqa.selenium.devtools"),
            Logger.getLogger("org.openqa.selenium.chromium"));

    static {
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
    }

    DashboardBrowser() {
        try {
            profile = Files.createTempDirectory("dashboard-chromium");
        }
        catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(installed("chromium.binary", "chromium", "chromium-browser", "google-chrome",
                "/Applications/Chromium.app/Contents/MacOS/Chromium",
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"));
        // Headless, and none of the background traffic a closed network refuses (updates, sync, Google's hosts).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1700");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(installed("chromedriver", "chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /**
     * The program named by the system property, or the first of these names found on the PATH (or path that exists).
     * None: the test fails saying what to install; it never downloads a browser.
     */
    private static String installed(String property, String... candidates) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return configured;
        }
        List<Path> path = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(directory -> !directory.isBlank()).map(Path::of).toList();
        for (String candidate : candidates) {
            List<Path> places = candidate.startsWith("/") ? List.of(Path.of(candidate))
                    : path.stream().map(directory -> directory.resolve(candidate)).toList();
            for (Path place : places) {
                if (Files.isExecutable(place)) {
                    return place.toString();
                }
            }
        }
        throw new IllegalStateException("No " + candidates[0] + " found (looked for " + String.join(", ", candidates)
                + "): install Chromium and its ChromeDriver (Debian: apt-get install chromium chromium-driver; see "
                + "the README's Prerequisites), or name it with -D" + property + "=...");
    }

    /** Opens the page and waits until it has read every part once. */
    DashboardBrowser open(String url) {
        driver.get(url);
        awaitRefreshes(1);
        return this;
    }

    /** Waits until the page has refreshed itself {@code more} more times. */
    void awaitRefreshes(int more) {
        int now = refreshes();
        await().atMost(Duration.ofSeconds(30)).until(() -> refreshes() >= now + more);
    }

    private int refreshes() {
        String refreshed = driver.findElement(By.tagName("body")).getDomAttribute("data-refreshed");
        return refreshed == null ? 0 : Integer.parseInt(refreshed);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The part's one-line notice when its service gives nothing, or null when it shows its content. */
    String notice(String part) {
        return read(() -> {
            WebElement notice = find("#" + part + " .notice");
            return notice.isDisplayed() ? notice.getText() : null;
        });
    }

    /** An attribute of the element, as the page has it now. */
    String attribute(String css, String name) {
        return read(() -> find(css).getDomAttribute(name));
    }

    Object script(String javascript) {
        return driver.executeScript(javascript);
    }

    String text(String css) {
        return read(() -> find(css).getText());
    }

    /**
     * The page redraws its parts every few seconds: an element found just before its part is redrawn is stale by the
     * time it is read. Such a read is done again, on the element the page shows now.
     */
    private static <T> T read(Supplier<T> read) {
        for (int attempt = 1;; attempt++) {
            try {
                return read.get();
            }
            catch (StaleElementReferenceException redrawn) {
                if (attempt == 5) {
                    throw redrawn;
                }
            }
        }
    }

    /** What the page wrote to the console as errors (a failed script, a failed request, an exception). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .toList();
    }

    /** A screenshot of the whole page, at a laptop's width or a phone's. */
    Path screenshot(Path file, int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
        for (int i = 0; i < 3; i++) {     // the window's height is the page's, plus what the window takes itself
            long missing = (Long) driver.executeScript(
                    "return document.documentElement.scrollHeight - window.innerHeight");
            if (missing <= 0) {
                break;
            }
            Dimension size = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(width, (int) Math.min(size.getHeight() + missing, 8000)));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        driver.manage().window().setSize(new Dimension(1280, 1700));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
