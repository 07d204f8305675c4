package cn.mutualaid.wallet.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JournalEntryTest {
    @Test
    void everyMovementBalances() {
        assertThat(JournalEntry.sum(JournalEntry.credit("p", 500))).isZero();
        assertThat(JournalEntry.sum(JournalEntry.freeze("p", 500))).isZero();
        assertThat(JournalEntry.sum(JournalEntry.freeze("p", -500))).isZero();
    }

    @Test
    void aCaptureIsSpentFromFrozenAndARefundComesBackFrozenOrAvailable() {
        assertThat(JournalEntry.capture(Map.of("a", 300L)))
                .containsExactly(Posting.frozen("a", -300), Posting.external(Ledger.SPENT, 300));
        assertThat(JournalEntry.sum(JournalEntry.capture(new TreeMap<>(Map.of("a", 300L, "b", 200L))))).isZero();
        List<Posting> refund = JournalEntry.refund(List.of(new JournalEntry.Return("a", 100, true),
                new JournalEntry.Return("b", 50, false)));
        assertThat(refund).containsExactly(Posting.external(Ledger.SPENT, -150), Posting.frozen("a", 100),
                Posting.available("b", 50));
        assertThat(JournalEntry.sum(refund)).isZero();
    }

    @Test
    void personalBucketsNeedAPersonAndExternalOnesMustNotHaveOne() {
        assertThatThrownBy(() -> new Posting(Ledger.AVAILABLE, null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Posting(Ledger.SPENT, "p", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
