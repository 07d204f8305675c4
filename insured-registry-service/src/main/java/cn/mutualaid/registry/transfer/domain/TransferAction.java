package cn.mutualaid.registry.transfer.domain;

/** What can be done to an open transfer request, and the status each leads to. */
public enum TransferAction {
    CONFIRM(TransferStatus.COMPLETED), REFUSE(TransferStatus.REFUSED), WITHDRAW(TransferStatus.WITHDRAWN);

    private final TransferStatus outcome;

    TransferAction(TransferStatus outcome) {
        this.outcome = outcome;
    }

    public TransferStatus outcome() {
        return outcome;
    }
}
