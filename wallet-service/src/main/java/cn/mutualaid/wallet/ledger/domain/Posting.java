package cn.mutualaid.wallet.ledger.domain;

import java.util.Objects;

/** One leg of a journal transaction: a signed amount on a ledger (and, for personal buckets, whose). */
public record Posting(Ledger ledger, String personId, long amountFen) {
    public Posting {
        Objects.requireNonNull(ledger, "ledger");
        if (ledger.isPersonal() != (personId != null)) {
            throw new IllegalArgumentException("personal ledgers need a person, external ones must not have one");
        }
    }

    public static Posting available(String personId, long amountFen) {
        return new Posting(Ledger.AVAILABLE, personId, amountFen);
    }

    public static Posting frozen(String personId, long amountFen) {
        return new Posting(Ledger.FROZEN, personId, amountFen);
    }

    public static Posting external(Ledger ledger, long amountFen) {
        return new Posting(ledger, null, amountFen);
    }
}
