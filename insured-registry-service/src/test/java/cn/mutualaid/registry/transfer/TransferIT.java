package cn.mutualaid.registry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.registry.support.RegistryEvents;
import cn.mutualaid.registry.support.RegistryTestBase;
import cn.mutualaid.testing.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The two-sided transfer (医保关系转移接续): requested by the target area, decided by the current area or the person. */
class TransferIT extends RegistryTestBase {

    @Autowired TransferService transfers;

    private String fileByTarget(String personId, String target) {
        Map<?, ?> filed = post(TestJwt.agency(target), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", target)).exchange().expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(filed.get("status")).isEqualTo("REQUESTED");
        return (String) filed.get("transferId");
    }

    private WebTestClient.ResponseSpec act(String token, String transferId, String action) {
        return post(token, "/api/v1/transfers/" + transferId + "/" + action, Map.of()).exchange();
    }

    private String currentArea(String personId) {
        return db.sql("select pooling_area from enrollment where person_id = :p and status = 'ACTIVE'")
                .bind("p", personId).map(row -> row.get(0, String.class)).one().block();
    }

    private String status(String transferId) {
        return db.sql("select status from transfer where transfer_id = :t").bind("t", transferId)
                .map(row -> row.get(0, String.class)).one().block();
    }

    private long audited(String transferId, String action) {
        return db.sql("select count(*) from audit_log where target_type = 'transfer' and target_id = :t and action = :a")
                .bind("t", transferId).bind("a", action).map(row -> row.get(0, Long.class)).one().block();
    }

    @Test
    void aRequestByTheTargetAreaMovesNothingUntilThePersonConfirms() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        Map<?, ?> filed = post(TestJwt.agency(CHENGDU), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", CHENGDU, "scheme", "RESIDENT")).exchange().expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody();
        String transferId = (String) filed.get("transferId");
        assertThat(filed.get("status")).isEqualTo("REQUESTED");
        assertThat(filed.get("fromPoolingArea")).isEqualTo(SUZHOU);
        assertThat(filed.get("toPoolingArea")).isEqualTo(CHENGDU);
        assertThat(filed.get("enrollment")).isNull();
        assertThat(Duration.between(Instant.parse((String) filed.get("filedAt")),
                Instant.parse((String) filed.get("expiresAt")))).isEqualTo(Duration.ofDays(30));

        RegistryEvents.awaitType(personId, "TransferRequested");
        assertThat(currentArea(personId)).isEqualTo(SUZHOU);
        assertThat(outboxed(personId, "InsuranceTransferred")).isZero();
        get(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId).exchange().expectStatus().isOk();

        // each side lists it: the target area as incoming, the current area (and its province) as outgoing
        get(TestJwt.agency(CHENGDU), "/api/v1/transfers?direction=in&status=REQUESTED&size=200").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.transferId == '" + transferId + "')].status").isEqualTo("REQUESTED");
        for (String area : new String[] {SUZHOU, JIANGSU}) {
            get(TestJwt.agency(area), "/api/v1/transfers?direction=out&size=200").exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$[?(@.transferId == '" + transferId + "')].toPoolingArea").isEqualTo(CHENGDU);
        }
        assertThat(get(TestJwt.agency(NANJING), "/api/v1/transfers?direction=out&size=200").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .doesNotContain(transferId);
        assertThat(get(TestJwt.agency(SUZHOU), "/api/v1/transfers?direction=in&size=200").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .doesNotContain(transferId);

        act(TestJwt.insured(personId), transferId, "confirm").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("COMPLETED")
                .jsonPath("$.enrollment.poolingArea").isEqualTo(CHENGDU)
                .jsonPath("$.enrollment.scheme").isEqualTo("RESIDENT");
        RegistryEvents.awaitType(personId, "InsuranceTransferred");
        assertThat(RegistryEvents.typesFor(personId)).containsExactly("PersonRegistered", "InsuranceEnrolled",
                "TransferRequested", "InsuranceTransferred");
        assertThat(RegistryEvents.forKey(personId).get(3).envelope().payload().get("transferId").asString())
                .isEqualTo(transferId);
        assertThat(currentArea(personId)).isEqualTo(CHENGDU);
        assertThat(audited(transferId, "transfer.file")).isEqualTo(1);
        assertThat(audited(transferId, "transfer.confirm")).isEqualTo(1);
        act(TestJwt.agency(SUZHOU), transferId, "confirm").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("TRANSFER_NOT_OPEN");
        assertThat(outboxed(personId, "InsuranceTransferred")).isEqualTo(1);
    }

    @Test
    void theCurrentAreaRefusesAndTheFilingAreaWithdrawsEachOnlyTheirOwnStep() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        String refused = fileByTarget(personId, CHENGDU);
        act(TestJwt.agency(CHENGDU), refused, "confirm").expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("TRANSFER_NOT_YOURS");
        act(TestJwt.agency(SUZHOU), refused, "withdraw").expectStatus().isForbidden();
        act(TestJwt.agency(SUZHOU), refused, "refuse").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("REFUSED").jsonPath("$.decidedAt").isNotEmpty();
        act(TestJwt.agency(CHENGDU), refused, "withdraw").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("TRANSFER_NOT_OPEN");
        RegistryEvents.awaitType(personId, "TransferRefused");

        String withdrawn = fileByTarget(personId, CHENGDU);
        act(TestJwt.agency("510000"), withdrawn, "withdraw").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("WITHDRAWN");
        act(TestJwt.insured(personId), withdrawn, "confirm").expectStatus().isEqualTo(409);
        RegistryEvents.awaitType(personId, "TransferWithdrawn");

        assertThat(currentArea(personId)).isEqualTo(SUZHOU);
        assertThat(outboxed(personId, "InsuranceTransferred")).isZero();
        assertThat(audited(refused, "transfer.refuse")).isEqualTo(1);
        assertThat(audited(withdrawn, "transfer.withdraw")).isEqualTo(1);
    }

