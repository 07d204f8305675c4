package cn.mutualaid.wallet.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JournalEntryTest {
    @Test
    void everyMovementBalances() {
        assertThat(JournalEntry.sum(JournalEntry.credit("p", 500))).isZero();
        assertThat(JournalEntry.sum(JournalEntry.freeze("p", 500))).isZero();
        assertThat(JournalEntry.sum(JournalEntry.freeze("p", -500))).isZero();
    }

    @Test
    void personalBucketsNeedAPersonAndExternalOnesMustNotHaveOne() {
        assertThatThrownBy(() -> new Posting(Ledger.AVAILABLE, null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Posting(Ledger.SPENT, "p", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
