package io.sluice.console;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.EmbeddedTestDatabase;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Sluice page of the console (issue 23) in a real browser: Hawtio loads the plugin (remoteEntry.js from
 * /hawtio/static/sluice), the page reads 1,000 sites through Jolokia, filters, sorts and pages them on the server,
 * suspends a site through its dialog, follows a delivery while it sends; the browser logs no error on the way.
 * Same browser set-up and skip rule as {@link ConsoleBrowserTest}; screenshots in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SluicePageBrowserTest {

    static final int SITES = 1000;
    static final String DELIVERY_DOMAIN = "progress.test";
    static final int DELIVERY_RATE = 2;
    // 150 s of sending, far longer than the test needs: with 60 (30 s) a loaded CI machine's page read the progress at
    // 0 % and next at 100 %, and the finished delivery could no longer be paused (stop 31)
    static final int DELIVERY_MESSAGES = 300;

    static EmbeddedTestDatabase db;
    static SmtpSimulator smtp;
    static SluiceApp app;
    static FlowControlRegistry registry;
    static String consoleUrl;

    // one browser, logged in once, for the class: the tests share the page's session (a login costs ~10 s here)
    static ConsoleBrowser browser;

    @BeforeAll
    static void startSluice() throws Exception {
        assumeTrue(ConsoleBrowser.available(), ConsoleBrowser.SKIPPED);
        db = new EmbeddedTestDatabase();
        smtp = SmtpSimulator.builder().build().start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        app = SluiceApp.builder().database(db.url(), db.user())
                // every domain to the in-JVM SMTP server, slowly enough that a delivery's progress can be watched
                .domains("defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n"
                        + "  flow:\n    initialRate: " + DELIVERY_RATE + "\n    maxRate: " + DELIVERY_RATE + "\n"
                        + "domains:\n  {}\n")
                .property("sluice.progress.refresh-interval", "500ms")
                .property("sluice.progress.min-refresh", "100ms")
                .property("sluice.console.enabled", "true")
                .property("sluice.console.port", String.valueOf(port))
                .property("sluice.console.user", ConsoleBrowser.USER)
                .property("sluice.console.password", ConsoleBrowser.PASSWORD)
                .start();
        consoleUrl = app.context().getRegistry().lookupByNameAndType("sluiceConsole", HawtioConsole.class).url();
        registry = app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
        IntStream.range(0, SITES).forEach(i -> registry.flow(site(i)));
        browser = ConsoleBrowser.open("SluicePageBrowserTest");
        browser.logIn(consoleUrl);
    }

    static String site(int i) {
        return String.format("site%04d", i);
    }

    @AfterAll
    static void stopSluice() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void nameScreenshots(TestInfo info) {
        browser.test(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void lastScreenshot() throws Exception {
        browser.screenshot("last");
    }

    @Test
    @Order(1)
    void shouldPageFilterAndSortTheThousandSitesOnTheServer() throws Exception {
        openSluicePage();
        awaitPagination("1 - 20 of 1000");
        assertThat(siteColumn()).hasSize(20).first().isEqualTo("site0000");
        browser.screenshot("destinations");

        browser.type(By.cssSelector("[data-testid='destinations-filter']"), "site00");
        awaitPagination("1 - 20 of 100");
        assertThat(siteColumn()).allMatch(s -> s.startsWith("site00"));
        browser.screenshot("filtered");

        browser.click(By.xpath("//table[@data-testid='destinations-table']//th[normalize-space(.)='Site']//button"));
        browser.waiting().until(d -> siteColumn().stream().findFirst().orElse("").equals("site0099"));
        assertThat(siteColumn()).as("sorted by site, descending").startsWith("site0099", "site0098");
        browser.screenshot("sorted");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(2)
    void shouldSuspendASiteThroughItsDialogThenShowItsTimelineAndTheSender() throws Exception {
        String site = site(3);
        openSluicePage();
        awaitPagination("1 - 20 of 1000");
        By row = By.cssSelector("tr[data-site='" + site + "']");
        rowAction(site, "Suspend");
        browser.type(By.cssSelector("[data-testid='suspend-seconds']"), "600");
        browser.screenshot("suspend-dialog");
        browser.click(By.cssSelector("[data-testid='confirm-action']"));

        By state = By.cssSelector("tr[data-site='" + site + "'] td[data-label='State']");
        browser.waiting().until(ExpectedConditions.textToBe(state, "SUSPENDED"));
        browser.screenshot("suspended");
        assertThat(registry.flow(site).snapshot().state()).isEqualTo(DomainFlow.State.SUSPENDED);
        assertThat(browser.driver().findElement(row).getText()).contains("SUSPENDED");

        // the site's timeline, from its row
        rowAction(site, "Timeline");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("svg[data-testid='timeline-chart'][aria-label='Timeline of " + site + "']")));
        browser.screenshot("timeline");
        // the sender's state
        browser.click(By.xpath("//button[@role='tab'][normalize-space(.)='Sender']"));
        browser.waiting().until(d -> !d.findElement(By.cssSelector("[data-testid='sender-state']")).getText().isBlank());
        browser.screenshot("sender");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(3)
    void shouldCapASiteRateThenResetItThroughTheirDialogs() throws Exception {
        String site = site(5);
        openSluicePage();
        awaitPagination("1 - 20 of 1000");
        rowAction(site, "Set rate");
        browser.type(By.cssSelector("[data-testid='rate-value']"), "0.5");
        browser.type(By.cssSelector("[data-testid='rate-seconds']"), "300");
        browser.screenshot("rate-dialog");
        browser.click(By.cssSelector("[data-testid='confirm-action']"));
        By rate = By.cssSelector("tr[data-site='" + site + "'] td[data-label='Rate']");
        browser.waiting().until(ExpectedConditions.textToBe(rate, "0.5 / 2"));
        assertThat(registry.flow(site).snapshot().rate()).isEqualTo(0.5);
        browser.screenshot("rate-capped");

        rowAction(site, "Reset");
        browser.click(By.cssSelector("[data-testid='confirm-action']"));
        By state = By.cssSelector("tr[data-site='" + site + "'] td[data-label='State']");
        browser.waiting().until(d -> d.findElement(state).getText().equals("NORMAL")
                && !d.findElement(rate).getText().startsWith("0.5"));
        assertThat(registry.flow(site).snapshot().state()).isEqualTo(DomainFlow.State.NORMAL);
        assertThat(registry.flow(site).snapshot().rate()).isGreaterThan(0.5);
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(4)
    void shouldShowADeliveryProgressMovingWhileItSendsThenPauseIt() throws Exception {
        openSluicePage();
        browser.click(By.xpath("//button[@role='tab'][normalize-space(.)='Deliveries']"));
        // started once the page watches: at DELIVERY_RATE messages/s it sends for DELIVERY_MESSAGES / DELIVERY_RATE s
        Campaign campaign = new Campaign(db.dataSource());
        long delivery = campaign.delivery().state(0).create();
        campaign.pendingMany(delivery, IntStream.range(0, DELIVERY_MESSAGES)
                .mapToObj(i -> "r" + i + "@" + DELIVERY_DOMAIN).toList());
        campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);

        By progress = By.cssSelector("tr[data-delivery='" + delivery + "'] td[data-label='Progress']");
        Set<String> seen = new HashSet<>();
        List<String> readings = new ArrayList<>();
        browser.waiting(Duration.ofSeconds(60)).until(d -> {
            String text = d.findElement(progress).getText().trim();
            if (!text.isEmpty() && seen.add(text)) {
                readings.add(text);
                System.out.printf("%s progress of delivery %d on the page: %s%n", Instant.now(), delivery, text);
            }
            return seen.size() >= 2;
        });
        browser.screenshot("delivery-progress");
        assertThat(readings).as("the Progress cell while the delivery sends").hasSizeGreaterThanOrEqualTo(2);

        // paused through its dialog: the platform's state becomes Pause requested (71), then Paused (75)
        browser.click(By.xpath("//tr[@data-delivery='" + delivery + "']//button[normalize-space(.)='Pause']"));
        browser.click(By.cssSelector("[data-testid='confirm-action']"));
        browser.waiting().until(d -> d.findElement(By.xpath(
                "//tr[@data-delivery='" + delivery + "']//button[normalize-space(.)='Resume']")).isDisplayed());
        browser.screenshot("paused");
        assertThat(campaign.deliveryState(delivery)).isIn(71, 75);

        // what was sent shows on the site's timeline (bars from the attempt log, with a sentence each)
        browser.click(By.xpath("//button[@role='tab'][normalize-space(.)='Timeline']"));
        browser.type(By.cssSelector("[data-testid='timeline-site']"), DELIVERY_DOMAIN);
        By sentBars = By.xpath("//*[local-name()='svg'][@data-testid='timeline-chart'][@aria-label='Timeline of "
                + DELIVERY_DOMAIN + "']//*[local-name()='title'][contains(., ' sent, ')]");
        browser.waiting().until(d -> !d.findElements(sentBars).isEmpty());
        browser.screenshot("timeline");
        browser.assertNoBrowserErrors();
    }

    void openSluicePage() throws Exception {
        browser.driver().get(consoleUrl + "/sluice");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='sluice-page']")));
    }

    /** Opens the row's kebab menu and picks the action. */
    void rowAction(String site, String action) {
        browser.click(By.cssSelector("tr[data-site='" + site + "'] td.pf-v5-c-table__action button"));
        browser.click(By.xpath("//*[@role='menuitem'][normalize-space(.)='" + action + "']"));
    }

    void awaitPagination(String text) {
        By toggle = By.cssSelector("[data-testid='destinations-pagination'] .pf-v5-c-menu-toggle");
        browser.waiting().until(d -> d.findElement(toggle).getText().replaceAll("\\s+", " ").contains(text));
    }

    List<String> siteColumn() {
        return browser.driver().findElements(By.cssSelector("[data-testid='destinations-table'] tbody tr[data-site]"))
                .stream().map(r -> r.getAttribute("data-site")).toList();
    }
}
