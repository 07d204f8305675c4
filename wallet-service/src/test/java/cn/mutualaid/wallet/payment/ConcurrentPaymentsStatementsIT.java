package cn.mutualaid.wallet.payment;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link ConcurrentPaymentsIT} on the statement path of a payment
 * (mesh.wallet.payment-write=statements; the default, function, is {@link ConcurrentPaymentsIT} itself).
 */
@TestPropertySource(properties = "mesh.wallet.payment-write=statements")
class ConcurrentPaymentsStatementsIT extends ConcurrentPaymentsIT {
}
