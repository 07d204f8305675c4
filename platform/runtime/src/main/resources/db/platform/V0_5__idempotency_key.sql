-- Idempotency-Keys of every service's money-moving POSTs (platform Idempotency), per caller, as
-- draft-ietf-httpapi-idempotency-key-header has them. A key is claimed by its own committed insert before the work
-- starts, so a duplicate sees the claim at once (409 in flight) instead of queueing on a row lock with a connection.
-- operation:     the domain name of the operation the key guards (AUTHORIZE, CREDIT, TOP_UP ...); null only for rows
--                a service stored before it named operations (their request_hash covers the route instead).
-- request_hash:  SHA-256 of the operation, its target and the canonical body; another request under the key is 422.
-- response_body: the answer stored in the work's own transaction; null while the key is in flight.
-- owner:         the claiming request's token; only its transaction may store the answer.
-- locked_until:  the claim's lease; a crashed request's key is taken over after it; null once answered.
-- Rows older than the retention (mesh.idempotency.retention) are deleted by the platform's purge.
create table idempotency_key (
    caller_id       text        not null,
    idem_key        text        not null,
    operation       text,
    request_hash    text        not null,
    response_body   text,
    created_at      timestamptz not null,
    owner           uuid,
    locked_until    timestamptz,
    primary key (caller_id, idem_key),
    constraint idempotency_key_in_flight_has_lease check (response_body is not null or locked_until is not null)
);
create index idempotency_key_by_age on idempotency_key (created_at);
