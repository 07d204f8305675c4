package cn.mutualaid.wallet.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import cn.mutualaid.contracts.AidScope;
import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.domain.Ledger;
import cn.mutualaid.wallet.ledger.domain.Posting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a capture or a refund does to accounts is what its journal entry says: for every benefactor the balance
 * changes by their AVAILABLE + FROZEN postings and frozen by their FROZEN postings (balance = available + frozen),
 * and the postings sum to zero.
 */
class MoneyMoveTest {
    private static PaymentView.Line line(String benefactor, long fen) {
        return new PaymentView.Line("q-" + benefactor, "r-" + benefactor, benefactor, fen, 0, "320500", "32", "320500",
                "32", AidScope.SAME_AREA);
    }

    private static void accountsMatchTheJournal(MoneyMove move) {
        assertThat(JournalEntry.sum(move.postings())).isZero();
        move.accounts().forEach((person, change) -> {
            List<Posting> own = move.postings().stream().filter(p -> person.equals(p.personId())).toList();
            assertThat(own.stream().mapToLong(Posting::amountFen).sum()).as("balance of " + person)
                    .isEqualTo(change.balanceFen());
            assertThat(own.stream().filter(p -> p.ledger() == Ledger.FROZEN).mapToLong(Posting::amountFen).sum())
                    .as("frozen of " + person).isEqualTo(change.frozenFen());
        });
    }

    @Test
    void aCaptureTakesEachBenefactorsShareOutOfTheirFrozenMoney() {
        MoneyMove move = MoneyMove.capture(List.of(line("b", 300), line("a", 200), line("b", 100)));
        assertThat(move.accounts()).containsExactly(Map.entry("a", new MoneyMove.AccountChange(-200, -200)),
                Map.entry("b", new MoneyMove.AccountChange(-400, -400)));
        assertThat(move.postings()).contains(Posting.external(Ledger.SPENT, 600));
        accountsMatchTheJournal(move);
    }

    @Test
    void aRefundGoesBackFrozenIntoAnActiveQuotaAndAvailableOtherwise() {
        Map<Integer, RefundableLine> lines = Map.of(
                0, new RefundableLine(0, line("a", 300), true),
                1, new RefundableLine(1, line("b", 400), false),
                2, new RefundableLine(2, line("a", 500), false));
        MoneyMove move = MoneyMove.refund(List.of(new RefundPlan.Part(2, 500), new RefundPlan.Part(1, 400),
                new RefundPlan.Part(0, 50)), lines);
        assertThat(move.accounts()).containsExactly(Map.entry("a", new MoneyMove.AccountChange(550, 50)),
                Map.entry("b", new MoneyMove.AccountChange(400, 0)));
        assertThat(move.postings()).contains(Posting.external(Ledger.SPENT, -950), Posting.frozen("a", 50),
                Posting.available("a", 500), Posting.available("b", 400));
        accountsMatchTheJournal(move);
    }
}
