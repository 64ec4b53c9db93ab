package io.sluice.karaf;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Sluice page of the console the bundle serves, in Debian's headless Chromium (as io.sluice.console's browser
 * tests): Hawtio's login form with Karaf's user, then {@code /hawtio/sluice} renders the page (its remote plugin
 * loaded from the bundle, its data through Jolokia) without errors in the browser's console.
 */
final class KarafPageInBrowser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private KarafPageInBrowser() {
    }

    /** @return what was checked, or why not (no Chromium here), for the IT's log */
    static String rendersTheSluicePage(String consoleUrl, String user, String password) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return "Sluice page not opened in a browser: no /usr/bin/chromium and /usr/bin/chromedriver";
        }
        Path profile = Files.createTempDirectory("sluice-karaf-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1600,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        WebDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
        try {
            WebDriverWait wait = (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(60))
                    .ignoring(WebDriverException.class);
            driver.get(consoleUrl + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pf-login-username-id"))).sendKeys(user);
            driver.findElement(By.id("pf-login-password-id")).sendKeys(password);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[normalize-space(text())='JMX']")));
            // before the login the console's GET /hawtio/user is answered 403 (logged SEVERE): not the page's
            driver.manage().logs().get(LogType.BROWSER).getAll();

            driver.get(consoleUrl + "/sluice");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='sluice-page']")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='destinations-table']")));
            List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(errors).as("SEVERE entries of the browser's console on the Sluice page").isEmpty();
            return "Sluice page rendered in Chromium (destinations table), no browser errors";
        } finally {
            driver.quit();
        }
    }
}
