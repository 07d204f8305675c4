package cn.mutualaid.settlement.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.PaymentCategory;
import cn.mutualaid.settlement.WalletFeed.Share;
import cn.mutualaid.settlement.WalletFeed;
import cn.mutualaid.settlement.clearing.domain.PeriodView;
import cn.mutualaid.settlement.period.domain.Period;
import cn.mutualaid.testing.MeshTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.r2dbc.core.DatabaseClient;

/** A month closes by itself once the grace time (default P3D) after its end has passed, not before. */
@MeshTest
class AutoCloseIT {
    @Autowired AutoClose autoClose;
    @Autowired ClearingService periods;
    @Autowired StreamBridge bridge;
    @Autowired DatabaseClient db;

    @Test
    void closesAfterTheGraceTime() {
        Period january = Period.parse("202301");
        WalletFeed feed = new WalletFeed(bridge, db);
        feed.send(feed.capture("auto-1", PaymentCategory.MEDICAL_INSTITUTION, january.start().plus(Duration.ofDays(9)),
                new Share("370100", "430100", 5_000)).envelope());

        Instant due = january.end().plus(Duration.ofDays(3));
        assertThat(autoClose.closeDue(due.minusSeconds(1)).collectList().block()).doesNotContain(january);
        assertThat(periods.view(january).block().status()).isEqualTo("OPEN");

        assertThat(autoClose.closeDue(due).collectList().block()).contains(january);
        PeriodView cleared = periods.view(january).block();
        assertThat(cleared.status()).isEqualTo("CLEARED");
        assertThat(cleared.crossProvinceFen()).isEqualTo(5_000);
        assertThat(autoClose.closeDue(due).collectList().block()).doesNotContain(january);
    }
}
