-- An Idempotency-Key is claimed in its own committed insert before the work starts, so a duplicate sees the claim at
-- once (409 in flight) instead of queueing on the row lock of an uncommitted insert while holding a connection.
-- owner: the claiming request's token; only its own transaction may store the answer, so a request whose lease ran
-- out and was taken over rolls back. locked_until: the lease; null once the answer is stored.
-- In flight = response_body is null.
alter table idempotency
    add column owner        uuid,
    add column locked_until timestamptz;
alter table idempotency
    add constraint idempotency_in_flight_has_lease check (response_body is not null or locked_until is not null);
