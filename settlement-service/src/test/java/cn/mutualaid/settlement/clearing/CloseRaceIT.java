package cn.mutualaid.settlement.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.platform.store.Rows;
import cn.mutualaid.settlement.WalletFeed.Movement;
import cn.mutualaid.settlement.WalletFeed.Share;
import cn.mutualaid.settlement.WalletFeed;
import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.testing.MeshTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Closing while the month's payments are still streaming in: every line ends up exactly once, either in the
 * closed month's clearing or booked late to the next month, and the closed month's figures never move again.
 */
@MeshTest
class CloseRaceIT {
    @Autowired ClearingService periods;
    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;

    @Test
    void noLineIsLostOrCountedTwiceWhenTheCloseRacesTheConsumer() {
        WalletFeed feed = new WalletFeed(bridge, db);
        Period september = Period.parse("202209");
        List<Movement> payments = new ArrayList<>();
        long sent = 0;
        for (int i = 0; i < 120; i++) {
            long fen = 1_000 + i;
            sent += fen;
            payments.add(feed.capture("race-" + i, PaymentCategory.MEDICAL_INSTITUTION,
                    september.start().plus(Duration.ofHours(i)),
                    new Share(i % 2 == 0 ? "460100" : "460200", i % 3 == 0 ? "460100" : "620100", fen)));
        }
        payments.subList(0, 20).forEach(m -> feed.publish(m.envelope()));
        payments.subList(20, payments.size()).forEach(m -> feed.publish(m.envelope()));
        PeriodView closed = periods.close(september).block();
        feed.send(WalletFeed.envelopes(payments));

        PeriodView after = periods.view(september).block();
        PeriodView october = periods.view(september.next()).block();
        assertThat(after.totalFen()).isEqualTo(closed.totalFen());
        assertThat(after.totalFen() + october.lateFen()).isEqualTo(sent);
        assertThat(after.uses() + october.lateLines()).isEqualTo(payments.size());
        // The closed month's clearing covers exactly the lines booked to it.
        long booked = db.sql("select coalesce(sum(amount_fen), 0)::bigint s from clearing_lines where period = '202209'")
                .map(row -> Rows.longOf(row, "s")).one().block();
        long statements = db.sql("""
                        select coalesce(sum(payable_fen + within_fen), 0)::bigint s from statements where period = '202209'""")
                .map(row -> Rows.longOf(row, "s")).one().block();
        assertThat(booked).isEqualTo(closed.totalFen());
        assertThat(statements).isEqualTo(closed.totalFen());
    }
}
