package cn.mutualaid.wallet.ledger;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link LedgerCheckIT} on the statement path of a payment
 * (mesh.wallet.payment-write=statements; the default, function, is {@link LedgerCheckIT} itself).
 */
@TestPropertySource(properties = "mesh.wallet.payment-write=statements")
class LedgerCheckStatementsIT extends LedgerCheckIT {
}
