-- The wallet (医保钱包) is activated by its owner, or at a counter by the agency of their area, before any quota is
-- set from it or any payment code is issued for it. One row per activated wallet; activation is never undone.
-- A table of its own rather than a column of account: a RESIDENT beneficiary has a wallet (codes, quotas received)
-- but no personal account.
create table wallet_activation (
    person_id    text primary key,
    activated_at timestamptz not null,
    activated_by text        not null
);

-- Deployments that existed before activation: every wallet already in use (a quota given or received, a payment code
-- issued) counts as activated now, so nothing that works today stops working.
insert into wallet_activation (person_id, activated_at, activated_by)
select person_id, now(), 'migration V8'
from (select benefactor_id as person_id from quota
      union select beneficiary_id from quota
      union select person_id from payment_code) in_use
on conflict (person_id) do nothing;
