package cn.mutualaid.registry.transfer.domain;

/** REQUESTED is the only open state; the others are final. */
public enum TransferStatus {
    REQUESTED, COMPLETED, REFUSED, WITHDRAWN, EXPIRED
}
