package cn.mutualaid.e2e.console;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.model.PaymentRequest;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.IdNumbers;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.MeshClient.Reply;
import cn.mutualaid.e2e.RunningMesh;
import cn.mutualaid.e2e.console.Browser.Outcome;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * DOMAIN.md's worked example entirely through the console, by three people at one browser: a Suzhou service-hall
 * operator registers Li Ming and his son, enrolls them, records the kinship, credits Li Ming's account and creates
 * the relationship; Li Ming sets a quota for his son (timed and counted); the son's page shows a QR payment code a
 * hospital pays with (through the API, as a hospital's system would); the operator transfers Li Ming to Chengdu and
 * the unused quota comes back; the clearing centre sees the month. Every refusal met on the way is shown in words.
 */
class ConsoleWorkedExampleIT extends ConsoleTest {
    static final String SUZHOU = "320500";
    static final String CHENGDU = "510100";
    static final Duration CATCH_UP = Duration.ofSeconds(60);
    private final MeshClient mesh = RunningMesh.client();
    private final Fixtures fixtures = new Fixtures(mesh);

    @Test
    void liMingHelpsHisSonThroughTheConsole() {
        String hospital = fixtures.provider(SUZHOU, "MEDICAL_INSTITUTION");
        String liMingIdNumber = IdNumbers.random(SUZHOU, LocalDate.of(1968, 3, 15), true);

        browser.step("operator signs in");
        // The operator: register, enroll, kinship, credit, relationship.
        browser.size(Browser.DESK);
        browser.signIn("AGENCY", null, SUZHOU);
        browser.checkPage("operator", "register", 40);
        browser.type("register-id", "320500199001011230");
        browser.type("register-name", "错号");
        browser.submit("register");
        assertRefusal("INVALID_ID_NUMBER", "身份证号码不正确");

        String liMing = register(liMingIdNumber, "李明");
        enroll("EMPLOYEE");
        browser.type("register-id", liMingIdNumber);
        browser.type("register-name", "李明");
        browser.submit("register");
        assertRefusal("PERSON_EXISTS", "该参保人已登记");

        String son = register(IdNumbers.random(SUZHOU, LocalDate.of(1995, 6, 1), true), "李小明");
        enroll("RESIDENT");
        String stranger = register(IdNumbers.random(SUZHOU, LocalDate.of(1970, 1, 9), false), "王芳");
        enroll("RESIDENT");

        browser.step("persons registered and enrolled");
        browser.click(By.xpath("//button[contains(., '李明 ·')]"));
        browser.waitForText(By.cssSelector("[data-selected-id]"), liMing);
        browser.type("kinship-relative", son);
        browser.choose("kinship-kind", "CHILD");
        browser.choose("kinship-evidence-kind", "BIRTH_CERTIFICATE");
        browser.type("kinship-evidence-reference", "O320500-1995-0001");
        assertThat(browser.submitUntilDone("kinship", CATCH_UP).done()).isTrue();
        browser.type("relation-beneficiary", stranger);
        browser.choose("relation-kinship", "SPOUSE");
        // Until relation-service has the registry's events of both persons it refuses for that reason instead.
        assertRefusal(browser.submitUntilDone("relation", CATCH_UP, "NOT_EMPLOYEE_INSURED", "BENEFICIARY_NOT_INSURED"),
                "KINSHIP_NOT_VERIFIED", "亲属关系尚未核验");
        browser.step("kinship recorded");
        browser.type("credit-amount", "500");
        assertThat(browser.submitUntilDone("credit", CATCH_UP, "NOT_FOUND").done()).isTrue();
        browser.type("relation-beneficiary", son);
        browser.choose("relation-kinship", "CHILD");
        assertThat(browser.submitUntilDone("relation", CATCH_UP, "KINSHIP_NOT_VERIFIED", "NOT_EMPLOYEE_INSURED",
                "BENEFICIARY_NOT_INSURED").done()).isTrue();
        browser.step("credited, relationship created");
        browser.screenshot("operator-person");

        // Li Ming: sign in, activate his wallet (医保钱包 → 开通), relative, amount, submit; under 60 s and under 10
        // actions. The transfer request is offered only once the wallet is active.
        browser.size(Browser.PHONE);
        browser.resetActions();
        long started = System.nanoTime();
        browser.signIn("INSURED", liMing, null);
        browser.waitFor(By.cssSelector("[data-activate]"));
        assertThat(browser.driver().findElements(By.id("quota-relation"))).isEmpty();
        activateThroughThePage();
        browser.waitFor(By.id("quota-relation"));
        browser.choose("quota-relation", relationOf(browser));
        browser.type("quota-amount", "300");
        Outcome quota = browser.submitUntilDone("quota", CATCH_UP, "RELATION_NOT_ACTIVE");
        browser.waitForText(By.cssSelector("[data-field='frozenFen']"), "300.00");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(quota.done()).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(browser.actions()).isLessThan(10);
        System.out.printf("console quota flow: %d actions, %d ms%n", browser.actions(), took.toMillis());
        assertThat(browser.text(By.cssSelector("[data-field='availableFen']"))).isEqualTo("200.00");
        browser.checkPage("insured-account", "quota", 40);
        browser.type("quota-amount", "600");
        browser.submit("quota");
        assertRefusal("INSUFFICIENT_BALANCE", "可用余额不足");
        browser.page("/relations");
        browser.waitFor(By.cssSelector("[data-list='asBenefactor'] [data-status='ACTIVE']"));
        browser.checkPage("insured-relations", "quota", 40);

        browser.step("quota set");
        // The son: no code before his wallet is activated; then his payment code, a real QR image; the hospital pays
        // 100.00 yuan with it.
        browser.signIn("INSURED", son, null);
        browser.page("/code");
        assertRefusal("WALLET_NOT_ACTIVE", "医保钱包尚未开通");
        browser.page("/account");
        activateThroughThePage();
        browser.page("/code");
        String image = browser.waitFor(By.cssSelector("img[data-qr]")).getAttribute("src");
        assertThat(image).startsWith("data:image/png;base64,");
        // A data URL is decoded after it is set: wait for the decoded image, then look at its size.
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> (Boolean)
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.querySelector('img[data-qr]').complete"));
        assertThat((Long) browser.driver().executeScript("return document.querySelector('img[data-qr]').naturalWidth"))
                .isGreaterThan(100L);
        String code = (String) browser.driver().executeScript(
                "return document.querySelector('[data-code-value]').textContent");
        // The countdown to the next code starts with the first tick of the page's clock.
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d ->
                Integer.parseInt(d.findElement(By.cssSelector("[data-seconds]")).getText()) > 0);
        assertThat(Integer.parseInt(browser.text(By.cssSelector("[data-seconds]")))).isBetween(1, 60);
        browser.screenshot("insured-code");
        Reply payment = pay(hospital, son, code, 10_000);
        assertThat(payment.text("status")).isEqualTo("CAPTURED");
        // The page fetches a new code before this one expires: move the page's clock 56 s on (the code lives 60 s).
        browser.driver().executeScript("const real = Date.now; Date.now = () => real() + 56000;");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> !code.equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                        "return document.querySelector('[data-code-value]').textContent")));
        assertThat(browser.waitFor(By.cssSelector("img[data-qr]")).getAttribute("src")).isNotEqualTo(image);
        // The list itself needs the wallet's GET /payments: ConsolePaymentsIT checks what it shows.
        browser.page("/payments");
        browser.waitFor(By.cssSelector("[data-payment-id], [data-no-payments], [role='alert']"));
        browser.screenshot("insured-payments");
        browser.page("/account");
        browser.waitFor(By.cssSelector("[data-no-account]"));

        browser.step("son paid, code refreshed");
        // The operator finds Li Ming by his ID number (typed, never in a URL) and transfers him to Chengdu.
        browser.size(Browser.DESK);
        browser.signIn("AGENCY", null, SUZHOU);
        browser.type("lookup-id", liMingIdNumber);
        browser.submit("lookup");
        browser.waitForText(By.cssSelector("[data-selected-id]"), liMing);
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(liMingIdNumber);
        browser.type("transfer-area", CHENGDU);
        assertThat(browser.submitUntilDone("transfer", CATCH_UP).done()).isTrue();
        browser.waitForText(By.cssSelector("[data-enrollment]"), CHENGDU);

        browser.step("transferred");
        // Li Ming sees the unused 200.00 back: balance 400.00, nothing frozen, the relationship dissolved.
        browser.size(Browser.PHONE);
        browser.signIn("INSURED", liMing, null);
        awaitOnAccount("frozenFen", "0.00");
        assertThat(browser.text(By.cssSelector("[data-field='balanceFen']"))).isEqualTo("400.00");
        assertThat(browser.text(By.cssSelector("[data-field='availableFen']"))).isEqualTo("400.00");
        browser.page("/relations");
        browser.waitFor(By.cssSelector("[data-list='asBenefactor'] [data-status='DISSOLVED']"));
        assertThat(browser.text(By.cssSelector("[data-list='asBenefactor'] [data-status='DISSOLVED']"))).contains("200.00");
        browser.screenshot("insured-relations-dissolved");

        browser.step("quota returned");
        // The clearing centre sees the month with this payment in it.
        browser.size(Browser.DESK);
        browser.signIn("CLEARING", null, null);
        browser.waitFor(By.cssSelector("[data-period][data-status='OPEN']"));
        // The settlement books the payment from the wallet's event: press 查看 until the month has it.
        browser.until(CATCH_UP, () -> fen(browser.text(By.cssSelector("[data-period] [data-field='totalFen']"))) >= 10_000,
                () -> browser.submit("period"));
        browser.waitFor(By.cssSelector("[data-not-cleared]"));
        browser.checkPage("clearing-month", "period", 40);
        browser.click(By.cssSelector("[data-close]"));
        assertRefusal("PERIOD_NOT_ENDED", "本月尚未结束");
    }

    private String register(String idNumber, String name) {
        browser.type("register-id", idNumber);
        browser.type("register-name", name);
        browser.submit("register");
        assertThat(browser.outcome(CATCH_UP).done()).isTrue();
        // The panel shows the new person once the answer is in: read the id only then, not the previous person's.
        browser.waitForText(By.cssSelector("[data-person]"), name);
        String personId = browser.text(By.cssSelector("[data-selected-id]"));
        assertThat(browser.driver().findElement(By.id("register-id")).getAttribute("value")).isEmpty();
        return personId;
    }

    private void enroll(String scheme) {
        browser.choose("enroll-scheme", scheme);
        assertThat(browser.submitUntilDone("enroll", CATCH_UP).done()).isTrue();
        browser.waitForText(By.cssSelector("[data-enrollment]"), SUZHOU);
    }

    /**
     * Presses 开通 on the wallet card until the page shows the wallet active (the wallet may not know a person
     * registered a moment ago: it answers 404 until it does). Pressed only while the button is there and enabled,
     * so a press whose answer is still coming is not repeated.
     */
    private static void activateThroughThePage() {
        By active = By.cssSelector("[data-wallet-active]");
        By button = By.cssSelector("[data-activate]:not([disabled])");
        browser.until(CATCH_UP, () -> !browser.driver().findElements(active).isEmpty(), () -> {
            if (!browser.driver().findElements(button).isEmpty()) {
                browser.click(button);
            }
        });
        assertThat(browser.text(active)).contains("已开通");
    }

    private static String relationOf(Browser browser) {
        return (String) browser.driver().executeScript(
                "return [...document.querySelectorAll('#quota-relation option')].map(o => o.value).find(v => v)");
    }

    private Reply pay(String hospital, String patient, String code, long fen) {
        String token = mesh.token(hospital, null, "PROVIDER");
        String key = UUID.randomUUID().toString();
        PaymentsApi payments = mesh.api(PaymentsApi::new);
        PaymentRequest payment = Fixtures.payment(code, patient, fen, "MEDICAL_INSTITUTION");
        Reply paid = mesh.until(() -> mesh.send(() -> payments.payPaymentWithHttpInfo(payment, key, as(token))),
                r -> r.status() == 201 || !"PROVIDER_NOT_DESIGNATED".equals(r.code()), CATCH_UP).expect(201);
        Fixtures.SPENT_FEN.addAndGet(fen);
        Fixtures.USES.incrementAndGet();
        return paid;
    }

    /**
     * Presses 刷新 until the account shows the figure, as a person would: while the saga runs and the account moves
     * to its new area, a load may be refused for a moment and show no figures at all.
     */
    private void awaitOnAccount(String field, String shown) {
        By figure = By.cssSelector("[data-field='" + field + "']");
        browser.until(CATCH_UP, () -> browser.driver().findElements(figure).stream().anyMatch(f -> f.getText().equals(shown)),
                () -> browser.click(By.xpath("//h2/button")));
    }

    private static void assertRefusal(String code, String words) {
        assertRefusal(browser.outcome(CATCH_UP), code, words);
    }

    private static void assertRefusal(Outcome outcome, String code, String words) {
        assertThat(outcome.code()).isEqualTo(code);
        assertThat(outcome.words()).contains(words).doesNotContain(code);
        browser.clearOutcomes();
    }

    static long fen(String yuan) {
        String plain = yuan.replace(",", "");
        return Long.parseLong(plain.replace(".", ""));
    }
}
