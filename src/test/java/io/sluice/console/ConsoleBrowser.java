package io.sluice.console;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (as in {@link ConsoleBrowserTest}), logged in to
 * the console, keeping the browser's console log: screenshots and page sources go to target/screenshots.
 */
public final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String USER = "operator";
    static final String PASSWORD = "browser-test-secret";
    static final String SKIPPED = "browser test skipped: needs Debian's chromium and chromedriver (/usr/bin/chromium,"
            + " /usr/bin/chromedriver); install with: apt-get install -y chromium chromium-driver";

    private final WebDriver driver;
    private String testName;
    private final List<LogEntry> log = new ArrayList<>();

    private ConsoleBrowser(WebDriver driver, String testName) {
        this.driver = driver;
        this.testName = testName;
    }

    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public static ConsoleBrowser open(String testName) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path profile = Files.createTempDirectory("sluice-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1600,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new ConsoleBrowser(driver, testName);
    }

    /** Names the screenshots and the log file after the test now running. */
    void test(String name) {
        testName = name;
    }

    public WebDriver driver() {
        return driver;
    }

    WebDriverWait waiting() {
        return waiting(Duration.ofSeconds(30));
    }

    public WebDriverWait waiting(Duration atMost) {
        // the single-page app re-renders while we look (polls every 2 s): retry through stale elements
        return (WebDriverWait) new WebDriverWait(driver, atMost).ignoring(WebDriverException.class);
    }

    /** Fills the console's login form and submits it (the form stays, with an error, after a wrong password). */
    void submitLogin(String consoleUrl, String password) throws Exception {
        submitLogin(consoleUrl, USER, password);
    }

    private void submitLogin(String consoleUrl, String userName, String password) throws Exception {
        driver.get(consoleUrl + "/");
        WebElement user = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("pf-login-username-id")));
        screenshot("login-page");
        user.sendKeys(userName);
        driver.findElement(By.id("pf-login-password-id")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    void logIn(String consoleUrl) throws Exception {
        logIn(consoleUrl, USER, PASSWORD);
    }

    /** Logs in with this account (Karaf's users in KarafFeatureIT) and waits for the console's menu. */
    public void logIn(String consoleUrl, String userName, String password) throws Exception {
        submitLogin(consoleUrl, userName, password);
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[normalize-space(text())='JMX']")));
        // Before the login the console's own GET /hawtio/user is answered 403 and logged as SEVERE ("Failed to fetch
        // user"): kept in the log file, but only what happens once logged in is checked
        drain().forEach(e -> log.add(new LogEntry(e.getLevel(), e.getTimestamp(), "(before login) " + e.getMessage())));
    }

    private List<LogEntry> drain() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    void click(By what) {
        waiting().until(d -> {
            d.findElement(what).click();
            return true;
        });
    }

    /** Replaces what the input holds (React's controlled inputs see every key). */
    void type(By input, String text) {
        waiting().until(d -> {
            d.findElement(input).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, text);
            return true;
        });
    }

    public void screenshot(String step) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(testName + "-" + step + ".png"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(SCREENSHOTS.resolve(testName + "-" + step + ".html"), driver.getPageSource());
    }

    /** The browser's console so far (kept in target/screenshots/<test>-browser.log). */
    List<LogEntry> browserLog() throws Exception {
        log.addAll(drain());
        Files.write(SCREENSHOTS.resolve(testName + "-browser.log"), log.stream().map(LogEntry::toString).toList());
        return log;
    }

    public void assertNoBrowserErrors() throws Exception {
        List<LogEntry> all = browserLog();
        assertThat(all).as("SEVERE entries of the browser's console log once logged in")
                .filteredOn(e -> !e.getMessage().startsWith("(before login)"))
                .filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).isEmpty();
        // module federation warns (console.warn) when a shared singleton's version does not satisfy the plugin's
        assertThat(all).as("warnings about the plugin or a shared module's version, before or after the login")
                .filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .filteredOn(e -> e.getMessage().contains("Unsatisfied version") || e.getMessage().contains("sluice")
                        || e.getMessage().contains("remoteEntry"))
                .isEmpty();
    }

    @Override
    public void close() throws Exception {
        try {
            screenshot("last");
            browserLog();
        } finally {
            driver.quit();
        }
    }
}
