package cn.mutualaid.e2e.console;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.client.api.ClearingPeriodsApi;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.RunningMesh;
import cn.mutualaid.e2e.console.Browser.Outcome;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages the worked example does not walk through: the clearing centre's statements, prepaid funds and statistics,
 * the administrator's rollout (a change and its history), the English switch, and what each role is offered. Each
 * page is screenshotted and checked for labelled fields and keyboard reach.
 */
class ConsolePagesIT extends ConsoleTest {
    private final MeshClient mesh = RunningMesh.client();
    private final Fixtures fx = new Fixtures(mesh);

    @Test
    void theClearingCentresPages() {
        browser.signIn("CLEARING", null, null);
        assertThat(menu()).containsExactly("#/clearing/month", "#/clearing/statements", "#/clearing/prepaid", "#/clearing/stats");
        browser.page("/clearing/statements");
        browser.waitFor(By.cssSelector("form[data-form='statements']"));
        browser.checkPage("clearing-statements", "statements", 60);
        browser.page("/clearing/prepaid");
        browser.waitFor(By.cssSelector("table"));
        browser.screenshot("clearing-prepaid");
        assertThat(browser.unlabelledFields()).isEmpty();
        browser.page("/clearing/stats");
        browser.waitFor(By.cssSelector("[data-stats]"));
        browser.waitFor(By.cssSelector(".chart canvas"));
        browser.checkPage("clearing-stats", "stats", 60);
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
        assertThat(browser.outcomeOf("rollout", Duration.ofSeconds(20)).done()).isTrue();
        browser.waitFor(By.cssSelector("tr[data-province='460000'][data-live='" + !wasLive + "']"));
        browser.waitFor(By.xpath("//h2[contains(., '变更历史')]/following-sibling::table//td[contains(., 'rollout-admin')]"));
        browser.checkPage("admin-rollout", "rollout", 60);
        // Put it back: other end-to-end tests assume Hainan's policy as they found it.
        browser.click(By.id("rollout-cross"));
        browser.submit("rollout");
        assertThat(browser.outcomeOf("rollout", Duration.ofSeconds(20)).done()).isTrue();
        browser.waitFor(By.cssSelector("tr[data-province='460000'][data-live='" + wasLive + "']"));
    }

