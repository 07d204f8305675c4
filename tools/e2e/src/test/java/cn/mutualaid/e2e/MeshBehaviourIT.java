package cn.mutualaid.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import static cn.mutualaid.e2e.MeshClient.as;

import cn.mutualaid.client.api.ClearingPeriodsApi;
import cn.mutualaid.client.api.LedgerCheckApi;
import cn.mutualaid.client.api.PaymentsApi;
import cn.mutualaid.client.api.RelationshipsApi;
import cn.mutualaid.client.api.TransfersApi;
import cn.mutualaid.client.model.Establish;
import cn.mutualaid.client.model.PaymentRequest;
import cn.mutualaid.client.model.TransferRequest;
import cn.mutualaid.e2e.MeshClient.Reply;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rules of docs/domain.md that need the whole mesh, checked through the gateway only. */
@ExtendWith(RunningMesh.class)
class MeshBehaviourIT {
    private final MeshClient mesh = RunningMesh.client();
    private final Fixtures fx = new Fixtures(mesh);
    private final RelationshipsApi relations = mesh.api(RelationshipsApi::new);

    @Test
    void crossProvinceAidIsRefusedUntilBothProvincesAreLive() {
        String chengduWorker = fx.person("510100", "EMPLOYEE");
        String fuzhouMother = fx.person("350100", "RESIDENT");
        fx.kinship("510100", chengduWorker, fuzhouMother, "PARENT");
        String token = fx.insured(chengduWorker);
        Establish proposal = new Establish().beneficiaryId(fuzhouMother).kinship(Establish.KinshipEnum.PARENT);

        Reply refused = mesh.until(() -> mesh.send(() -> relations.establishRelationWithHttpInfo(proposal, as(token))),
                r -> "CROSS_PROVINCE_NOT_LIVE".equals(r.code()), Fixtures.PROPAGATION);
        assertThat(refused.status()).isEqualTo(422);

        fx.crossProvince("510000", true);
        // Sichuan alone is not enough: both ends must be live.
        assertThat(mesh.send(() -> relations.establishRelationWithHttpInfo(proposal, as(token))).code())
                .isEqualTo("CROSS_PROVINCE_NOT_LIVE");

        fx.crossProvince("350000", true);
        Reply allowed = mesh.until(() -> mesh.send(() -> relations.establishRelationWithHttpInfo(proposal, as(token))),
                r -> r.status() == 201, Fixtures.PROPAGATION);
        assertThat(allowed.text("scope")).isEqualTo("CROSS_PROVINCE");
        assertThat(allowed.text("status")).isEqualTo("PENDING_CONSENT");
    }

    @Test
    void moneyMayBeSharedButTheCardMayNot() {
        String benefactor = fx.person("320100", "EMPLOYEE");
        String son = fx.person("320100", "EMPLOYEE");
        String stranger = fx.person("320100", "RESIDENT");
        fx.kinship("320100", benefactor, son, "CHILD");
        String relation = fx.relation("320100", benefactor, son, "CHILD");
        fx.credit("320100", benefactor, 20_000);
        fx.quota(benefactor, relation, 10_000);
        String pharmacy = fx.provider("320100", "RETAIL_PHARMACY");
        String pharmacyToken = mesh.token(pharmacy, null, "PROVIDER");

        // The stranger's code, presented for the son: refused, nothing moves.
        PaymentsApi payments = mesh.api(PaymentsApi::new);
        Reply refused = mesh.until(() -> {
            PaymentRequest payment = new PaymentRequest().paymentCode(fx.code(stranger)).patientId(son).amountFen(500L)
                    .category(PaymentRequest.CategoryEnum.RETAIL_PHARMACY).capture(true);
            return mesh.send(() -> payments.payPaymentWithHttpInfo(payment, UUID.randomUUID().toString(),
                    as(pharmacyToken)));
        }, r -> !"PROVIDER_NOT_DESIGNATED".equals(r.code()), Fixtures.PROPAGATION);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("PATIENT_NOT_CODE_OWNER");
        assertThat(fx.account(benefactor).fen("frozenFen")).isEqualTo(10_000);

        Reply paid = fx.pay(pharmacy, son, 500, "RETAIL_PHARMACY");
        assertThat(paid.status()).isEqualTo(201);
        Reply account = fx.account(benefactor);
        assertThat(account.fen("balanceFen")).isEqualTo(19_500);
        assertThat(account.fen("frozenFen")).isEqualTo(9_500);
    }

