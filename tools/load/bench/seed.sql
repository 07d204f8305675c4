-- The ceiling's data: the wallet schema (applied before this from the wallet's own migrations) with :n beneficiaries,
-- each aided by one benefactor through one ACTIVE quota (both wallets activated), and :nprov designated hospitals. psql -v n=... -v nprov=...
-- The payments' month partitions are V13's (the current month and three ahead): payment.sql makes version-7 ids of
-- the moment, so a run lands in the current month's partition as the wallet's payments do.
-- Amounts are large enough that no quota runs dry during a bounded run; frozen = granted - used - released holds.
insert into person (person_id, scheme, pooling_area, status, updated_at)
select 'ben-' || g, 'RESIDENT', '320500', 'ACTIVE', now() from generate_series(1, :n) g
union all
select 'bf-' || g, 'EMPLOYEE', '320500', 'ACTIVE', now() from generate_series(1, :n) g;
insert into provider (provider_id, name, type, pooling_area, updated_at)
select 'prov-' || g, 'hospital ' || g, 'MEDICAL_INSTITUTION', '320500', now() from generate_series(1, :nprov) g;
insert into account (person_id, pooling_area, balance_fen, frozen_fen, created_at)
select 'bf-' || g, '320500', 100000000000, 100000000000, now() from generate_series(1, :n) g;
insert into relation (relation_id, benefactor_id, beneficiary_id, scope, status, updated_at)
select 'rel-' || g, 'bf-' || g, 'ben-' || g, 'SAME_AREA', 'ACTIVE', now() from generate_series(1, :n) g;
insert into quota (quota_id, relation_id, benefactor_id, beneficiary_id, granted_fen, status, created_at, updated_at)
select md5('quota-' || g)::uuid, 'rel-' || g, 'bf-' || g, 'ben-' || g, 100000000000, 'ACTIVE', now(), now()
from generate_series(1, :n) g;
-- Every wallet is activated, as quotas and payment codes need.
insert into wallet_activation (person_id, activated_at, activated_by)
select 'ben-' || g, now(), 'seed' from generate_series(1, :n) g
union all
select 'bf-' || g, now(), 'seed' from generate_series(1, :n) g;
-- One enrolled device per beneficiary for payment-offline.sql (device id 100000000000 + n).
insert into payment_device (device_id, person_id, key_id, created_at)
select 100000000000 + g, 'ben-' || g, 'bench', now() from generate_series(1, :n) g;
analyze;
