package cn.mutualaid.wallet.payment;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link PaymentRoundTripsIT} on the statement path: the key's claim, then BEGIN, the provider, the code, the quotas,
 * the payment and its lines, the accounts, the journal, the event, the invariant, the key's answer and COMMIT.
 */
@TestPropertySource(properties = "mesh.wallet.payment-write=statements")
class PaymentRoundTripsStatementsIT extends PaymentRoundTripsIT {
    @Override
    int roundTrips() {
        return 12;
    }
}
