package cn.mutualaid.wallet.quota.domain;

import java.time.Instant;

/**
 * A quota as the benefactor or beneficiary sees it. {@code role} is GIVEN (caller is the benefactor) or RECEIVED.
 * status: ACTIVE, DISSOLVING (its relationship is ending: no change, no payment), RELEASED.
 */
public record QuotaView(String quotaId, String relationId, String benefactorId, String beneficiaryId, String role,
        long grantedFen, long usedFen, long heldFen, long remainingFen, long releasedFen, String status, Instant createdAt) {
}
