package io.sluice.karaf;

import io.sluice.console.ConsoleBrowser;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

/**
 * The Sluice page of the console the bundle serves, in Debian's headless Chromium (io.sluice.console's
 * {@link ConsoleBrowser}): Hawtio's login form with Karaf's user, then {@code /hawtio/sluice} renders the page (its
 * remote plugin loaded from the bundle, its data through Jolokia) without errors in the browser's console.
 */
final class KarafPageInBrowser {

    private KarafPageInBrowser() {
    }

    /** @return what was checked, or why not (no Chromium here), for the IT's log */
    static String rendersTheSluicePage(String consoleUrl, String user, String password) throws Exception {
        if (!ConsoleBrowser.available()) {
            return "Sluice page not opened in a browser: no /usr/bin/chromium and /usr/bin/chromedriver";
        }
        try (ConsoleBrowser browser = ConsoleBrowser.open("KarafFeatureIT-sluice-page")) {
            browser.logIn(consoleUrl, user, password);
            browser.driver().get(consoleUrl + "/sluice");
            WebDriverWait wait = browser.waiting(Duration.ofSeconds(60));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='sluice-page']")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='destinations-table']")));
            browser.screenshot("sluice-page");
            browser.assertNoBrowserErrors();
            return "Sluice page rendered in Chromium (destinations table), no browser errors";
        }
    }
}
