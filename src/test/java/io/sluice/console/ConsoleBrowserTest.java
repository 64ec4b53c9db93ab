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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through Debian's chromedriver
 * (.ci/run installs both). Screenshots go to target/screenshots.
 */
class ConsoleBrowserTest {

    static final String USER = ConsoleBrowser.USER;
    static final String PASSWORD = ConsoleBrowser.PASSWORD;
    static final String DOMAIN = "example.test";

    static EmbeddedTestDatabase db;
    static SluiceApp app;
    static String consoleUrl;
    static String contextName;

    ConsoleBrowser browser;

    @BeforeAll
    static void startSluice() throws Exception {
        assumeTrue(ConsoleBrowser.available(), ConsoleBrowser.SKIPPED);
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
        browser = ConsoleBrowser.open(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    WebDriverWait waiting() {
        // the single-page app navigates while we look (login -> plugin): up to a minute
        return browser.waiting(Duration.ofSeconds(60));
    }

    void logIn(String password) throws Exception {
        browser.submitLogin(consoleUrl, password);
    }

    void screenshot(String step) throws Exception {
        browser.screenshot(step);
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
        browser.driver().get(consoleUrl + "/camel");
        clickTreeNode(contextName);
        screenshot("camel-contexts");
        clickTreeNode("routes");
        By claimRow = By.xpath("//table//tr[td[normalize-space(.)='claim-pending']]");
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(claimRow));
        waiting().until(d -> d.findElement(claimRow).getText().contains("Started"));
        screenshot("camel-routes");
        assertThat(browser.driver().findElement(claimRow).getText()).contains("claim-pending").contains("Started");
        List<WebElement> rows = browser.driver().findElements(By.xpath("//table//tr[td]"));
        assertThat(rows).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("deliver-message").contains("Started"))
                .anySatisfy(t -> assertThat(t).contains("write-results").contains("Started"));
    }

    @Test
    void shouldReadADomainMBeanStateInTheJmxTree() throws Exception {
        logIn(PASSWORD);
        awaitLoggedIn();
        browser.driver().get(consoleUrl + "/jmx");
        waiting().until(ExpectedConditions.elementToBeClickable(By.xpath("//*[normalize-space(text())='Expand all']"))).click();
        clickTreeNode(DOMAIN);
        By stateRow = By.xpath("//table//tr[td[normalize-space(.)='State']]");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(stateRow));
        waiting().until(d -> d.findElement(stateRow).getText().contains("NORMAL"));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()",
                browser.driver().findElement(stateRow));
        screenshot("jmx-domain-mbean");
        assertThat(browser.driver().findElement(stateRow).getText()).contains("NORMAL");
    }

    @Test
    void shouldRefuseAWrongPassword() throws Exception {
        logIn("not-the-password");
        // the login form stays, with an error, and no plugin is reachable
        waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(@class,'helper-text') or contains(@class,'alert')][normalize-space(.)!='']")));
        screenshot("refused");
        assertThat(browser.driver().findElements(By.id("pf-login-username-id"))).isNotEmpty();
        browser.driver().get(consoleUrl + "/jmx");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("pf-login-username-id")));
        assertThat(browser.driver().getCurrentUrl()).contains("/login");
        assertThat(browser.driver().getPageSource()).doesNotContain("sluice." + contextName);
    }
}
