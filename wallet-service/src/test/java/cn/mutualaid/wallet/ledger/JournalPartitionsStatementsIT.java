package cn.mutualaid.wallet.ledger;

import org.springframework.test.context.TestPropertySource;

/** {@link JournalPartitionsIT} on the statement path: the capture's journal written by ledger.store.Journal. */
@TestPropertySource(properties = "mesh.wallet.payment-write=statements")
class JournalPartitionsStatementsIT extends JournalPartitionsIT {
}
