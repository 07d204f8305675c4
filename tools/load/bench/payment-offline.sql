-- One captured payment with an offline payment code (made by the patient's enrolled device, no request of its own),
-- statement for statement what wallet-service runs for POST /api/v1/payments {capture: true}:
-- cn.mutualaid.wallet.code.OfflineCodes, .payment.Idempotency,
-- .payment.PaymentAuthorizations and .PaymentCaptures over .payment.store.PaymentStore, .ledger.store.Journal,
-- .ledger.Invariants, platform Outbox. Run by pgbench -M prepared -D nben=.. -D nprov=.. on seed.sql's data.
-- wallet-service's BenchSqlIT records the statements of such a payment (the device's time step: the bench's random
-- :c) and fails when this file differs from them
-- (parameters and whitespace aside): change both together. A statement ending in \gset is the bench's own: it sets
-- the variables of one payment.
\set b random(1, :nben)
\set p random(1, :nprov)
\set c random(1, 9000000000000000000)
\set amt random(2000, 23200)
select 'ben-' || (:b)::text as patient, 100000000000 + :b as device, 'prov-' || (:p)::text as provider,
       '\x' || encode(sha256(('code-' || (:c)::text)::bytea), 'hex') as code_hash,
       'key-' || (:c)::text as idem_key, md5('req-' || (:c)::text) as request_hash, gen_random_uuid() as owner,
       md5('pay-' || (:c)::text)::uuid as payment_id, gen_random_uuid() as event_id,
       now() as at, now() + interval '60 seconds' as code_expires, now() + interval '30 seconds' as lease,
       now() + interval '15 minutes' as hold_expires,
       '{' || md5('quota-' || (:b)::text)::uuid || '}' as quotas, '{' || (:amt)::text || '}' as amounts,
       '{rel-' || (:b)::text || '}' as relations, '{bf-' || (:b)::text || '}' as benefactors,
       '{' || (-(:amt)::bigint)::text || '}' as account_changes,
       '{"bf-' || (:b)::text || '",""}' as posting_persons,
       '{' || (-(:amt)::bigint)::text || ',' || (:amt)::text || '}' as posting_amounts,
       '{"eventId":"' || md5('event-' || (:c)::text)::uuid || '","type":"PaymentCaptured","version": 1,"aggregateId":"'
           || md5('pay-' || (:c)::text)::uuid || '","occurredAt":"' || now() || '","traceparent": null,"payload":{'
           || '"paymentId":"' || md5('pay-' || (:c)::text)::uuid || '","providerId":"prov-' || (:p)::text
           || '","patientId":"ben-' || (:b)::text || '","category":"MEDICAL_INSTITUTION","amountFen":' || (:amt)::text
           || ',"lines":[{"quotaId":"' || md5('quota-' || (:b)::text)::uuid || '","relationId":"rel-' || (:b)::text
           || '","benefactorId":"bf-' || (:b)::text || '","amountFen":' || (:amt)::text
           || ',"fundPoolingArea":"320500","fundProvince":"32","spendPoolingArea":"320500","spendProvince":"32",'
           || '"scope":"SAME_AREA"}],"capturedAt":"' || now() || '"}}' as envelope,
       '{"paymentId":"' || md5('pay-' || (:c)::text)::uuid || '","providerId":"prov-' || (:p)::text
           || '","patientId":"ben-' || (:b)::text || '","category":"MEDICAL_INSTITUTION","amountFen":' || (:amt)::text
           || ',"status":"CAPTURED","refundedFen": 0,"createdAt":"' || now() || '","lines":[{"quotaId":"'
           || md5('quota-' || (:b)::text)::uuid || '","relationId":"rel-' || (:b)::text || '","benefactorId":"bf-'
           || (:b)::text || '","amountFen":' || (:amt)::text || ',"refundedFen": 0}],"refunds":[]}' as response
\gset
-- POST /api/v1/payments: the Idempotency-Key is claimed by an insert committed on its own ...
insert into idempotency_key (caller_id, idem_key, operation, request_hash, created_at, owner,
                             locked_until)
