package cn.mutualaid.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.e2e.RunningMesh;
import cn.mutualaid.e2e.console.Browser.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The pages the worked example does not walk through: the clearing centre's statements, prepaid funds and statistics,
 * the administrator's rollout (a change and its history), the English switch, and what each role is offered. Each
 * page is screenshotted and checked for labelled fields and keyboard reach.
 */
@ExtendWith(RunningMesh.class)
class ConsolePagesIT {
    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = new Browser("http://127.0.0.1:" + RunningMesh.PORTS.get("gateway"));
        browser.size(Browser.DESK);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theClearingCentresPages() {
        browser.signIn("CLEARING", null, null);
        assertThat(menu()).containsExactly("#/clearing/month", "#/clearing/statements", "#/clearing/prepaid", "#/clearing/stats");
        browser.page("/clearing/statements");
        browser.waitFor(By.cssSelector("form[data-form='statements']"));
        check("clearing-statements", "statements");
        browser.page("/clearing/prepaid");
        browser.waitFor(By.cssSelector("table"));
        browser.screenshot("clearing-prepaid");
        assertThat(browser.unlabelledFields()).isEmpty();
        browser.page("/clearing/stats");
        browser.waitFor(By.cssSelector("[data-stats]"));
        browser.waitFor(By.cssSelector(".chart canvas"));
        check("clearing-stats", "stats");
        // The CSV the service writes, saved by the browser under a name that says the range (the save is caught here).
        browser.driver().executeScript("""
                URL.createObjectURL = (blob) => { window.csvExport = blob; return 'about:blank'; };
                URL.revokeObjectURL = () => {};
                HTMLAnchorElement.prototype.click = function () { window.csvName = this.download; };""");
        browser.click(By.cssSelector("[data-csv]"));
        String csv = (String) browser.driver().executeAsyncScript("""
                const done = arguments[0];
                const wait = () => window.csvExport ? window.csvExport.text().then(done) : setTimeout(wait, 100);
                wait();""");
        assertThat(csv).startsWith("dimension,key,amountFen,uses").contains("category,MEDICAL_INSTITUTION,");
        assertThat((String) browser.driver().executeScript("return window.csvName"))
                .matches("stats-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv");
        // A range that ends before it starts is refused in words, not with a stack trace.
        browser.driver().executeScript("""
                const to = document.getElementById('stats-to');
                to.value = '2020-01-01'; to.dispatchEvent(new Event('input'));""");
        browser.submit("stats");
        Outcome refused = browser.outcome(Duration.ofSeconds(20));
        assertThat(refused.code()).isEqualTo("INVALID_RANGE");
        assertThat(refused.words()).contains("结束日期早于开始日期");
    }

    @Test
    void theAdministratorsRolloutWithItsHistory() {
        browser.signIn("ADMIN", null, null);
        assertThat(menu()).containsExactly("#/admin");
        browser.waitFor(By.cssSelector("tr[data-province='460000']"));
        browser.choose("rollout-province", "460000");
        browser.waitFor(By.cssSelector("[data-form='rollout']"));
        boolean wasLive = "true".equals(browser.waitFor(By.cssSelector("tr[data-province='460000']")).getAttribute("data-live"));
        browser.click(By.id("rollout-cross"));
        browser.submit("rollout");
        assertThat(browser.outcome(Duration.ofSeconds(20)).done()).isTrue();
        browser.waitFor(By.cssSelector("tr[data-province='460000'][data-live='" + !wasLive + "']"));
        browser.waitFor(By.xpath("//h2[contains(., '变更历史')]/following-sibling::table//td[contains(., 'rollout-admin')]"));
        check("admin-rollout", "rollout");
        // Put it back: other end-to-end tests assume Hainan's policy as they found it.
        browser.click(By.id("rollout-cross"));
        browser.submit("rollout");
        assertThat(browser.outcome(Duration.ofSeconds(20)).done()).isTrue();
        browser.waitFor(By.cssSelector("tr[data-province='460000'][data-live='" + wasLive + "']"));
    }

    @Test
    void chineseFirstWithAnEnglishSwitch() {
        browser.open();
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.text(By.cssSelector("form[data-form='signin'] button"))).isEqualTo("登录");
        browser.click(By.cssSelector("[data-locale]"));
        assertThat(browser.text(By.cssSelector("form[data-form='signin'] button"))).isEqualTo("Sign in");
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        check("signin-english", "signin");
        browser.click(By.cssSelector("[data-locale]"));
        assertThat(browser.text(By.cssSelector("form[data-form='signin'] button"))).isEqualTo("登录");
    }

    @Test
    void eachRoleIsOfferedOnlyItsOwnPages() {
        browser.signIn("AGENCY", null, "410100");
        assertThat(menu()).containsExactly("#/operator");
        browser.signIn("INSURED", "someone", null);
        assertThat(menu()).containsExactly("#/account", "#/relations", "#/code", "#/payments");
        // Typing another role's page into the address bar shows this role's own first page instead.
        browser.driver().get(browser.driver().getCurrentUrl().replaceAll("#.*", "#/clearing/month"));
        browser.waitFor(By.cssSelector("nav.menu a[aria-current='page'][href='#/account']"));
    }

    private static java.util.List<String> menu() {
        return browser.driver().findElements(By.cssSelector("nav.menu a")).stream()
                .map(a -> a.getAttribute("href").replaceAll(".*(#.*)", "$1")).toList();
    }

    private static void check(String name, String form) {
        browser.screenshot(name);
        assertThat(browser.unlabelledFields()).as("unlabelled fields on " + name).isEmpty();
        assertThat(browser.tabsToSubmit(form, 60)).as("Tab presses to the submit button on " + name).isPositive();
    }
}
