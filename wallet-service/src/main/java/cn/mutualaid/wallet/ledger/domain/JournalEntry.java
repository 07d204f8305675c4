package cn.mutualaid.wallet.ledger.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** A capture: the money leaves each benefactor's frozen bucket and is spent (paid out to the provider). */
    public static List<Posting> capture(Map<String, Long> byBenefactor) {
        List<Posting> postings = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> e : byBenefactor.entrySet()) {
            postings.add(Posting.frozen(e.getKey(), -e.getValue()));
            total = Math.addExact(total, e.getValue());
        }
        postings.add(Posting.external(Ledger.SPENT, total));
        return postings;
    }

    /** Money a refund gives back to one benefactor: frozen again (into the quota) or available. */
    public record Return(String personId, long amountFen, boolean frozen) {
    }

    /** A refund: spent money comes back, each part into its benefactor's frozen or available bucket. */
    public static List<Posting> refund(List<Return> returns) {
        List<Posting> postings = new ArrayList<>();
        long total = 0;
        for (Return r : returns) {
            total = Math.addExact(total, r.amountFen());
        }
        postings.add(Posting.external(Ledger.SPENT, -total));
        for (Return r : returns) {
            postings.add(r.frozen() ? Posting.frozen(r.personId(), r.amountFen())
                    : Posting.available(r.personId(), r.amountFen()));
        }
        return postings;
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
