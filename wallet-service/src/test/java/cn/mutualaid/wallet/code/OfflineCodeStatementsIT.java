package cn.mutualaid.wallet.code;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link OfflineCodeIT} on the statement path of a payment
 * (mesh.wallet.payment-write=statements; the default, function, is {@link OfflineCodeIT} itself).
 */
@TestPropertySource(properties = "mesh.wallet.payment-write=statements")
class OfflineCodeStatementsIT extends OfflineCodeIT {
}
