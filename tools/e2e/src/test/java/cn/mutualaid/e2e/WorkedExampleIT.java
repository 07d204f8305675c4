package cn.mutualaid.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/domain.md rule 11 through the gateway, as `./mesh demo` plays it, with every balance checked to the fen. */
@ExtendWith(RunningMesh.class)
class WorkedExampleIT {

    @Test
    void liMingsFatherPaysFromLiMingsAccountAndTheQuotaComesBackOnTransfer() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WorkedExample.Outcome outcome = new WorkedExample(RunningMesh.client(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        Fixtures.SPENT_FEN.addAndGet(outcome.paidFen());
        Fixtures.USES.incrementAndGet();
        System.out.println(printed.toString(StandardCharsets.UTF_8));

        long credited = outcome.creditedFen();
        long quota = outcome.quotaFen();
        long paid = outcome.paidFen();
        var afterPayment = outcome.accountAfterPayment();
        assertThat(afterPayment.fen("balanceFen")).isEqualTo(credited - paid);
        assertThat(afterPayment.fen("frozenFen")).isEqualTo(quota - paid);
        assertThat(afterPayment.fen("availableFen")).isEqualTo(credited - quota);

        var relation = outcome.relationAfterTransfer();
        assertThat(relation.text("status")).isEqualTo("DISSOLVED");
        assertThat(relation.body().path("dissolution").path("releasedFen").asLong()).isEqualTo(quota - paid);
        assertThat(relation.body().path("dissolution").path("reason").asString()).isEqualTo("INSURANCE_TRANSFERRED");

        var afterTransfer = outcome.accountAfterTransfer();
        assertThat(afterTransfer.text("poolingArea")).isEqualTo("510100");
        assertThat(afterTransfer.fen("balanceFen")).isEqualTo(credited - paid);
        assertThat(afterTransfer.fen("frozenFen")).isZero();
        assertThat(afterTransfer.fen("availableFen")).isEqualTo(credited - paid);

        assertThat(outcome.ledgerCheck().body().path("ok").asBoolean()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("balance 400.00 yuan = available 400.00 yuan + frozen 0.00 yuan");
    }
}
