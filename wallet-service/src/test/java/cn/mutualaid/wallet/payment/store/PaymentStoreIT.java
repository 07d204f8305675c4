package cn.mutualaid.wallet.payment.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.wallet.payment.domain.MoneyMove;
import cn.mutualaid.wallet.payment.domain.PaymentHeader;
import cn.mutualaid.wallet.payment.domain.PaymentStatus;
import cn.mutualaid.wallet.payment.domain.PaymentView;
import cn.mutualaid.wallet.payment.domain.RefundPlan;
import cn.mutualaid.wallet.payment.domain.RefundableLine;
import cn.mutualaid.wallet.support.Transactions;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The quota arithmetic of payments lives in {@link PaymentStore}'s conditional updates (granted = used + held +
 * remaining + released): these run them on real PostgreSQL, each in its own transaction as the application does, and
 * check that a step which does not fit changes nothing. These steps move quota without their accounts and journal, so
 * each test puts its rows back as they were: the other tests check the whole ledger.
 */
@MeshTest
class PaymentStoreIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;
    @Autowired PaymentStore store;
    @Autowired Transactions tx;
    Wallet w;
    String benefactor;
    String patient;
    String relation;
    String quotaId;
    long[] account;

    @BeforeEach
    void setUp() {
        w = new Wallet(web, db, bridge);
        benefactor = w.employee("320500", 10_000);
        patient = w.employee("320500", 0);
        relation = w.quota(benefactor, patient, 1000);
        quotaId = db.sql("select quota_id from quota where relation_id = :r").bind("r", relation)
                .map(row -> row.get(0, UUID.class).toString()).one().block();
        account = w.account(benefactor);
    }

    @AfterEach
    void putBack() {
        db.sql("delete from payment_line where quota_id = cast(:q as uuid)").bind("q", quotaId).fetch().rowsUpdated()
                .then(db.sql("delete from payment where patient_id = :p").bind("p", patient).fetch().rowsUpdated())
                .then(db.sql("update quota set used_fen = 0, held_fen = 0, released_fen = 0 where quota_id = cast(:q as uuid)")
                        .bind("q", quotaId).fetch().rowsUpdated())
                .then(db.sql("update account set balance_fen = :b, frozen_fen = :f where person_id = :p")
                        .bind("b", account[0]).bind("f", account[1]).bind("p", benefactor).fetch().rowsUpdated())
                .block();
    }

    private PaymentView.Line line(long fen) {
        return new PaymentView.Line(quotaId, relation, benefactor, fen, 0, "320500", "32", "320500", "32",
                AidScope.SAME_AREA);
    }

    private List<PaymentView.Line> insert(PaymentStatus status, long fen) {
        Instant now = Instant.now();
        List<PaymentView.Line> lines = List.of(line(fen));
        PaymentHeader header = new PaymentHeader(UUID.randomUUID(), "prov-store", patient,
                PaymentCategory.MEDICAL_INSTITUTION, null, fen, status, 0, "320500", now, now.plus(Duration.ofMinutes(15)),
                status == PaymentStatus.CAPTURED ? now : null, null, null);
        inTx(() -> store.insert(header, lines));
        return lines;
    }

    private void inTx(Supplier<Mono<Void>> work) {
        tx.run(() -> work.get().thenReturn(true)).block();
    }

    /** [granted, used, held, released] */
    private long[] quota() {
        return w.quotaOf(relation);
    }

    @Test
    void aHoldOrADirectCaptureTakesOnlyWhatRemains() {
        insert(PaymentStatus.AUTHORIZED, 600);
        assertThat(quota()).containsExactly(1000L, 0L, 600L, 0L);
        assertThatThrownBy(() -> insert(PaymentStatus.AUTHORIZED, 401)).hasMessageContaining("could not take its part");
        assertThatThrownBy(() -> insert(PaymentStatus.CAPTURED, 401)).hasMessageContaining("could not take its part");
        assertThat(quota()).as("a part that does not fit changes nothing").containsExactly(1000L, 0L, 600L, 0L);
        insert(PaymentStatus.CAPTURED, 400);
        assertThat(quota()).as("a direct capture goes straight from remaining to used").containsExactly(1000L, 400L, 600L, 0L);
    }

    @Test
    void aCaptureMovesHeldToUsedAndAVoidGivesHeldBack() {
        List<PaymentView.Line> held = insert(PaymentStatus.AUTHORIZED, 600);
        inTx(() -> store.captureHeld(held, Instant.now()));
        assertThat(quota()).containsExactly(1000L, 600L, 0L, 0L);
        assertThatThrownBy(() -> inTx(() -> store.captureHeld(held, Instant.now())))
                .as("nothing is held any more").hasMessageContaining("quota changed under a lock");
        List<PaymentView.Line> another = insert(PaymentStatus.AUTHORIZED, 300);
        inTx(() -> store.releaseHeld(another, Instant.now()));
        assertThat(quota()).containsExactly(1000L, 600L, 0L, 0L);
        assertThatThrownBy(() -> inTx(() -> store.releaseHeld(another, Instant.now())))
                .hasMessageContaining("quota changed under a lock");
        assertThat(quota()).containsExactly(1000L, 600L, 0L, 0L);
    }

    @Test
    void aRefundGoesBackToTheQuotaOrCountsAsReleased() {
        List<PaymentView.Line> used = insert(PaymentStatus.CAPTURED, 500);
        RefundableLine active = new RefundableLine(0, used.get(0), true);
        RefundableLine ended = new RefundableLine(0, used.get(0), false);
        inTx(() -> store.refundQuotas(List.of(new RefundPlan.Part(0, 100)), List.of(active), Instant.now()));
        assertThat(quota()).as("back into the quota: remaining again").containsExactly(1000L, 400L, 0L, 0L);
        inTx(() -> store.refundQuotas(List.of(new RefundPlan.Part(0, 150)), List.of(ended), Instant.now()));
        assertThat(quota()).as("to the benefactor's available balance: released").containsExactly(1000L, 250L, 0L, 150L);
        assertThatThrownBy(() -> inTx(() -> store.refundQuotas(List.of(new RefundPlan.Part(0, 251)), List.of(active),
                Instant.now()))).hasMessageContaining("refund does not fit its quotas");
        assertThat(quota()).containsExactly(1000L, 250L, 0L, 150L);
    }

    @Test
    void anAccountNeverGoesBelowZero() {
        long[] before = account;
        List<PaymentView.Line> tooMuch = List.of(line(before[1] + 1));
        assertThatThrownBy(() -> inTx(() -> store.changeAccounts(MoneyMove.capture(tooMuch))))
                .hasMessageContaining("cannot take its part");
        assertThat(w.account(benefactor)).containsExactly(before);
        inTx(() -> store.changeAccounts(MoneyMove.capture(List.of(line(100)))));
        assertThat(w.account(benefactor)).containsExactly(before[0] - 100, before[1] - 100);
    }
}