    @Test
    void thePersonAndTheirAreaListTheirTransfersOthersAreToldNothing() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        String withdrawn = fileByTarget(personId, CHENGDU);
        act(TestJwt.agency(CHENGDU), withdrawn, "withdraw").expectStatus().isOk();
        String open = fileByTarget(personId, ZHENGZHOU);
        String path = "/api/v1/persons/" + personId + "/transfers";

        for (String reader : new String[] {TestJwt.insured(personId), TestJwt.agency(SUZHOU), TestJwt.agency(JIANGSU)}) {
            get(reader, path).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.length()").isEqualTo(2)
                    .jsonPath("$[0].transferId").isEqualTo(open)
                    .jsonPath("$[0].status").isEqualTo("REQUESTED")
                    .jsonPath("$[0].toPoolingArea").isEqualTo(ZHENGZHOU)
                    .jsonPath("$[0].expiresAt").isNotEmpty()
                    .jsonPath("$[1].transferId").isEqualTo(withdrawn)
                    .jsonPath("$[1].status").isEqualTo("WITHDRAWN");
        }
        get(TestJwt.insured(personId), path + "?status=REQUESTED").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].transferId").isEqualTo(open);
        get(TestJwt.insured(personId), path + "?size=1&page=1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].transferId").isEqualTo(withdrawn);
        // another person, an agency of neither the person's area nor its province: as if there were no such person
        for (String outsider : new String[] {TestJwt.insured("someone-else"), TestJwt.agency(NANJING),
                TestJwt.agency(CHENGDU)}) {
            get(outsider, path).exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        }
        get(TestJwt.agency(SUZHOU), "/api/v1/persons/no-such-person/transfers").exchange().expectStatus().isNotFound();
        get(TestJwt.insured(personId), path + "?status=SIDEWAYS").exchange().expectStatus().is4xxClientError();
    }

    @Test
    void anyoneWithoutAPartIsToldNothingAndChangesNothing() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        String transferId = fileByTarget(personId, CHENGDU);
        long events = count("select count(*) from outbox where aggregate_id = :p", personId);
        // one token, compared by identity: a second one minted a second later differs (iat)
        String someoneElse = TestJwt.insured("someone-else");
        for (String outsider : new String[] {TestJwt.agency(NANJING), TestJwt.agency(ZHENGZHOU), TestJwt.agency("410000"),
                someoneElse}) {
            for (String action : new String[] {"confirm", "refuse", "withdraw"}) {
                WebTestClient.ResponseSpec answer = act(outsider, transferId, action);
                if (action.equals("withdraw") && outsider.equals(someoneElse)) {
                    answer.expectStatus().isForbidden();
                } else {
                    answer.expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
                }
            }
        }
        // an agency of neither area cannot file either, and a second request while one is open is refused
        post(TestJwt.agency(ZHENGZHOU), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", CHENGDU)).exchange().expectStatus().isNotFound();
        post(TestJwt.agency(ZHENGZHOU), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", ZHENGZHOU)).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("TRANSFER_ALREADY_REQUESTED");
        act(TestJwt.agency(SUZHOU), "no-such-transfer", "confirm").expectStatus().isNotFound();
        get(TestJwt.agency(SUZHOU), "/api/v1/transfers?direction=sideways").exchange().expectStatus().isEqualTo(422);
        get(TestJwt.insured(personId), "/api/v1/transfers").exchange().expectStatus().isForbidden();

        assertThat(status(transferId)).isEqualTo("REQUESTED");
        assertThat(currentArea(personId)).isEqualTo(SUZHOU);
        assertThat(count("select count(*) from outbox where aggregate_id = :p", personId)).isEqualTo(events);
        assertThat(count("select count(*) from transfer where person_id = :p", personId)).isEqualTo(1);
    }

    @Test
    void anUnansweredRequestExpiresOnceAndCanNoLongerBeConfirmed() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        String transferId = fileByTarget(personId, CHENGDU);
        Instant now = Instant.now();
        transfers.expireDue(now.plus(Duration.ofDays(29))).block();
        assertThat(status(transferId)).isEqualTo("REQUESTED");

        List<Long> expired = List.of(transfers.expireDue(now.plus(Duration.ofDays(31))).block(),
                transfers.expireDue(now.plus(Duration.ofDays(31))).block());
        assertThat(expired.get(0)).isPositive();
        assertThat(status(transferId)).isEqualTo("EXPIRED");
        RegistryEvents.awaitType(personId, "TransferExpired");
        assertThat(outboxed(personId, "TransferExpired")).isEqualTo(1);
        act(TestJwt.agency(SUZHOU), transferId, "confirm").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("TRANSFER_NOT_OPEN");
        assertThat(currentArea(personId)).isEqualTo(SUZHOU);
        // once it is over, the target area may ask again
        fileByTarget(personId, CHENGDU);
    }

    @Test
    void aRequestOverTakenByAnotherMoveCannotBeConfirmed() {
        String personId = enrolledPerson("EMPLOYEE", SUZHOU);
        String transferId = fileByTarget(personId, CHENGDU);
        post(TestJwt.agency(SUZHOU), "/api/v1/persons/" + personId + "/enrollment/transfer",
                Map.of("toPoolingArea", NANJING)).exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        act(TestJwt.insured(personId), transferId, "confirm").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ENROLLMENT_CHANGED");
        assertThat(currentArea(personId)).isEqualTo(NANJING);
        assertThat(outboxed(personId, "InsuranceTransferred")).isEqualTo(1);
    }

    @Test
    void confirmRacingWithdrawHasExactlyOneWinner() {
        for (int round = 0; round < 6; round++) {
            String personId = enrolledPerson("EMPLOYEE", SUZHOU);
            String transferId = fileByTarget(personId, CHENGDU);
            CompletableFuture<Integer> confirm = CompletableFuture.supplyAsync(
                    () -> act(TestJwt.agency(SUZHOU), transferId, "confirm").returnResult(String.class).getStatus().value());
            CompletableFuture<Integer> withdraw = CompletableFuture.supplyAsync(
                    () -> act(TestJwt.agency(CHENGDU), transferId, "withdraw").returnResult(String.class).getStatus().value());
            List<Integer> statuses = List.of(confirm.join(), withdraw.join());
            assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            boolean confirmed = statuses.get(0) == 200;
            assertThat(status(transferId)).isEqualTo(confirmed ? "COMPLETED" : "WITHDRAWN");
            assertThat(currentArea(personId)).isEqualTo(confirmed ? CHENGDU : SUZHOU);
            assertThat(outboxed(personId, "InsuranceTransferred")).isEqualTo(confirmed ? 1 : 0);
            assertThat(outboxed(personId, "TransferWithdrawn")).isEqualTo(confirmed ? 0 : 1);
            assertThat(count("select count(*) from enrollment where person_id = :p and status = 'ACTIVE'", personId))
                    .isEqualTo(1);
        }
    }
}
