-- An area's ledger check starts from the area's accounts (ledger.store.LedgerCheck): found by this index, it costs
-- what the area holds instead of a pass over every account in the nation. "if not exists": an operator may build it
-- beforehand with "create index concurrently account_by_area on account (pooling_area)" (docs/deployment.md).
create index if not exists account_by_area on account (pooling_area);
