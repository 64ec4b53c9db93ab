package io.sluice.console;

import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.monitor.FlowControlMBeans;
import io.sluice.testsupport.EmbeddedTestDatabase;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through Debian's chromedriver
 * (.ci/run installs both). Screenshots go to target/screenshots.
 */
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String USER = "operator";
    static final String PASSWORD = "browser-test-secret";
    static final String DOMAIN = "example.test";

    static EmbeddedTestDatabase db;
    static SluiceApp app;
    static String consoleUrl;
    static String contextName;

    WebDriver browser;
    Path profile;
    String testName;

    @BeforeAll
    static void startSluice() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: needs Debian's chromium and chromedriver (/usr/bin/chromium, /usr/bin/chromedriver);"
                        + " install with: apt-get install -y chromium chromium-driver");
        db = new EmbeddedTestDatabase();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        app = SluiceApp.builder().database(db.url(), db.user())
                .property("sluice.console.enabled", "true")
                .property("sluice.console.port", String.valueOf(port))
                .property("sluice.console.user", USER)
                .property("sluice.console.password", PASSWORD)
                .start();
        contextName = app.context().getName();
        consoleUrl = app.context().getRegistry().lookupByNameAndType("sluiceConsole", HawtioConsole.class).url();
        // a domain known to flow control, so that its MBean exists
        app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class).flow(DOMAIN);
        app.context().hasService(FlowControlMBeans.class).sync();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopSluice() throws Exception {
        if (app != null) {
            app.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void openBrowser(TestInfo info) throws Exception {
        testName = info.getTestMethod().orElseThrow().getName();
        profile = Files.createTempDirectory("sluice-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1600,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            screenshot("last");
            browser.quit();
        }
    }

    void screenshot(String step) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(testName + "-" + step + ".png"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(SCREENSHOTS.resolve(testName + "-" + step + ".html"), browser.getPageSource());
    }

    WebDriverWait waiting() {
        // the single-page app navigates while we look (login -> plugin): retry through those moments
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(60))
                .ignoring(org.openqa.selenium.WebDriverException.class);
    }

    void logIn(String password) throws Exception {
        browser.get(consoleUrl + "/");
        WebElement user = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("pf-login-username-id")));
        screenshot("login-page");
        user.sendKeys(USER);
        browser.findElement(By.id("pf-login-password-id")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Clicks the tree node whose label is (or contains) the text. */
    void clickTreeNode(String text) {
        By node = By.xpath("//button[contains(@class,'tree-view__node-text')][contains(normalize-space(.),'" + text + "')]");
        waiting().until(ExpectedConditions.elementToBeClickable(node)).click();
    }

    void awaitLoggedIn() {
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[normalize-space(text())='JMX']")));
    }

    @Test
    void shouldShowTheSluiceRoutesStartedInTheCamelPlugin() throws Exception {
        logIn(PASSWORD);
        awaitLoggedIn();
        browser.get(consoleUrl + "/camel");
        clickTreeNode(contextName);
        screenshot("camel-contexts");
        clickTreeNode("routes");
        By claimRow = By.xpath("//table//tr[td[normalize-space(.)='claim-pending']]");
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(claimRow));
        waiting().until(d -> d.findElement(claimRow).getText().contains("Started"));
        screenshot("camel-routes");
        assertThat(browser.findElement(claimRow).getText()).contains("claim-pending").contains("Started");
        List<WebElement> rows = browser.findElements(By.xpath("//table//tr[td]"));
        assertThat(rows).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("deliver-message").contains("Started"))
                .anySatisfy(t -> assertThat(t).contains("write-results").contains("Started"));
    }

    @Test
    void shouldReadADomainMBeanStateInTheJmxTree() throws Exception {
        logIn(PASSWORD);
        awaitLoggedIn();
        browser.get(consoleUrl + "/jmx");
        waiting().until(ExpectedConditions.elementToBeClickable(By.xpath("//*[normalize-space(text())='Expand all']"))).click();
        clickTreeNode(DOMAIN);
        By stateRow = By.xpath("//table//tr[td[normalize-space(.)='State']]");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(stateRow));
        waiting().until(d -> d.findElement(stateRow).getText().contains("NORMAL"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(stateRow));
        screenshot("jmx-domain-mbean");
        assertThat(browser.findElement(stateRow).getText()).contains("NORMAL");
    }

    @Test
    void shouldRefuseAWrongPassword() throws Exception {
        logIn("not-the-password");
        // the login form stays, with an error, and no plugin is reachable
        waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(@class,'helper-text') or contains(@class,'alert')][normalize-space(.)!='']")));
        screenshot("refused");
        assertThat(browser.findElements(By.id("pf-login-username-id"))).isNotEmpty();
        browser.get(consoleUrl + "/jmx");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("pf-login-username-id")));
        assertThat(browser.getCurrentUrl()).contains("/login");
        assertThat(browser.getPageSource()).doesNotContain("sluice." + contextName);
    }
}
