package cn.mutualaid.settlement.prepaid.domain;

import java.time.Instant;

/** A province's prepaid fund (预付金): its balance, the level it should hold, and OK, LOW or OVERDRAWN. */
public record Fund(String province, long balanceFen, long requiredFen, String status, Instant updatedAt) {
}
