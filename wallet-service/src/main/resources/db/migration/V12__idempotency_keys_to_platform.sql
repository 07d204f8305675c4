-- The wallet's Idempotency-Keys move to the platform's table (platform migration V0_5, shared by every service's
-- money POSTs). Every key is carried over as it is: a retry of a payment whose key was stored before still gets its
-- stored answer (rows without an operation keep their route hash, which the wallet still compares them by).
insert into idempotency_key (caller_id, idem_key, operation, request_hash, response_body, created_at, owner,
                             locked_until)
select caller_id, idem_key, operation, request_hash, response_body, created_at, owner, locked_until
  from idempotency
    on conflict (caller_id, idem_key) do nothing;
drop table idempotency;
