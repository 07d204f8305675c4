package cn.mutualaid.wallet.payment;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link PaymentRoundTripsIT} with the Idempotency-Key's claim a statement of its own (mesh.idempotency.fold-claim=false):
 * the claim, the facts, the one call.
 */
@TestPropertySource(properties = "mesh.idempotency.fold-claim=false")
class PaymentRoundTripsOwnClaimIT extends PaymentRoundTripsIT {
    @Override
    int roundTrips() {
        return 3;
    }
}
