package cn.mutualaid.wallet.payment;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link IdempotencyIT} with the payment's Idempotency-Key claimed by a statement of its own
 * (mesh.idempotency.fold-claim=false; the default claims it in the payment's facts statement).
 */
@TestPropertySource(properties = "mesh.idempotency.fold-claim=false")
class IdempotencyOwnClaimIT extends IdempotencyIT {
}
