package cn.mutualaid.wallet.payment;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link PaymentExplainAgreesIT} on the statement path of a payment
 * (mesh.wallet.payment-write=statements; the default, function, is {@link PaymentExplainAgreesIT} itself).
 */
@TestPropertySource(properties = "mesh.wallet.payment-write=statements")
class PaymentExplainAgreesStatementsIT extends PaymentExplainAgreesIT {
}
