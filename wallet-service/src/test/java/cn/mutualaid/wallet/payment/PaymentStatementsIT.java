package cn.mutualaid.wallet.payment;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link PaymentIT} on the statement path of a payment
 * (mesh.wallet.payment-write=statements; the default, function, is {@link PaymentIT} itself).
 */
@TestPropertySource(properties = "mesh.wallet.payment-write=statements")
class PaymentStatementsIT extends PaymentIT {
}
