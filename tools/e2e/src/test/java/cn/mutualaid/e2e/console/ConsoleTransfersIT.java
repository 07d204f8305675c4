package cn.mutualaid.e2e.console;

import static cn.mutualaid.e2e.MeshClient.as;
import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.client.api.EnrollmentApi;
import cn.mutualaid.client.api.PersonsApi;
import cn.mutualaid.client.api.TransfersApi;
import cn.mutualaid.client.model.EnrollRequest;
import cn.mutualaid.client.model.RegisterRequest;
import cn.mutualaid.client.model.TransferRequest;
import cn.mutualaid.e2e.Fixtures;
import cn.mutualaid.e2e.IdNumbers;
import cn.mutualaid.e2e.MeshClient;
import cn.mutualaid.e2e.RunningMesh;
import cn.mutualaid.e2e.console.Browser.Outcome;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The two-sided transfer (医保关系转移接续) through the console's transfer page, by two service halls at their own
 * computers: Guangzhou's asks for a Jinan person; Jinan's sees the request among its transfers out and is offered
 * confirm and refuse (Guangzhou only withdraw); a confirm that comes after a withdrawal is refused in words; the next
 * request is confirmed and the person is Guangzhou's.
 */
class ConsoleTransfersIT extends ConsoleTest {
    static final String JINAN = "370100";
    static final String GUANGZHOU = "440100";
    static final Duration WAIT = Duration.ofSeconds(20);
    private final MeshClient mesh = RunningMesh.client();
    private final Fixtures fx = new Fixtures(mesh);

    @Test
    void theCurrentAreaConfirmsWhatTheTargetAreaAskedFor() {
        String idNumber = IdNumbers.random(JINAN, LocalDate.of(1972, 5, 20), false);
        String person = jinanEmployee(idNumber, "赵敏");
        Browser guangzhou = browser;
        try (Browser jinan = new Browser("http://127.0.0.1:" + RunningMesh.PORTS.get("gateway"))) {
            jinan.size(Browser.DESK);
            guangzhou.step("Guangzhou asks for the person");
            guangzhou.signIn("AGENCY", null, GUANGZHOU);
            guangzhou.page("/transfers");
            String withdrawn = request(guangzhou, person);
            assertThat(actions(guangzhou, withdrawn)).isEqualTo("withdraw");
            guangzhou.type("request-person", person);
            guangzhou.submit("transfer-request");
            assertRefusal(guangzhou.outcomeOf("transfer-request", WAIT), "TRANSFER_ALREADY_REQUESTED", "已有待处理的转移申请");
            guangzhou.checkPage("operator-transfers-in", "transfer-request", 40);

            guangzhou.step("Jinan sees it going out; Guangzhou withdraws meanwhile");
            jinan.signIn("AGENCY", null, JINAN);
            jinan.page("/transfers");
            jinan.choose("transfers-direction", "out");
            assertThat(actions(jinan, withdrawn)).isEqualTo("confirm refuse");
            withdraw(withdrawn);
            jinan.clearOutcomes();
            jinan.click(row(withdrawn, "button[data-action='confirm']"));
            assertRefusal(jinan.outcomeOf("transfers", WAIT), "TRANSFER_NOT_OPEN", "转移申请已处理或已过期");
            jinan.waitFor(rowIn(withdrawn, "WITHDRAWN"));
            assertThat(actions(jinan, withdrawn)).isEmpty();
            // The same refusal in English, once switched.
            jinan.click(By.cssSelector("[data-locale]"));
            jinan.waitForText(By.cssSelector("[role='alert'][data-code='TRANSFER_NOT_OPEN']"), "already answered");
            jinan.click(By.cssSelector("[data-locale]"));
            jinan.waitForText(By.cssSelector("[role='alert'][data-code='TRANSFER_NOT_OPEN']"), "已处理");

            guangzhou.step("Guangzhou asks again; Jinan confirms");
            String confirmed = request(guangzhou, person);
            jinan.submit("transfers");
            jinan.click(row(confirmed, "button[data-action='confirm']"));
            Outcome done = jinan.outcomeOf("transfers", WAIT);
            assertThat(done.done()).as("confirm: %s", done.words()).isTrue();
            jinan.waitFor(rowIn(confirmed, "COMPLETED"));
            assertThat(actions(jinan, confirmed)).isEmpty();
            jinan.checkPage("operator-transfers-out", "transfers", 40);

            guangzhou.step("the person is Guangzhou's");
            guangzhou.page("/operator");
            guangzhou.type("lookup-id", idNumber);
            guangzhou.submit("lookup");
            guangzhou.waitForText(By.cssSelector("[data-selected-id]"), person);
            guangzhou.waitForText(By.cssSelector("[data-enrollment]"), GUANGZHOU);
        }
    }