    @Test
    void aTransferDissolvesEveryRelationshipOfThePersonAndReturnsEachQuota() {
        String mover = fx.person("370100", "EMPLOYEE");
        String wife = fx.person("370100", "EMPLOYEE");
        String daughter = fx.person("370200", "RESIDENT");
        fx.kinship("370100", mover, wife, "SPOUSE");
        fx.kinship("370100", mover, daughter, "CHILD");
        String toWife = fx.relation("370100", mover, wife, "SPOUSE");
        String toDaughter = fx.relation("370100", mover, daughter, "CHILD");
        String fromWife = fx.relation("370100", wife, mover, "SPOUSE");
        fx.credit("370100", mover, 100_000);
        fx.credit("370100", wife, 50_000);
        fx.quota(mover, toWife, 30_000);
        fx.quota(mover, toDaughter, 20_000);
        fx.quota(wife, fromWife, 10_000);
        String hospital = fx.provider("370200", "MEDICAL_INSTITUTION");
        assertThat(fx.pay(hospital, daughter, 7_000, "MEDICAL_INSTITUTION").status()).isEqualTo(201);

        mesh.send(() -> mesh.api(TransfersApi::new).fileTransferWithHttpInfo(mover,
                new TransferRequest().toPoolingArea("440100"), as(fx.agency("370100")))).expect(202);

        String token = fx.insured(mover);
        long released = 0;
        for (String relation : List.of(toWife, toDaughter, fromWife)) {
            Reply done = mesh.until(() -> mesh.send(() -> relations.getRelationWithHttpInfo(relation, as(token))),
                    r -> "DISSOLVED".equals(r.text("status")), Fixtures.PROPAGATION);
            released += done.body().path("dissolution").path("releasedFen").asLong();
        }
        assertThat(released).isEqualTo(30_000 + 13_000 + 10_000);
        Reply moverAccount = mesh.until(() -> fx.account(mover), r -> "440100".equals(r.text("poolingArea")),
                Fixtures.PROPAGATION);
        assertThat(moverAccount.fen("balanceFen")).isEqualTo(93_000);
        assertThat(moverAccount.fen("frozenFen")).isZero();
        Reply wifeAccount = fx.account(wife);
        assertThat(wifeAccount.fen("balanceFen")).isEqualTo(50_000);
        assertThat(wifeAccount.fen("frozenFen")).isZero();
        assertThat(mesh.send(() -> mesh.api(LedgerCheckApi::new).checkLedgerWithHttpInfo(as(fx.clearing()))).expect(200)
                .body().path("ok").asBoolean()).isTrue();
    }

    @Test
    void theMonthsSettlementMatchesTheCapturedPayments() {
        String benefactor = fx.person("130100", "EMPLOYEE");
        String mother = fx.person("130100", "RESIDENT");
        fx.kinship("130100", benefactor, mother, "PARENT");
        String relation = fx.relation("130100", benefactor, mother, "PARENT");
        fx.credit("130100", benefactor, 80_000);
        fx.quota(benefactor, relation, 60_000);
        String collector = fx.provider("130100", "MEDICAL_INSTITUTION");
        assertThat(fx.pay(collector, mother, 40_000, "RESIDENT_CONTRIBUTION").status()).isEqualTo(201);

        String period = Fixtures.currentPeriod();
        ClearingPeriodsApi periods = mesh.api(ClearingPeriodsApi::new);
        Reply month = mesh.until(() -> mesh.send(() -> periods.getPeriodWithHttpInfo(period, as(fx.clearing()))),
                r -> r.ok() && r.fen("totalFen") == Fixtures.SPENT_FEN.get(), Fixtures.PROPAGATION);
        assertThat(month.fen("uses")).isEqualTo(Fixtures.USES.get());
        assertThat(month.text("status")).isEqualTo("OPEN");
    }
}
