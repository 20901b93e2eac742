package dev.parallelrun.dashboard;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriverException;

/**
 * The page of a running lab in a real browser, as CI checks it in each walkthrough stage (left out of the README's
 * test command, which runs no lab; run by name):
 * <pre>
 * ./mvnw -B -pl migration-dashboard surefire:test -Dtest=LiveDashboardCheck -Ddashboard.screenshot=stage-1 \
 *     -Ddashboard.route=monolith-v1 -Ddashboard.shown=route,served -Ddashboard.absent=comparison,canary
 * </pre>
 * {@code dashboard.url} (http://127.0.0.1:8089/), {@code dashboard.route} (what payment.service points to),
 * {@code dashboard.shown} (parts that show their content), {@code dashboard.absent} (parts that show their one-line
 * notice), {@code dashboard.expect} (texts parts show: {@code part=text;part=text}), {@code dashboard.verdict} (the
 * parallel run's, in the page's words), {@code dashboard.acknowledge} (refuse
 * a blank reason, then acknowledge the latest open difference through its form), {@code dashboard.screenshots}
 * (target/screenshots) and {@code dashboard.screenshot} (the file's name).
 */
class LiveDashboardCheck {

    @Test
    void thePageShowsTheLabAsItRuns() {
        try (DashboardBrowser browser = new DashboardBrowser()) {
            browser.open(System.getProperty("dashboard.url", "http://127.0.0.1:8089/"));
            String route = System.getProperty("dashboard.route");
            if (route != null) {
                assertThat(browser.text("#route .big")).as("where payment.service points").isEqualTo(route);
            }
            for (String part : list("dashboard.shown")) {
                assertThat(browser.notice(part)).as("the notice of part " + part).isNull();
            }
            for (String part : list("dashboard.absent")) {
                assertThat(browser.notice(part)).as("part " + part + " says its service is not there").isNotBlank();
                System.out.println("notice of " + part + ": " + browser.notice(part));
            }
            for (String expected : list("dashboard.expect", ";")) {
                String part = expected.substring(0, expected.indexOf('='));
                String text = expected.substring(expected.indexOf('=') + 1);
                assertThat(browser.text("#" + part)).as("part " + part).contains(text);
                System.out.println("part " + part + " shows: " + text);
            }
            String verdict = System.getProperty("dashboard.verdict");
            if (verdict != null) {
                assertThat(browser.attribute("#comparison .badge", "data-state")).as("the verdict")
                        .isEqualTo(verdict);
                System.out.println("verdict: " + browser.text("#verdict-summary"));
            }
            assertThat(browser.consoleErrors()).as("console errors").isEmpty();
            if (Boolean.getBoolean("dashboard.acknowledge")) {
                acknowledgeTheLatest(browser);
                // The browser reports the refused acknowledgement's 400 itself; nothing else may go wrong.
                assertThat(browser.consoleErrors()).as("console errors").singleElement(as(InstanceOfAssertFactories.STRING))
                        .contains("/acknowledgement").contains("status of 400");
            }
            String name = System.getProperty("dashboard.screenshot");
            if (name != null) {
                Path screenshots = Path.of(System.getProperty("dashboard.screenshots", "target/screenshots"));
                System.out.println("screenshot: " + browser.screenshot(screenshots.resolve(name + ".png"), 1280));
                System.out.println("screenshot: " + browser.screenshot(screenshots.resolve(name + "-phone.png"), 390));
            }
        }
    }

    /** A blank reason is refused with the comparison's own words; a real one moves the difference to the acknowledged. */
    private static void acknowledgeTheLatest(DashboardBrowser browser) {
        // The page redraws its lists every few seconds: an element read as it is replaced is stale, read again.
        String payrollId = await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(WebDriverException.class)
                .until(() -> browser.findAll("#differences .open-list .difference").get(0)
                        .getDomAttribute("data-payroll-id"), id -> id != null);
        String form = "#differences .difference[data-payroll-id='" + payrollId + "'] form";
        browser.find(form + " input[name=by]").sendKeys("ci");
        browser.find(form + " input[name=reason]").sendKeys("   ");
        browser.find(form + " button").click();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(WebDriverException.class)
                .until(() -> browser.find(form + " .error").isDisplayed());
        System.out.println("a blank reason, refused on the page: " + browser.text(form + " .error"));
        assertThat(browser.text(form + " .error")).contains("reason");

        browser.find(form + " input[name=reason]").clear();
        browser.find(form + " input[name=reason]").sendKeys("seen on the migration page");
        browser.find(form + " button").click();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptionsInstanceOf(WebDriverException.class).untilAsserted(() -> {
            assertThat(browser.findAll("#differences .open-list .difference"))
                    .extracting(card -> card.getDomAttribute("data-payroll-id")).doesNotContain(payrollId);
            assertThat(browser.text("#differences .acknowledged-list")).contains("payroll " + payrollId)
                    .contains("by ci: seen on the migration page");
        });
        System.out.println("acknowledged through the page: payroll " + payrollId);
    }

    private static List<String> list(String property) {
        return list(property, ",");
    }

    private static List<String> list(String property, String separator) {
        String value = System.getProperty(property, "");
        return value.isBlank() ? List.of()
                : Arrays.stream(value.split(Pattern.quote(separator))).map(String::strip).toList();
    }
}
