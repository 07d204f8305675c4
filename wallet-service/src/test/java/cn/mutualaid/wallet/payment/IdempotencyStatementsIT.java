package cn.mutualaid.wallet.payment;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link IdempotencyIT} on the statement path of a payment
 * (mesh.wallet.payment-write=statements; the default, function, is {@link IdempotencyIT} itself).
 */
@TestPropertySource(properties = "mesh.wallet.payment-write=statements")
class IdempotencyStatementsIT extends IdempotencyIT {
}
