package cn.mutualaid.settlement.prepaid.domain;

/**
 * A top-up as requested; {@code entry} is its journal entry once COMPLETED. Above the four-eyes threshold it waits
 * as PENDING_APPROVAL until another clearing operator approves it.
 */
public record TopUp(String topUpId, String province, String reference, long amountFen, String status,
        String requestedBy, String approvedBy, FundEntry entry) {
    public static final String PENDING = "PENDING_APPROVAL";
    public static final String COMPLETED = "COMPLETED";

    public TopUp completed(String approvedBy, FundEntry entry) {
        return new TopUp(topUpId, province, reference, amountFen, COMPLETED, requestedBy, approvedBy, entry);
    }

    /**
     * A repeat of a request with the same reference is the same top-up only with the same amount (and a reference
     * that named a top-up, not another movement); otherwise the reference is reused.
     */
    public boolean sameRequestAs(long otherAmountFen) {
        return amountFen == otherAmountFen && (entry == null || FundEntry.TOP_UP.equals(entry.kind()));
    }

    /** The requester may not approve their own top-up. */
    public boolean requestedBy(String subject) {
        return subject.equals(requestedBy);
    }
}
