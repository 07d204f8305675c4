package cn.mutualaid.wallet.payment.domain;

import cn.mutualaid.wallet.ledger.domain.JournalEntry;
import cn.mutualaid.wallet.ledger.domain.Posting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a capture or a refund does to the benefactors' accounts and to the journal, decided here. The store applies
 * {@link #accounts} in one conditional update (no bucket may go below zero, else nothing changes) and the journal
 * records {@link #postings}; so balance = available + frozen holds and every movement is a journal entry.
 * Accounts are sorted by person id: the order their rows are locked in.
 */
public record MoneyMove(SortedMap<String, AccountChange> accounts, List<Posting> postings) {

    /** The change to one account's balance and frozen money (available changes by balance - frozen). */
    public record AccountChange(long balanceFen, long frozenFen) {
        AccountChange plus(AccountChange other) {
            return new AccountChange(Math.addExact(balanceFen, other.balanceFen),
                    Math.addExact(frozenFen, other.frozenFen));
        }
    }

    /** A capture: each benefactor's share leaves their account (balance and frozen both fall); journal FROZEN → SPENT. */
    public static MoneyMove capture(List<PaymentView.Line> lines) {
        SortedMap<String, Long> byBenefactor = new TreeMap<>();
        lines.forEach(l -> byBenefactor.merge(l.benefactorId(), l.amountFen(), Math::addExact));
        SortedMap<String, AccountChange> accounts = new TreeMap<>();
        byBenefactor.forEach((person, amount) -> accounts.put(person, new AccountChange(-amount, -amount)));
        return new MoneyMove(Collections.unmodifiableSortedMap(accounts), JournalEntry.capture(byBenefactor));
    }

    /**
     * A refund, part by part: into the quota while it is ACTIVE (the money is frozen again: SPENT → FROZEN), otherwise
     * to the benefactor's available balance (SPENT → AVAILABLE).
     */
    public static MoneyMove refund(List<RefundPlan.Part> plan, Map<Integer, RefundableLine> lines) {
        SortedMap<String, AccountChange> accounts = new TreeMap<>();
        List<JournalEntry.Return> returns = new ArrayList<>();
        for (RefundPlan.Part part : plan) {
            RefundableLine line = lines.get(part.lineNo());
            String person = line.line().benefactorId();
            boolean frozen = line.quotaActive();
            accounts.merge(person, new AccountChange(part.amountFen(), frozen ? part.amountFen() : 0),
                    AccountChange::plus);
            returns.add(new JournalEntry.Return(person, part.amountFen(), frozen));
        }
        return new MoneyMove(Collections.unmodifiableSortedMap(accounts), JournalEntry.refund(returns));
    }
}
