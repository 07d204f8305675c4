-- journal_tx and posting partitioned by month, as V13 did for payments: a peak season's journal inserts and a person's
-- journal page touch a month's partitions and indexes whatever years the journal holds, and an old month leaves the
-- database as one table (docs/deployment.md "Tables partitioned by month").
--
-- The key: tx_id becomes a version-7 uuid (kernel TimeOrderedUuid), chosen by the JVM before the write (ledger.store
-- Journal, and payment.store.PaymentCall, which passes it to wallet_pay below), so journal_tx and posting go by range
-- on it with V13's bounds (platform PartitionMaintenance, key kind UUIDV7). journal_tx's primary key (tx_id) contains
-- the key as it is, posting's foreign key to journal_tx stays, a transaction and its postings share a month, and a
-- lookup by tx_id is pruned to it. credit.journal_tx (the credit's journal transaction) becomes the uuid too.
--
-- The public number. The API shows a journal entry as a number (JournalLine.txId, a credit's journalTxId; int64 in
-- the OpenAPI document). It stays a number and keeps its value: entry_no, from the old tx_id's sequence (renamed),
-- is each entry's number, the old rows keeping theirs. Nothing looks an entry up by it, so it has no index; the
-- sequence alone makes it unique (a unique index would have to contain tx_id).
--
-- Old rows' ids: the millisecond is the row's created_at, raised where needed to the largest created_at of every
-- smaller old tx_id, and the old tx_id fills the random bits, so that the new ids sort exactly as the old ones did (a
-- person's journal page reads newest first by tx_id) and every row lands in its created_at's month (or in a later
-- one, by the few milliseconds two concurrent writers' clocks differed). New ids are made after the migration, so
-- they sort after every old one.
--
-- Like V13: the counts and sums of the copies are compared with the originals, and the migration fails (nothing
-- changed) if they differ; partitions exist for every month that has rows and the current month with three after it.

alter table posting rename to posting_unpartitioned;
alter table journal_tx rename to journal_tx_unpartitioned;
alter index posting_by_tx rename to posting_by_tx_unpart;
alter index posting_by_person rename to posting_by_person_unpart;
alter index journal_tx_pkey rename to journal_tx_pkey_unpart;
alter table journal_tx_unpartitioned alter column tx_id drop default;
alter sequence journal_tx_tx_id_seq owned by none;
alter sequence journal_tx_tx_id_seq rename to journal_tx_entry_no_seq;

-- The new id of each old transaction (see the top).
create temp table journal_tx_ids (old_id bigint primary key, new_id uuid not null unique) on commit drop;
insert into journal_tx_ids (old_id, new_id)
select tx_id, (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7000-8' || substr(t, 1, 3) || '-' || substr(t, 4, 12))::uuid
from (select tx_id, lpad(to_hex(tx_id), 15, '0') t,
             lpad(to_hex((extract(epoch from max(created_at) over (order by tx_id)) * 1000)::bigint), 12, '0') h
      from journal_tx_unpartitioned) x;

create table journal_tx (
    tx_id      uuid        not null,
    entry_no   bigint      not null default nextval('journal_tx_entry_no_seq'),
    kind       text        not null,
    reference  text,
    created_at timestamptz not null,
    primary key (tx_id)
) partition by range (tx_id);
alter sequence journal_tx_entry_no_seq owned by journal_tx.entry_no;

create table posting (
    tx_id      uuid   not null constraint posting_tx_id_fkey references journal_tx,
    ledger     text   not null check (ledger in ('AVAILABLE', 'FROZEN', 'ALLOCATION', 'SPENT')),
    person_id  text,
    amount_fen bigint not null,
    constraint posting_person_bucket check ((ledger in ('AVAILABLE', 'FROZEN')) = (person_id is not null))
) partition by range (tx_id);
create index posting_by_tx on posting (tx_id);
create index posting_by_person on posting (person_id, tx_id) where person_id is not null;

create table journal_tx_default partition of journal_tx default;
create table posting_default partition of posting default;

-- As V13's (Flyway runs both in one session, hence "or replace"): the smallest version-7 uuid of a month's
-- first millisecond, China time.
create or replace function pg_temp.v7_bound(month timestamp) returns uuid language sql immutable as $$
    select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-0000-0000-000000000000')::uuid
    from (select lpad(to_hex((extract(epoch from month at time zone 'Asia/Shanghai') * 1000)::bigint), 12, '0') h) x
$$;

do $$
declare
    month timestamp;
    t text;
begin
    for month in
        select distinct date_trunc('month', to_timestamp(('x' || lpad(replace(substr(new_id::text, 1, 13), '-', ''), 16, '0'))
                                                         ::bit(64)::bigint / 1000.0) at time zone 'Asia/Shanghai')
        from journal_tx_ids
        union
        select generate_series(date_trunc('month', now() at time zone 'Asia/Shanghai'),
                               date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '3 months',
                               interval '1 month')
    loop
        foreach t in array array['journal_tx', 'posting'] loop
            execute format('create table %I partition of %I for values from (%L) to (%L)',
                t || '_' || to_char(month, 'YYYYMM'), t, pg_temp.v7_bound(month),
                pg_temp.v7_bound(month + interval '1 month'));
        end loop;
    end loop;
end $$;

insert into journal_tx (tx_id, entry_no, kind, reference, created_at)
select i.new_id, o.tx_id, o.kind, o.reference, o.created_at
from journal_tx_unpartitioned o join journal_tx_ids i on i.old_id = o.tx_id;
insert into posting (tx_id, ledger, person_id, amount_fen)
select i.new_id, o.ledger, o.person_id, o.amount_fen
from posting_unpartitioned o join journal_tx_ids i on i.old_id = o.tx_id;

-- A credit names its transaction by the new id (a credit naming no transaction of the journal fails the migration:
-- its check credit_completed_is_journaled refuses the null).
create or replace function pg_temp.new_tx_id(old bigint) returns uuid language sql stable as $$
    select new_id from journal_tx_ids where old_id = old
$$;
alter table credit alter column journal_tx type uuid using pg_temp.new_tx_id(journal_tx);

-- Every row copied, not one more, every fen the same, each transaction with its own postings: otherwise the migration
-- fails and nothing changes.
do $$
begin
    if (select (count(*), coalesce(sum(entry_no), 0)) from journal_tx)
       is distinct from (select (count(*), coalesce(sum(tx_id), 0)) from journal_tx_unpartitioned) then
        raise exception 'journal_tx: the partitioned copy differs from the original';
    end if;
    if (select (count(*), coalesce(sum(amount_fen), 0), coalesce(sum(abs(amount_fen)), 0)) from posting)
       is distinct from (select (count(*), coalesce(sum(amount_fen), 0), coalesce(sum(abs(amount_fen)), 0))
                         from posting_unpartitioned) then
        raise exception 'posting: the partitioned copy differs from the original';
    end if;
    -- Per transaction (by its number) and per person and ledger, the sums the ledger check recomputes.
    if exists (
        with copied as (select t.entry_no, p.ledger, p.person_id, sum(p.amount_fen), count(*)
                        from posting p join journal_tx t on t.tx_id = p.tx_id group by 1, 2, 3),
             original as (select tx_id, ledger, person_id, sum(amount_fen), count(*)
                          from posting_unpartitioned group by 1, 2, 3)
        (select * from copied except all select * from original)
        union all
        (select * from original except all select * from copied)) then
        raise exception 'posting: a transaction''s postings differ from the original';
    end if;
    if (select count(*) from credit c join journal_tx t on t.tx_id = c.journal_tx)
       <> (select count(*) from credit where journal_tx is not null) then
        raise exception 'credit: a credit''s journal transaction was not found';
    end if;
    if (select count(*) from journal_tx_default) + (select count(*) from posting_default) > 0 then
        raise exception 'journal: rows outside every month created';
    end if;
end $$;

drop table posting_unpartitioned, journal_tx_unpartitioned;
analyze journal_tx, posting;

-- wallet_pay as V11 wrote it, with the journal transaction's id passed in (p_tx_id, chosen by the JVM like every
-- other id of the call) instead of taken from a sequence.
drop function wallet_pay(text, text, uuid, text, bytea, bigint, bigint, uuid, text, text, text, int, bigint, text,
    text, text, timestamptz, timestamptz, uuid[], text[], text[], bigint[], text[], text[], text[], text[], bigint[],
    bigint[], text, text[], text[], bigint[], uuid, text, text, text, boolean);
create function wallet_pay(
    p_caller text, p_key text, p_owner uuid, p_answer text,
    p_code_hash bytea, p_device bigint, p_step bigint,
    p_payment_id uuid, p_provider text, p_patient text, p_category text, p_year int, p_amount bigint,
    p_status text, p_spend text, p_spend_province text, p_now timestamptz, p_expires timestamptz,
    p_quotas uuid[], p_relations text[], p_benefactors text[], p_parts bigint[], p_funds text[],
    p_fund_provinces text[], p_scopes text[],
    p_accounts text[], p_balance_changes bigint[], p_frozen_changes bigint[],
    p_journal_kind text, p_tx_id uuid, p_ledgers text[], p_posting_persons text[], p_posting_amounts bigint[],
    p_event_id uuid, p_topic text, p_event_type text, p_envelope text,
    p_assert_invariants boolean)
returns text
language plpgsql
as $$
declare
    n int;
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
        insert into journal_tx (tx_id, kind, reference, created_at)
        values (p_tx_id, p_journal_kind, p_payment_id::text, p_now);
        insert into posting (tx_id, ledger, person_id, amount_fen)
        select p_tx_id, d.ledger, nullif(d.person_id, ''), d.amount
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
