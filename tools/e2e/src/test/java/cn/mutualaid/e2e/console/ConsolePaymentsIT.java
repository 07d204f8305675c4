package cn.mutualaid.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.RunningMesh;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * 我的支付: after a hospital's two payments with a son's code, paid from his father's quota, the son's page lists both,
 * newest first, with the amounts, the status and the quota each came from. Needs the wallet's list of a patient's
 * payments ({@code GET /api/v1/payments}).
 */
class ConsolePaymentsIT extends ConsoleTest {
    static final String ZHENGZHOU = "410100";
    private final Fixtures fx = new Fixtures(RunningMesh.client());

    @Test
    void thePatientSeesHisPaymentsNewestFirst() {
        browser.size(Browser.PHONE);
        String father = fx.person(ZHENGZHOU, "EMPLOYEE");
        String son = fx.person(ZHENGZHOU, "RESIDENT");
        fx.kinship(ZHENGZHOU, father, son, "CHILD");
        String relation = fx.relation(ZHENGZHOU, father, son, "CHILD");
        fx.credit(ZHENGZHOU, father, 50_000);
        fx.quota(father, relation, 30_000);
        String hospital = fx.provider(ZHENGZHOU, "MEDICAL_INSTITUTION");
        MeshClient.Reply first = fx.pay(hospital, son, 10_000, "MEDICAL_INSTITUTION").expect(201);
        MeshClient.Reply second = fx.pay(hospital, son, 2_550, "MEDICAL_INSTITUTION").expect(201);

        browser.signIn("INSURED", son, null);
        browser.page("/payments");
        browser.waitFor(By.cssSelector("[data-payment-id='" + first.text("paymentId") + "']"));
        List<WebElement> shown = browser.driver().findElements(By.cssSelector("[data-list='payments'] [data-payment-id]"));
        assertThat(shown).extracting(e -> e.getDomAttribute("data-payment-id"))
                .containsExactly(second.text("paymentId"), first.text("paymentId"));
        assertThat(shown).extracting(e -> e.getDomAttribute("data-status")).containsOnly("CAPTURED");
        assertThat(shown.get(0).findElement(By.cssSelector("[data-field='amountFen']")).getText()).isEqualTo("25.50");
        assertThat(shown.get(1).findElement(By.cssSelector("[data-field='amountFen']")).getText()).isEqualTo("100.00");
        assertThat(shown.get(1).getText()).contains("已支付", "定点医疗机构", father.substring(0, 8));
        assertThat(browser.unlabelledFields()).isEmpty();
        browser.screenshot("insured-payments-list");
    }
}
