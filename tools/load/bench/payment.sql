-- One captured payment, statement for statement what wallet-service runs for POST /api/v1/payment-codes followed by
-- POST /api/v1/payments {capture: true} with its default mesh.wallet.payment-write=function: cn.mutualaid.wallet.code.
-- PaymentCodes issues the code; the platform's Idempotency claims the key in the statement in which
-- cn.mutualaid.wallet.payment.store.PaymentCall reads every fact of the payment (PaymentEvaluator judges them in the
-- JVM), which then makes the whole write in one call of wallet_pay (migrations V11, V14): two round trips. Run by pgbench
-- -M prepared -D nben=.. -D nprov=.. on seed.sql's data. wallet-service's BenchSqlIT records the statements of such a payment and fails when
-- this file differs from them (parameters, constants and whitespace aside): change both together. A statement ending
-- in \gset is the bench's own: it sets the variables of one payment.
\set b random(1, :nben)
\set p random(1, :nprov)
\set c random(1, 9000000000000000000)
\set amt random(2000, 23200)
select 'ben-' || (:b)::text as patient, 'prov-' || (:p)::text as provider,
       '\x' || encode(sha256(('code-' || (:c)::text)::bytea), 'hex') as code_hash,
       'key-' || (:c)::text as idem_key, md5('req-' || (:c)::text) as request_hash, gen_random_uuid() as owner,
       x.payment_id, x.tx_id, gen_random_uuid() as event_id,
       true as assert_invariants, now() as at, 0 as from_step, now() + interval '60 seconds' as code_expires, now() + interval '30 seconds' as lease,
       now() + interval '15 minutes' as hold_expires,
       '{' || md5('quota-' || (:b)::text)::uuid || '}' as quotas, '{' || (:amt)::text || '}' as amounts,
       '{rel-' || (:b)::text || '}' as relations, '{bf-' || (:b)::text || '}' as benefactors,
       '{' || (-(:amt)::bigint)::text || '}' as account_changes,
       '{"bf-' || (:b)::text || '",""}' as posting_persons,
       '{' || (-(:amt)::bigint)::text || ',' || (:amt)::text || '}' as posting_amounts,
       '{"eventId":"' || md5('event-' || (:c)::text)::uuid || '","type":"PaymentCaptured","version": 1,"aggregateId":"'
           || x.payment_id || '","occurredAt":"' || now() || '","traceparent": null,"payload":{'
           || '"paymentId":"' || x.payment_id || '","providerId":"prov-' || (:p)::text
           || '","patientId":"ben-' || (:b)::text || '","category":"MEDICAL_INSTITUTION","amountFen":' || (:amt)::text
           || ',"lines":[{"quotaId":"' || md5('quota-' || (:b)::text)::uuid || '","relationId":"rel-' || (:b)::text
           || '","benefactorId":"bf-' || (:b)::text || '","amountFen":' || (:amt)::text
           || ',"fundPoolingArea":"320500","fundProvince":"32","spendPoolingArea":"320500","spendProvince":"32",'
           || '"scope":"SAME_AREA"}],"capturedAt":"' || now() || '"}}' as envelope,
       '{"paymentId":"' || x.payment_id || '","providerId":"prov-' || (:p)::text
           || '","patientId":"ben-' || (:b)::text || '","category":"MEDICAL_INSTITUTION","amountFen":' || (:amt)::text
           || ',"status":"CAPTURED","refundedFen": 0,"createdAt":"' || now() || '","lines":[{"quotaId":"'
           || md5('quota-' || (:b)::text)::uuid || '","relationId":"rel-' || (:b)::text || '","benefactorId":"bf-'
           || (:b)::text || '","amountFen":' || (:amt)::text || ',"refundedFen": 0}],"refunds":[]}' as response
