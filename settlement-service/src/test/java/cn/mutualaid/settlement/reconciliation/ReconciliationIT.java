package cn.mutualaid.settlement.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.Envelope;
import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.contracts.wallet.AccountCredited;
import cn.mutualaid.settlement.WalletFeed.Movement;
import cn.mutualaid.settlement.WalletFeed.Share;
import cn.mutualaid.settlement.WalletFeed;
import cn.mutualaid.settlement.clearing.ClearingService;
import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.settlement.reconciliation.domain.Reconciliation;
import cn.mutualaid.testing.MeshTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Reconciliation follows the month as it completes: an early answer from the wallet is compared again at the close,
 * and a late line (booked to the next month) is compared with the month it happened in. Nothing here settles.
 */
@MeshTest
class ReconciliationIT {
    @Autowired ClearingService periods;
    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;

    @Test
    void anEarlyAnswerIsComparedAgainAtTheCloseAndLateLinesCountInTheirOwnMonth() {
        WalletFeed feed = new WalletFeed(bridge, db);
        Period july = Period.parse("202207");
        Instant start = july.start();
        Movement a = feed.capture("rec-a", PaymentCategory.MEDICAL_INSTITUTION, start.plus(Duration.ofDays(9)),
                new Share("370100", "420100", 6_000));
        Movement b = feed.capture("rec-b", PaymentCategory.RETAIL_PHARMACY, start.plus(Duration.ofDays(19)),
                new Share("420100", "370100", 2_500), new Share("420100", "420100", 700));
        List<Movement> wallet = new ArrayList<>(List.of(a, b));

        // The wallet answers while the month is still open and b is not in yet: a mismatch, for now.
        feed.send(a.envelope());
        feed.send(WalletFeed.wrap(WalletFeed.walletTotals("202207", wallet)));
        assertThat(periods.view(july).block().reconciliation().status()).isEqualTo("MISMATCH");

        // Other wallet event types are ignored and do not block the partition.
        Envelope credited = Envelope.wrap(UUID.randomUUID(),
                new AccountCredited("person-9", 100, "ref-9", 100, Instant.now()), b.paymentId(), Instant.now(), null);
        feed.publish(credited);
        feed.send(b.envelope());

        PeriodView closed = periods.close(july).block();
        assertThat(closed.status()).isEqualTo("CLEARED");
        assertThat(closed.reconciliation().status()).isEqualTo("MATCHED");
        assertThat(closed.blockers()).containsExactly("STATEMENTS_UNCONFIRMED");

        // A July line arriving after the close goes to August, yet is reconciled with July.
        Movement late = feed.capture("rec-late", PaymentCategory.MEDICAL_INSTITUTION, start.plus(Duration.ofDays(25)),
                new Share("370100", "420100", 1_111));
        feed.send(late.envelope());
        PeriodView after = periods.view(july).block();
        assertThat(after.reconciliation().status()).isEqualTo("MISMATCH");
        assertThat(after.reconciliation().differences()).containsExactly(new Reconciliation.Difference(
                "370000", "420000", "MEDICAL_INSTITUTION", 6_000, 7_111, 0, 0));
        assertThat(after.blockers()).containsExactly("STATEMENTS_UNCONFIRMED", "RECONCILIATION_MISMATCH");
        PeriodView august = periods.view(july.next()).block();
        assertThat(august.lateLines()).isEqualTo(1);
        assertThat(august.lateFen()).isEqualTo(1_111);

        // The wallet's totals with the late payment agree again.
        wallet.add(late);
        feed.send(WalletFeed.wrap(WalletFeed.walletTotals("202207", wallet)));
        assertThat(periods.view(july).block().reconciliation().status()).isEqualTo("MATCHED");
        assertThat(periods.view(july).block().status()).isEqualTo("CLEARED");
    }
}