    /**
     * The person decides on their own transfer, on their phone: Guangzhou asks twice, the person refuses the first
     * request, the second is withdrawn while the person looks at it (their confirm is refused in words), and the
     * person confirms the third, after which they are Guangzhou's.
     */
    @Test
    void thePersonConfirmsOrRefusesTheirOwnTransfer() {
        String person = jinanEmployee(IdNumbers.random(JINAN, LocalDate.of(1980, 2, 14), true), "孙立");
        String refused = fileFor(person);
        browser.size(Browser.PHONE);
        browser.step("the person refuses the first request");
        browser.signIn("INSURED", person, null);
        browser.page("/my-transfers");
        assertThat(myActions(refused)).isEqualTo("confirm refuse");
        browser.screenshot("insured-transfers");
        assertThat(browser.unlabelledFields()).isEmpty();
        browser.clearOutcomes();
        browser.click(myRow(refused, "button[data-action='refuse']"));
        assertThat(browser.outcome(WAIT).words()).contains("已拒绝");
        browser.waitFor(myRowIn(refused, "REFUSED"));
        assertThat(myActions(refused)).isEmpty();

        browser.step("a request withdrawn while the person looks at it");
        String withdrawn = fileFor(person);
        refreshUntilShown(withdrawn);
        withdraw(withdrawn);
        browser.clearOutcomes();
        browser.click(myRow(withdrawn, "button[data-action='confirm']"));
        assertRefusal(browser.outcome(WAIT), "TRANSFER_NOT_OPEN", "转移申请已处理或已过期");
        browser.waitFor(myRowIn(withdrawn, "WITHDRAWN"));

        browser.step("the person confirms the third");
        String confirmed = fileFor(person);
        refreshUntilShown(confirmed);
        browser.clearOutcomes();
        browser.click(myRow(confirmed, "button[data-action='confirm']"));
        Outcome done = browser.outcome(WAIT);
        assertThat(done.done()).as("confirm: %s", done.words()).isTrue();
        browser.waitFor(myRowIn(confirmed, "COMPLETED"));
        assertThat(myActions(confirmed)).isEmpty();
        browser.screenshot("insured-transfers-decided");
        assertThat(mesh.send(() -> mesh.api(PersonsApi::new).getPersonWithHttpInfo(person, as(fx.agency(GUANGZHOU))))
                .expect(200).body().path("enrollment").path("poolingArea").asString())
                .isEqualTo(GUANGZHOU);
        browser.size(Browser.DESK);
    }

    /** Jinan's service hall registers and enrolls an employee (through the API); answers the personId. */
    private String jinanEmployee(String idNumber, String name) {
        String person = mesh.send(() -> mesh.api(PersonsApi::new).registerPersonWithHttpInfo(new RegisterRequest()
                .idNumber(idNumber).name(name), as(fx.agency(JINAN)))).expect(201).text("personId");
        mesh.send(() -> mesh.api(EnrollmentApi::new).enrollEnrollmentWithHttpInfo(person, new EnrollRequest()
                .scheme(EnrollRequest.SchemeEnum.EMPLOYEE).poolingArea(JINAN), as(fx.agency(JINAN)))).expect(201);
        return person;
    }

    /** Guangzhou's service hall asks for the person (through the API, as another hall's computer would). */
    private String fileFor(String person) {
        return mesh.send(() -> mesh.api(TransfersApi::new).fileTransferWithHttpInfo(person,
                new TransferRequest().toPoolingArea(GUANGZHOU), as(fx.agency(GUANGZHOU)))).expect(202).text("transferId");
    }

    /** Guangzhou withdraws its request behind the console's back. */
    private void withdraw(String transferId) {
        mesh.send(() -> mesh.api(TransfersApi::new).withdrawTransferWithHttpInfo(transferId, as(fx.agency(GUANGZHOU))))
                .expect(200);
    }

    /** Presses 刷新 until the person's list shows the request, as a person would. */
    private static void refreshUntilShown(String transferId) {
        browser.until(WAIT, () -> !browser.driver().findElements(myRowIn(transferId, "REQUESTED")).isEmpty(),
                () -> browser.click(By.xpath("//h2/button")));
    }

    private static By myRow(String transferId, String inside) {
        return By.cssSelector("[data-list='my-transfers'] li[data-transfer-id='" + transferId + "'] " + inside);
    }

    private static By myRowIn(String transferId, String status) {
        return By.cssSelector("[data-list='my-transfers'] li[data-transfer-id='" + transferId + "'][data-status='"
                + status + "']");
    }

    private static String myActions(String transferId) {
        browser.waitFor(By.cssSelector("[data-list='my-transfers'] li[data-transfer-id='" + transferId + "']"));
        return String.join(" ", browser.driver().findElements(myRow(transferId, "button[data-action]")).stream()
                .map(b -> b.getDomAttribute("data-action")).toList());
    }

    /** Files a request for the person into the hall's own area (the form's default): the new row's id. */
    private static String request(Browser hall, String person) {
        hall.type("request-person", person);
        hall.submit("transfer-request");
        Outcome filed = hall.outcomeOf("transfer-request", WAIT);
        assertThat(filed.done()).as("the request: %s", filed.words()).isTrue();
        return hall.waitFor(By.xpath("//table[@data-direction='in']//tr[@data-status='REQUESTED'][.//code[text()='"
                + person + "']]")).getDomAttribute("data-transfer-id");
    }

    private static By row(String transferId, String inside) {
        return By.cssSelector("tr[data-transfer-id='" + transferId + "'] " + inside);
    }

    private static By rowIn(String transferId, String status) {
        return By.cssSelector("tr[data-transfer-id='" + transferId + "'][data-status='" + status + "']");
    }

    /** The actions the row offers this agency, by name, in order. */
    private static String actions(Browser hall, String transferId) {
        hall.waitFor(row(transferId, "td"));
        return String.join(" ", hall.driver().findElements(row(transferId, "button[data-action]")).stream()
                .map(b -> b.getDomAttribute("data-action")).toList());
    }

    private static void assertRefusal(Outcome outcome, String code, String words) {
        assertThat(outcome.code()).isEqualTo(code);
        assertThat(outcome.words()).contains(words).doesNotContain(code);
    }
}
