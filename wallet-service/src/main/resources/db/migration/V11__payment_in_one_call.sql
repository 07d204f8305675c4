-- A payment's whole write in one call, so that one payment costs three round trips to the database (the
-- Idempotency-Key's claim, the facts read, this call) instead of a dozen statements in a transaction.
-- (mesh.wallet.payment-write=function; payment.store.PaymentCall calls it.)
--
-- Where the rules are: NOT here. payment.PaymentEvaluator decides, in Java, on facts read just before
-- (PaymentCall.facts), whether the payment may go and how it is split over the quotas (payment.domain.Allocation);
-- MoneyMove and JournalEntry decide the accounts' change and the postings. This function only applies that plan, and
-- only if the facts it was decided on still hold, with the same conditional updates the statement path runs:
--   * a quota takes its part only while it is ACTIVE and its remaining covers the part;
--   * the code is used only if it is still the patient's, unused and unexpired (an online code), or its (device,
--     step) was not used yet and the device is the patient's and not revoked (an offline code);
--   * the Idempotency-Key is completed only while this request still owns it.
-- When a fact no longer holds it answers a reason instead of a rule: 'STALE' (the quotas or the code changed since
-- they were read: the JVM reads the facts again and PaymentEvaluator decides anew, so a code used meanwhile becomes
-- PAYMENT_CODE_USED there, in the contract's words, not here) or 'KEY_LOST' (the key was taken over by a retry:
-- IDEMPOTENCY_KEY_IN_FLIGHT). Both are answered before anything is written; a key taken over while this call waited
-- on a row lock is found only by the last statement, which then raises SQLSTATE MWKEY (everything rolled back,
-- mapped to the same KEY_LOST). 'DONE' when everything was written.
--
-- Invariants asserted in the same transaction (an exception, SQLSTATE MWINV, rolls the whole call back; the JVM
-- answers it as the bug it is, a 500, as the statement path does): the postings sum to zero; each
-- account takes its change without going below zero (balance, frozen; the table's checks keep frozen <= balance, so
-- balance = available + frozen with available >= 0); each touched benefactor's frozen equals what their quotas keep
-- frozen (granted - used - released), the rule of ledger.store.LedgerCheck. A contribution racing another for the
-- same person-year fails on the index payment_contribution_once, as the statement path does.
--
-- Lock order: the plan's quota rows (oldest grant first, as every path), then the code, then the accounts (by person
-- id, the order the JVM passes them in), the key row last (as the statement path, which completes it last).
create function wallet_pay(
    p_caller text, p_key text, p_owner uuid, p_answer text,
    p_code_hash bytea, p_device bigint, p_step bigint,
    p_payment_id uuid, p_provider text, p_patient text, p_category text, p_year int, p_amount bigint,
    p_status text, p_spend text, p_spend_province text, p_now timestamptz, p_expires timestamptz,
    p_quotas uuid[], p_relations text[], p_benefactors text[], p_parts bigint[], p_funds text[],
    p_fund_provinces text[], p_scopes text[],
    p_accounts text[], p_balance_changes bigint[], p_frozen_changes bigint[],
    p_journal_kind text, p_ledgers text[], p_posting_persons text[], p_posting_amounts bigint[],
    p_event_id uuid, p_topic text, p_event_type text, p_envelope text,
    p_assert_invariants boolean)
returns text
language plpgsql
as $$
declare
    n int;
    tx bigint;