from (select (lpad(to_hex((extract(epoch from now()) * 1000)::bigint), 12, '0') || '7'
              || substr(md5('pay-' || (:c)::text), 14, 3) || '8' || substr(md5('pay-' || (:c)::text), 18, 15))::uuid
             as payment_id,
             -- the journal transaction's id, version 7 too (journal_tx and posting go by month on it, V14)
             (lpad(to_hex((extract(epoch from now()) * 1000)::bigint), 12, '0') || '7'
              || substr(md5('tx-' || (:c)::text), 14, 3) || '8' || substr(md5('tx-' || (:c)::text), 18, 15))::uuid
             as tx_id) x
\gset
-- POST /api/v1/payment-codes (committed on its own)
insert into payment_code (code_hash, person_id, created_at, expires_at)
select :code_hash, :patient, :at, :code_expires
where exists (select 1 from wallet_activation where person_id = :patient);
-- POST /api/v1/payments: the Idempotency-Key is claimed by an insert committed with the statement that reads every
-- fact the payment's rules need (the platform's Idempotency.onceClaimedIn: its claim, the wallet's facts) ...
with idempotency_claim as (insert into idempotency_key (caller_id, idem_key, operation, request_hash, created_at,
                                                   owner, locked_until)
    values (:provider, :idem_key, 'AUTHORIZE', :request_hash, :at, :owner, :lease)
    on conflict (caller_id, idem_key) do nothing returning true)
select exists (select 1 from idempotency_claim) as idempotency_claimed, f.*
from (values (1)) as one (x) left join (select pr.type, pr.pooling_area, pe.scheme, pe.pooling_area as patient_area,
           pe.status,
           c.person_id as code_person, c.expires_at as code_expires, c.used_at as code_used,
           d.person_id as device_person, d.key_id as device_key, d.revoked_at as device_revoked,
           case when d.device_id is not null then array(
               select u.step from offline_code_use u
               where u.device_id = d.device_id and u.step >= :from_step) end as device_used,
           null::int is not null and exists (
               select 1 from payment
               where patient_id = :patient and category = 'MEDICAL_INSTITUTION' and contribution_year = null::int
                 and status <> 'VOIDED' and refunded_fen < amount_fen) as taken,
           q.quota_id, q.relation_id, q.benefactor_id, q.created_at, q.fund_area, q.remaining
    from provider pr
    left join person pe on pe.person_id = :patient
    left join payment_code c on c.code_hash = :code_hash::bytea
    left join payment_device d on d.device_id = null::bigint
    left join lateral (
        select q.quota_id, q.relation_id, q.benefactor_id, q.created_at, a.pooling_area as fund_area,
               q.granted_fen - q.used_fen - q.held_fen - q.released_fen as remaining
        from quota q join account a on a.person_id = q.benefactor_id
        where q.beneficiary_id = :patient and q.status = 'ACTIVE'
          and q.granted_fen - q.used_fen - q.held_fen - q.released_fen > 0) q on true
    where pr.provider_id = :provider) f on true
order by f.created_at, f.quota_id;
-- ... and the whole write in one call (its own transaction): code, quota, payment and line, account, journal entry
-- and postings, event, invariants, the answer under the key.
select wallet_pay(:provider, :idem_key, :owner::uuid, :response, :code_hash::bytea, null::bigint, null::bigint,
    :payment_id::uuid, :provider, :patient, 'MEDICAL_INSTITUTION', null::int, :amt::bigint, 'CAPTURED', '320500',
    '32', :at::timestamptz, :hold_expires::timestamptz,
    :quotas::uuid[], :relations::text[], :benefactors::text[], :amounts::bigint[], '{320500}'::text[],
    '{32}'::text[], '{SAME_AREA}'::text[],
    :benefactors::text[], :account_changes::bigint[], :account_changes::bigint[],
    'CAPTURE', :tx_id::uuid, '{FROZEN,SPENT}'::text[], :posting_persons::text[], :posting_amounts::bigint[],
    :event_id::uuid, 'wallet.events', 'PaymentCaptured', :envelope, :assert_invariants) as outcome;
