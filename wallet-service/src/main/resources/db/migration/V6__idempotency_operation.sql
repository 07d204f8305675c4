-- An Idempotency-Key row names the operation it guards by its domain name, and its request_hash covers that name, the
-- payment acted on and the canonical body. Rows claimed before this migration have no operation: their hash covers
-- the route instead (POST /api/v1/payments[/{id}/capture|void|refunds]), and the wallet still compares a retry with
-- them that way until the retention purges them.
alter table idempotency
    add column operation text check (operation in ('AUTHORIZE', 'CAPTURE', 'VOID', 'REFUND'));