values (:provider, :idem_key, 'AUTHORIZE', :request_hash, :at, :owner, :lease)
on conflict (caller_id, idem_key) do nothing;
-- ... then the payment runs in one transaction
BEGIN READ WRITE;
select pr.type, pr.pooling_area, pe.scheme, pe.pooling_area as patient_area, pe.status
from provider pr left join person pe on pe.person_id = :patient
where pr.provider_id = :provider;
insert into offline_code_use (device_id, step, used_at)
select d.device_id, :c, :at from payment_device d
where d.device_id = :device and d.person_id = :patient and d.revoked_at is null
on conflict (device_id, step) do nothing;
select q.quota_id, q.relation_id, q.benefactor_id, q.created_at, a.pooling_area,
       q.granted_fen - q.used_fen - q.held_fen - q.released_fen as remaining
from quota q join account a on a.person_id = q.benefactor_id
where q.beneficiary_id = :patient and q.status = 'ACTIVE'
  and q.granted_fen - q.used_fen - q.held_fen - q.released_fen > 0
order by q.created_at, q.quota_id
for update of q;
with quotas as (
    update quota q set used_fen = q.used_fen + d.part, updated_at = :at
    from unnest(:quotas::uuid[], :amounts::bigint[]) as d(id, part)
    where q.quota_id = d.id and q.status = 'ACTIVE'
      and q.granted_fen - q.used_fen - q.held_fen - q.released_fen >= d.part
    returning q.quota_id),
payment as (
    insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                         spend_pooling_area, created_at, expires_at, captured_at)
    values (:payment_id, :provider, :patient, 'MEDICAL_INSTITUTION', :amt, 'CAPTURED', '320500', :at, :hold_expires, :at)
    returning payment_id),
lines as (
    insert into payment_line (payment_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                              fund_pooling_area, fund_province, spend_pooling_area, spend_province, scope)
    select p.payment_id, d.no, d.quota_id, d.relation_id, d.benefactor_id, d.amount, d.fund,
           d.fund_province, '320500', '32', d.scope
    from payment p, unnest('{0}'::int[], :quotas::uuid[], :relations::text[], :benefactors::text[],
                :amounts::bigint[], '{320500}'::text[], '{32}'::text[], '{SAME_AREA}'::text[])
         as d(no, quota_id, relation_id, benefactor_id, amount, fund, fund_province, scope)
    returning line_no)
select (select count(*) from quotas) as quotas, (select count(*) from lines) as lines;
update account a set balance_fen = a.balance_fen + d.balance, frozen_fen = a.frozen_fen + d.frozen
from unnest(:benefactors::text[], :account_changes::bigint[], :account_changes::bigint[]) as d(person_id, balance, frozen)
where a.person_id = d.person_id and a.frozen_fen + d.frozen >= 0
  and a.balance_fen + d.balance >= 0;
with t as (insert into journal_tx (kind, reference, created_at) values ('CAPTURE', :payment_id, :at)
           returning tx_id)
insert into posting (tx_id, ledger, person_id, amount_fen)
select t.tx_id, d.ledger, nullif(d.person_id, ''), d.amount
from t, unnest('{FROZEN,SPENT}'::text[], :posting_persons::text[], :posting_amounts::bigint[]) as d(ledger, person_id, amount)
returning tx_id;
insert into outbox (event_id, topic, aggregate_id, type, envelope)
values (:event_id, 'wallet.events', :payment_id, 'PaymentCaptured', :envelope)
on conflict (event_id) do nothing;
select a.person_id from account a
where a.person_id = any(:benefactors::text[])
  and a.frozen_fen <> coalesce((select sum(q.granted_fen - q.used_fen - q.released_fen)
                                from quota q where q.benefactor_id = a.person_id), 0);
update idempotency_key set response_body = :response, locked_until = null
where caller_id = :provider and idem_key = :idem_key and owner = :owner and response_body is null;
COMMIT;
