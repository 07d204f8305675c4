package cn.mutualaid.wallet.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.mutualaid.contracts.Contracts;
import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.ProviderType;
import cn.mutualaid.contracts.Topics;
import cn.mutualaid.contracts.settlement.PeriodClosed;
import cn.mutualaid.contracts.wallet.MonthTotal;
import cn.mutualaid.contracts.wallet.WalletMonthTotals;
import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.wallet.payment.store.MonthTotals;
import cn.mutualaid.wallet.support.Wallet;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** PeriodClosed → WalletMonthTotals: captured and refunded fen per (fund province, spend province, category). */
@MeshTest
class MonthTotalsIT {
    @Autowired WebTestClient web;
    @Autowired DatabaseClient db;
    @Autowired StreamBridge bridge;

    private WalletMonthTotals totalsAfterClosing(Wallet w, String period) {
        w.publish(Topics.SETTLEMENT_EVENTS, new PeriodClosed(period, 0, 0, 0, Instant.now()), period);
        await().atMost(Wallet.WAIT).until(() -> w.count("select count(*) from outbox where aggregate_id = :id and type = 'WalletMonthTotals'", period) > 0);
        String json = db.sql("select envelope from outbox where aggregate_id = :p and type = 'WalletMonthTotals' order by id desc limit 1")
                .bind("p", period).map(r -> r.get(0, String.class)).one().block();
        return Contracts.mapper().readValue(json, Envelope.class).payloadAs(WalletMonthTotals.class);
    }

    @Test
    void theMonthsCapturesAndRefundsAreTotalledByProvincePairAndCategory() {
        Wallet w = new Wallet(web, db, bridge);
        // Xinjiang money spent in Tibet: a province pair no other test uses.
        String benefactor = w.employee("650100", 10_000);
        String patient = w.employee("650100", 0);
        String hospital = w.provider(ProviderType.MEDICAL_INSTITUTION, "540100");
        w.quota(benefactor, patient, 5000);
        Map<String, Object> first = w.paid(hospital, patient, 1234, PaymentCategory.MEDICAL_INSTITUTION, true);
        w.paid(hospital, patient, 766, PaymentCategory.MEDICAL_INSTITUTION, true);
        w.paid(hospital, patient, 500, PaymentCategory.MEDICAL_INSTITUTION, false);   // authorized only: not counted
        w.refund(hospital, (String) first.get("paymentId"), "refund-1", 300).expectStatus().isCreated();

        String period = YearMonth.now(MonthTotals.CHINA).format(DateTimeFormatter.ofPattern("yyyyMM"));
        WalletMonthTotals totals = totalsAfterClosing(w, period);
        assertThat(totals.period()).isEqualTo(period);
        assertThat(totals.totals()).filteredOn(t -> t.fundProvince().equals("650000") && t.spendProvince().equals("540000"))
                .containsExactly(new MonthTotal("650000", "540000", PaymentCategory.MEDICAL_INSTITUTION, 2000, 300, 2, 1));

        assertThat(totalsAfterClosing(w, "200001").totals()).isEmpty();
    }
}
