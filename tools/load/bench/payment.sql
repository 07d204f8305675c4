-- One captured payment, statement for statement what wallet-service does for POST /api/v1/payment-codes followed by
-- POST /api/v1/payments {capture: true} (cn.mutualaid.wallet.code.PaymentCodes, .payment.Idempotency, .Payments,
-- .ledger.Journal, .ledger.Invariants, platform Outbox). Run by pgbench -M prepared -D nben=.. -D nprov=..
\set b random(1, :nben)
\set p random(1, :nprov)
\set c random(1, 9000000000000000000)
\set amt random(2000, 23200)
-- POST /api/v1/payment-codes: its own transaction
insert into payment_code (code_hash, person_id, created_at, expires_at)
values (sha256(('code-' || (:c)::text)::bytea), 'ben-' || (:b)::text, now(), now() + interval '60 seconds');
-- POST /api/v1/payments: the Idempotency-Key claimed in a committed insert of its own, with a lease; then one transaction
insert into idempotency (caller_id, idem_key, request_hash, created_at, owner, locked_until)
values ('prov-' || (:p)::text, 'key-' || (:c)::text, md5('req-' || (:c)::text), now(), md5('owner-' || (:c)::text)::uuid,
        now() + interval '30 seconds') on conflict (caller_id, idem_key) do nothing;
BEGIN;
select pr.type, pr.pooling_area, pe.scheme, pe.pooling_area as patient_area, pe.status
from provider pr left join person pe on pe.person_id = 'ben-' || (:b)::text where pr.provider_id = 'prov-' || (:p)::text;
update payment_code set used_at = now()
where code_hash = sha256(('code-' || (:c)::text)::bytea) and person_id = 'ben-' || (:b)::text and used_at is null and expires_at > now();
select q.quota_id, q.relation_id, q.benefactor_id, a.pooling_area as fund_area,
       q.granted_fen - q.used_fen - q.held_fen - q.released_fen as remaining
from quota q join account a on a.person_id = q.benefactor_id
where q.beneficiary_id = 'ben-' || (:b)::text and q.status = 'ACTIVE'
  and q.granted_fen - q.used_fen - q.held_fen - q.released_fen > 0
order by q.created_at, q.quota_id
for update of q \gset
with quotas as (
    update quota q set used_fen = q.used_fen + d.part, updated_at = now()
    from unnest(array[(:quota_id)::uuid], array[(:amt)::bigint]) as d(id, part)
    where q.quota_id = d.id and q.status = 'ACTIVE'
      and q.granted_fen - q.used_fen - q.held_fen - q.released_fen >= d.part
    returning q.quota_id),
payment as (
    insert into payment (payment_id, provider_id, patient_id, category, amount_fen, status,
                         spend_pooling_area, created_at, expires_at, captured_at)
    values (md5('pay-' || (:c)::text)::uuid, 'prov-' || (:p)::text, 'ben-' || (:b)::text, 'MEDICAL_INSTITUTION', :amt, 'CAPTURED',
            '320500', now(), now() + interval '15 minutes', now())
    returning payment_id),
lines as (
    insert into payment_line (payment_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                              fund_pooling_area, fund_province, spend_pooling_area, spend_province, scope)
    select p.payment_id, d.no, d.quota_id, d.relation_id, d.benefactor_id, d.amount, d.fund,
           d.fund_province, '320500', '32', d.scope
    from payment p, unnest(array[0], array[(:quota_id)::uuid], array[(:relation_id)::text],
                           array[(:benefactor_id)::text], array[(:amt)::bigint], array[(:fund_area)::text],
                           array['32'], array['SAME_AREA'])
         as d(no, quota_id, relation_id, benefactor_id, amount, fund, fund_province, scope)
    returning line_no)
select (select count(*) from quotas) as quotas, (select count(*) from lines) as lines;
update account a set balance_fen = a.balance_fen - d.amount, frozen_fen = a.frozen_fen - d.amount
from unnest(array[(:benefactor_id)::text], array[(:amt)::bigint]) as d(person_id, amount)
where a.person_id = d.person_id and a.frozen_fen >= d.amount;
with t as (insert into journal_tx (kind, reference, created_at) values ('CAPTURE', md5('pay-' || (:c)::text), now())
           returning tx_id)
insert into posting (tx_id, ledger, person_id, amount_fen)
select t.tx_id, d.ledger, nullif(d.person_id, ''), d.amount
from t, unnest(array['FROZEN', 'SPENT'], array[(:benefactor_id)::text, ''], array[-(:amt)::bigint, (:amt)::bigint])
     as d(ledger, person_id, amount)
returning tx_id;
insert into outbox (event_id, topic, aggregate_id, type, envelope)
values (md5('event-' || (:c)::text)::uuid, 'wallet.events', md5('pay-' || (:c)::text), 'PaymentCaptured',
        '{"eventId":"' || md5('event-' || (:c)::text)::uuid || '","type":"PaymentCaptured","version": 1,"aggregateId":"'
        || md5('pay-' || (:c)::text)::uuid || '","occurredAt":"' || now() || '","traceparent": null,"payload":{"paymentId":"'
        || md5('pay-' || (:c)::text)::uuid || '","providerId":"prov-' || (:p)::text || '","patientId":"ben-' || (:b)::text
        || '","category":"MEDICAL_INSTITUTION","amountFen":' || (:amt)::text || ',"lines":[{"quotaId":"' || (:quota_id)::text
        || '","relationId":"' || (:relation_id)::text || '","benefactorId":"' || (:benefactor_id)::text || '","amountFen":' || (:amt)::text
        || ',"fundPoolingArea":"320500","fundProvince":"32","spendPoolingArea":"320500","spendProvince":"32",'
        || '"scope":"SAME_AREA"}],"capturedAt":"' || now() || '"}}')
on conflict (event_id) do nothing;
select a.person_id from account a
where a.person_id = any(array[(:benefactor_id)::text])
  and a.frozen_fen <> coalesce((select sum(q.granted_fen - q.used_fen - q.released_fen)
                                from quota q where q.benefactor_id = a.person_id), 0);
update idempotency set locked_until = null, response_body =
       '{"paymentId":"' || md5('pay-' || (:c)::text)::uuid || '","providerId":"prov-' || (:p)::text || '","patientId":"ben-' || (:b)::text
       || '","category":"MEDICAL_INSTITUTION","amountFen":' || (:amt)::text || ',"status":"CAPTURED","refundedFen": 0,'
       || '"createdAt":"' || now() || '","lines":[{"quotaId":"' || (:quota_id)::text || '","relationId":"' || (:relation_id)::text
       || '","benefactorId":"' || (:benefactor_id)::text || '","amountFen":' || (:amt)::text || ',"refundedFen": 0}],"refunds":[]}'
where caller_id = 'prov-' || (:p)::text and idem_key = 'key-' || (:c)::text and owner = md5('owner-' || (:c)::text)::uuid
  and response_body is null;
END;