    /**
     * A page whose script cannot be fetched (the browser refuses the administrator's page chunk) says so in words
     * under the menu, where it once stayed empty; once the script can be fetched again, its reload button brings the
     * page with every province.
     */
    @Test
    void aPageWhoseScriptCannotBeLoadedSaysSo() {
        var driver = browser.driver();
        driver.executeCdpCommand("Network.enable", java.util.Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", java.util.Map.of("urls", List.of("*/assets/Rollout-*.js")));
        try {
            browser.signIn("ADMIN", null, null);
            browser.waitForText(By.cssSelector("[role='alert'][data-code='PAGE_NOT_LOADED']"), "页面加载失败");
            browser.screenshot("admin-page-not-loaded");
        } finally {
            driver.executeCdpCommand("Network.setBlockedURLs", java.util.Map.of("urls", List.of()));
        }
        browser.click(By.xpath("//button[contains(., '重新加载')]"));
        browser.waitFor(By.cssSelector("tr[data-province='460000']"));
        assertThat(driver.findElements(By.cssSelector("[data-code='PAGE_NOT_LOADED']"))).isEmpty();
    }

    /**
     * A pooling area's own step, scheduled a year ahead (so no other test meets it): the area's row shows it under
     * "scheduled" and its history names the administrator. Needs the registry's area rollout API.
     */
    @Test
    void theAdministratorSchedulesAPoolingAreasStep() {
        browser.signIn("ADMIN", null, null);
        browser.waitFor(By.cssSelector("tr[data-province='460000']"));
        browser.choose("rollout-province", "460000");
        browser.waitFor(By.cssSelector("[data-area-rollout] tr[data-area='460100']"));
        browser.choose("area-rollout-area", "460100");
        browser.choose("area-rollout-scope", "INTRA_PROVINCE");
        browser.choose("area-rollout-kinship", "NUCLEAR");
        String nextYear = LocalDateTime.now().plusYears(1).withSecond(0).withNano(0).toString();
        browser.driver().executeScript("""
                const from = document.getElementById('area-rollout-from');
                from.value = arguments[0]; from.dispatchEvent(new Event('input'));""", nextYear);
        browser.submit("area-rollout");
        Outcome saved = browser.outcomeOf("area-rollout", Duration.ofSeconds(20));
        assertThat(saved.code()).as("the area's step saved: %s", saved.words()).isNull();
        browser.waitFor(By.cssSelector("[data-area-rollout] tr[data-area='460100']:not([data-scheduled='0'])"));
        assertThat(browser.text(By.cssSelector("tr[data-area='460100'] [data-field='scheduled']"))).contains("省内");
        browser.waitFor(By.xpath("//*[@data-area-history]//td[contains(., 'rollout-admin')]"));
        browser.checkPage("admin-area-rollout", "area-rollout", 80);
    }

    /**
     * The province × province heat map draws what the settlement says of a cleared month: its data, as ECharts holds
     * it, and the table beside it are the month's positions. Only an ended month can be closed, so it is last month.
     */
    @Test
    void theHeatMapDrawsAClearedMonthsPositions() {
        String lastMonth = YearMonth.now(ZoneId.of("Asia/Shanghai")).minusMonths(1).format(DateTimeFormatter.ofPattern("yyyyMM"));
        browser.signIn("CLEARING", null, null);
        browser.type("month-period", lastMonth);
        browser.submit("period");
        browser.waitFor(By.cssSelector("[data-period][data-month='" + lastMonth + "']"));
        if (!browser.driver().findElements(By.cssSelector("[data-close]")).isEmpty()) {
            browser.click(By.cssSelector("[data-close]"));
        }
        WebElement chart = browser.waitFor(By.cssSelector("[data-chart='positions'][data-rendered='true']"));
        browser.waitFor(By.cssSelector("[data-period][data-status='CLEARED'], [data-period][data-status='SETTLED']"));
        JsonNode positions = mesh.send(() -> mesh.api(ClearingPeriodsApi::new).positionsPeriodWithHttpInfo(lastMonth,
                as(fx.clearing()))).expect(200).body().path("positions");
        JsonNode drawn = JsonMapper.builder().build().readTree(chart.getDomAttribute("data-series")).get(0);
        assertThat(drawn).hasSize(positions.size());
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("table[data-positions] tr[data-fund]"));
        assertThat(rows).hasSize(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            JsonNode p = positions.get(i);
            assertThat(drawn.get(i).get(2).asDouble()).isEqualTo(p.path("amountFen").asLong() / 100.0);
            assertThat(rows.get(i).getDomAttribute("data-fund")).isEqualTo(p.path("fundProvince").asString());
            assertThat(rows.get(i).getDomAttribute("data-spend")).isEqualTo(p.path("spendProvince").asString());
            assertThat(rows.get(i).getDomAttribute("data-fen")).isEqualTo(p.path("amountFen").asString());
        }
        assertThat(browser.unlabelledFields()).isEmpty();
        browser.screenshot("clearing-positions");
    }

    @Test
    void chineseFirstWithAnEnglishSwitch() {
        browser.open();
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.text(By.cssSelector("form[data-form='signin'] button"))).isEqualTo("登录");
        browser.click(By.cssSelector("[data-locale]"));
        assertThat(browser.text(By.cssSelector("form[data-form='signin'] button"))).isEqualTo("Sign in");
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        browser.checkPage("signin-english", "signin", 60);
        browser.click(By.cssSelector("[data-locale]"));
        assertThat(browser.text(By.cssSelector("form[data-form='signin'] button"))).isEqualTo("登录");
    }

    @Test
    void eachRoleIsOfferedOnlyItsOwnPages() {
        browser.signIn("AGENCY", null, "410100");
        assertThat(menu()).containsExactly("#/operator", "#/transfers");
        browser.signIn("INSURED", "someone", null);
        assertThat(menu()).containsExactly("#/account", "#/relations", "#/code", "#/payments", "#/my-transfers");
        // Typing another role's page into the address bar shows this role's own first page instead.
        browser.driver().get(browser.driver().getCurrentUrl().replaceAll("#.*", "#/clearing/month"));
        browser.waitFor(By.cssSelector("nav.menu a[aria-current='page'][href='#/account']"));
    }

    private static List<String> menu() {
        return browser.driver().findElements(By.cssSelector("nav.menu a")).stream()
                .map(a -> a.getAttribute("href").replaceAll(".*(#.*)", "$1")).toList();
    }
}