begin
    -- Not locked: a retry must be able to take an expired lease over while this call waits on a quota row; the last
    -- statement stores the answer only if this request still owns the key, and rolls everything back otherwise.
    perform 1 from idempotency_key
    where caller_id = p_caller and idem_key = p_key and owner = p_owner and response_body is null;
    if not found then
        return 'KEY_LOST';
    end if;

    select count(*) into n from (
        select 1 from quota q join unnest(p_quotas, p_parts) as d(id, part) on q.quota_id = d.id
        where q.status = 'ACTIVE' and q.granted_fen - q.used_fen - q.held_fen - q.released_fen >= d.part
        order by q.created_at, q.quota_id
        for update of q) locked;
    if n <> cardinality(p_quotas) then
        return 'STALE';
    end if;

    if p_code_hash is not null then
        update payment_code set used_at = p_now
        where code_hash = p_code_hash and person_id = p_patient and used_at is null and expires_at > p_now;
    else
        insert into offline_code_use (device_id, step, used_at)
        select d.device_id, p_step, p_now from payment_device d
        where d.device_id = p_device and d.person_id = p_patient and d.revoked_at is null
        on conflict (device_id, step) do nothing;
    end if;
    get diagnostics n = row_count;
    if n <> 1 then
        return 'STALE';
    end if;

    -- Nothing refused from here on: the rows are locked and were checked.
    if p_status = 'CAPTURED' then
        update quota q set used_fen = q.used_fen + d.part, updated_at = p_now
        from unnest(p_quotas, p_parts) as d(id, part) where q.quota_id = d.id;
    else
        update quota q set held_fen = q.held_fen + d.part, updated_at = p_now
        from unnest(p_quotas, p_parts) as d(id, part) where q.quota_id = d.id;
    end if;

    insert into payment (payment_id, provider_id, patient_id, category, contribution_year, amount_fen, status,
                         spend_pooling_area, created_at, expires_at, captured_at)
    values (p_payment_id, p_provider, p_patient, p_category, p_year, p_amount, p_status, p_spend, p_now, p_expires,
            case when p_status = 'CAPTURED' then p_now end);
    insert into payment_line (payment_id, line_no, quota_id, relation_id, benefactor_id, amount_fen,
                              fund_pooling_area, fund_province, spend_pooling_area, spend_province, scope)
    select p_payment_id, d.no - 1, d.quota_id, d.relation_id, d.benefactor_id, d.amount, d.fund, d.fund_province,
           p_spend, p_spend_province, d.scope
    from unnest(p_quotas, p_relations, p_benefactors, p_parts, p_funds, p_fund_provinces, p_scopes)
         with ordinality as d(quota_id, relation_id, benefactor_id, amount, fund, fund_province, scope, no);

    if cardinality(p_accounts) > 0 then
        update account a set balance_fen = a.balance_fen + d.balance, frozen_fen = a.frozen_fen + d.frozen
        from unnest(p_accounts, p_balance_changes, p_frozen_changes) as d(person_id, balance, frozen)
        where a.person_id = d.person_id and a.frozen_fen + d.frozen >= 0 and a.balance_fen + d.balance >= 0;
        get diagnostics n = row_count;
        if n <> cardinality(p_accounts) then
            raise exception 'a benefactor account cannot take its part of payment %', p_payment_id using errcode = 'MWINV';
        end if;
    end if;

    if cardinality(p_ledgers) > 0 then
        if (select sum(x) from unnest(p_posting_amounts) as x) <> 0 then
            raise exception 'unbalanced journal transaction % %', p_journal_kind, p_payment_id using errcode = 'MWINV';
        end if;
        insert into journal_tx (kind, reference, created_at) values (p_journal_kind, p_payment_id::text, p_now)
        returning tx_id into tx;
        insert into posting (tx_id, ledger, person_id, amount_fen)
        select tx, d.ledger, nullif(d.person_id, ''), d.amount
        from unnest(p_ledgers, p_posting_persons, p_posting_amounts) as d(ledger, person_id, amount);
    end if;

    if p_event_id is not null then
        insert into outbox (event_id, topic, aggregate_id, type, envelope)
        values (p_event_id, p_topic, p_payment_id::text, p_event_type, p_envelope)
        on conflict (event_id) do nothing;
    end if;

    if p_assert_invariants and exists (
            select 1 from account a
            where a.person_id = any(p_accounts)
              and a.frozen_fen <> coalesce((select sum(q.granted_fen - q.used_fen - q.released_fen)
                                            from quota q where q.benefactor_id = a.person_id), 0)) then
        raise exception 'frozen money does not match quotas (payment %)', p_payment_id using errcode = 'MWINV';
    end if;

    update idempotency_key set response_body = p_answer, locked_until = null
    where caller_id = p_caller and idem_key = p_key and owner = p_owner and response_body is null;
    if not found then
        raise exception using errcode = 'MWKEY', message = 'KEY_LOST: the Idempotency-Key was taken over meanwhile';
    end if;
    return 'DONE';
end
$$;
