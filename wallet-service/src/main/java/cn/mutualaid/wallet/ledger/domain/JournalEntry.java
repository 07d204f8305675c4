package cn.mutualaid.wallet.ledger.domain;

import java.util.List;

/**
 * The movements the wallet makes, each as a balanced set of postings. These are the only ways money moves.
 */
public final class JournalEntry {
    private JournalEntry() {
    }

    /** An agency credit: money comes in from the allocation to the person's available bucket. */
    public static List<Posting> credit(String personId, long amountFen) {
        return List.of(Posting.external(Ledger.ALLOCATION, -amountFen), Posting.available(personId, amountFen));
    }

    /** Raising a quota freezes money; lowering or releasing it unfreezes (a negative amount). */
    public static List<Posting> freeze(String personId, long amountFen) {
        return List.of(Posting.available(personId, -amountFen), Posting.frozen(personId, amountFen));
    }

    /** Sum of postings must be zero: every transaction moves money between ledgers, never creates it. */
    public static long sum(List<Posting> postings) {
        long total = 0;
        for (Posting p : postings) {
            total = Math.addExact(total, p.amountFen());
        }
        return total;
    }
}
