-- payment, payment_line, refund and refund_line partitioned by month, so that a peak season's inserts and lookups
-- touch one month's partition and indexes a month deep whatever years the tables hold, and an old month leaves the
-- database as one table (docs/deployment.md "Tables partitioned by month").
--
-- The key is the id itself: payment_id and refund_id are version-7 uuids (kernel TimeOrderedUuid), whose first 48
-- bits are the Unix millisecond they were made. RANGE (payment_id) with bounds = the smallest id of each month's
-- first millisecond (China time, as platform PartitionMaintenance's key kind UUIDV7 writes them) puts a payment in
-- the month it was made. payment_line goes by its payment_id, refund and refund_line by refund_id. So every primary
-- key ((payment_id), (payment_id, line_no), (refund_id), (refund_id, line_no)) contains the partition key and stays
-- as it was, the foreign keys to payment and refund stay (a foreign key may reference a partitioned table's primary
-- key), and no statement changes: V11's wallet_pay and the statement path insert and read the same names and
-- columns, and a lookup by id is pruned to its month. Partitions are created ahead by the application (platform
-- PartitionMaintenance, mesh.partitions.tables); this migration creates every month that has rows, and the current
-- month with three after it.
--
-- Unique guarantees. PostgreSQL only takes a unique index on a partitioned table that contains the partition key.
-- The primary keys do. The one that does not is V9's payment_contribution_once (one live contribution per person,
-- category and year, across all months: a contribution paid in January and one paid in March are in different
-- partitions). It becomes the primary key, named payment_contribution_once as before (the wallet recognises the
-- race by that name, ContributionStore.takenMeanwhile), of the small unpartitioned table payment_contribution,
-- holding exactly the rows the partial index held (contribution_year set, not voided, not refunded in full). Row
-- triggers on payment keep it in the same transaction as the payment's own insert, update or delete, so a second
-- live contribution for a person-year waits for the first's transaction and then fails as it did on the index; no
-- statement of the wallet changes, and only contributions fire them. No other unique constraint exists on these
-- tables: the Idempotency-Key (the client-chosen id) lives in idempotency_key, not partitioned.
--
-- The foreign keys to payment and refund stay as they were (immediate). PostgreSQL checks a key referencing a
-- partitioned table per partition: a payment deleted from payment_default and inserted back into its new month's
-- partition counts as deleted while its lines still point at it (deferring the check does not help). So the job can
-- move a stranded payment or refund only when nothing references it yet; otherwise its pass refuses, rolls back and
-- logs, nothing is lost, and the rows are moved by hand (docs/deployment.md). Only an id that is not version 7 can be
-- stranded: the job creates every month three months before its first id.
--
-- Ids that are not version 7 (none written by the wallet; test or hand-made rows may have them): their first bits are
-- no time, they land in the default partition (counted by mesh_partitions_default_rows) unless they happen to fall
-- in a month created (about one chance in 100,000 per month created), which is stored just the same.

-- The old tables keep their rows until the copy is checked; their indexes step aside for the new ones' names.
alter table refund_line rename to refund_line_unpartitioned;
alter table refund rename to refund_unpartitioned;
alter table payment_line rename to payment_line_unpartitioned;
alter table payment rename to payment_unpartitioned;
do $$
declare
    i text;
begin
    for i in select c.relname from pg_index x join pg_class c on c.oid = x.indexrelid
             where x.indrelid in ('payment_unpartitioned'::regclass, 'payment_line_unpartitioned'::regclass,
                                  'refund_unpartitioned'::regclass, 'refund_line_unpartitioned'::regclass)
    loop
        execute format('alter index %I rename to %I', i, left(i, 50) || '_unpart');
    end loop;
end $$;

create table payment (like payment_unpartitioned including defaults including constraints)
    partition by range (payment_id);
alter table payment add primary key (payment_id);
create index payment_open_by_expiry on payment (expires_at) where status = 'AUTHORIZED';
create index payment_by_capture_time on payment (captured_at) where captured_at is not null;
create index payment_by_patient on payment (patient_id, created_at desc);
create index payment_by_provider on payment (provider_id, created_at desc);

create table payment_line (like payment_line_unpartitioned including defaults including constraints)
    partition by range (payment_id);
alter table payment_line add primary key (payment_id, line_no),
    add constraint payment_line_payment_id_fkey foreign key (payment_id) references payment,
    add constraint payment_line_quota_id_fkey foreign key (quota_id) references quota;
create index payment_line_by_quota on payment_line (quota_id);

create table refund (like refund_unpartitioned including defaults including constraints)
    partition by range (refund_id);
alter table refund add primary key (refund_id),
    add constraint refund_payment_id_fkey foreign key (payment_id) references payment;
create index refund_by_payment on refund (payment_id);
create index refund_by_time on refund (created_at);

create table refund_line (like refund_line_unpartitioned including defaults including constraints)
    partition by range (refund_id);
alter table refund_line add primary key (refund_id, line_no),
    add constraint refund_line_refund_id_fkey foreign key (refund_id) references refund;

create table payment_default partition of payment default;
create table payment_line_default partition of payment_line default;
create table refund_default partition of refund default;
create table refund_line_default partition of refund_line default;

-- The millisecond a version-7 uuid was made; null for any other version.
create function pg_temp.v7_millis(id uuid) returns bigint language sql immutable as $$
    select case when substr(id::text, 15, 1) = '7'
                then ('x' || lpad(replace(substr(id::text, 1, 13), '-', ''), 16, '0'))::bit(64)::bigint end
$$;
-- The smallest version-7 uuid of a month's first millisecond, China time (MonthlyPartition's UUIDV7 literal).
create function pg_temp.v7_bound(month timestamp) returns uuid language sql immutable as $$
    select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-0000-0000-000000000000')::uuid
    from (select lpad(to_hex((extract(epoch from month at time zone 'Asia/Shanghai') * 1000)::bigint), 12, '0') h) x
$$;

do $$
declare
    month timestamp;
    t text;
begin
    for month in
        select date_trunc('month', to_timestamp(pg_temp.v7_millis(payment_id) / 1000.0) at time zone 'Asia/Shanghai')
        from payment_unpartitioned where pg_temp.v7_millis(payment_id) is not null
        union
        select date_trunc('month', to_timestamp(pg_temp.v7_millis(refund_id) / 1000.0) at time zone 'Asia/Shanghai')
        from refund_unpartitioned where pg_temp.v7_millis(refund_id) is not null
        union
        select generate_series(date_trunc('month', now() at time zone 'Asia/Shanghai'),
                               date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '3 months',
                               interval '1 month')
    loop
        foreach t in array array['payment', 'payment_line', 'refund', 'refund_line'] loop
            execute format('create table %I partition of %I for values from (%L) to (%L)',
                t || '_' || to_char(month, 'YYYYMM'), t, pg_temp.v7_bound(month),
                pg_temp.v7_bound(month + interval '1 month'));
        end loop;
    end loop;
end $$;

-- One live contribution per person, category and year, over every month (see the top).
create table payment_contribution (
    patient_id        text not null,
    category          text not null,
    contribution_year int  not null,
    payment_id        uuid not null,
    constraint payment_contribution_once primary key (patient_id, category, contribution_year)
);
create index payment_contribution_by_payment on payment_contribution (payment_id);

create function payment_contribution_keep() returns trigger
language plpgsql
as $$
declare
    was_live boolean := tg_op <> 'INSERT' and old.contribution_year is not null and old.status <> 'VOIDED'
                        and old.refunded_fen < old.amount_fen;
    is_live  boolean := tg_op <> 'DELETE' and new.contribution_year is not null and new.status <> 'VOIDED'
                        and new.refunded_fen < new.amount_fen;
begin
    if was_live and is_live and (old.patient_id, old.category, old.contribution_year)
                                 = (new.patient_id, new.category, new.contribution_year) then
        return null;
    end if;
    if was_live then
        delete from payment_contribution where payment_id = old.payment_id;
    end if;
    if is_live then
        insert into payment_contribution (patient_id, category, contribution_year, payment_id)
        values (new.patient_id, new.category, new.contribution_year, new.payment_id);
    end if;
    return null;
end
$$;
create trigger payment_contribution_insert after insert on payment
    for each row when (new.contribution_year is not null) execute function payment_contribution_keep();
create trigger payment_contribution_update after update on payment
    for each row when (old.contribution_year is not null or new.contribution_year is not null)
    execute function payment_contribution_keep();
create trigger payment_contribution_delete after delete on payment
    for each row when (old.contribution_year is not null) execute function payment_contribution_keep();

insert into payment (payment_id, provider_id, patient_id, category, amount_fen, refunded_fen, status,
                     spend_pooling_area, created_at, expires_at, captured_at, voided_at, void_reason, contribution_year)
select payment_id, provider_id, patient_id, category, amount_fen, refunded_fen, status, spend_pooling_area,
       created_at, expires_at, captured_at, voided_at, void_reason, contribution_year
from payment_unpartitioned;
insert into payment_line (payment_id, line_no, quota_id, relation_id, benefactor_id, amount_fen, refunded_fen,
                          fund_pooling_area, fund_province, spend_pooling_area, spend_province, scope)
select payment_id, line_no, quota_id, relation_id, benefactor_id, amount_fen, refunded_fen, fund_pooling_area,
       fund_province, spend_pooling_area, spend_province, scope
from payment_line_unpartitioned;
insert into refund (refund_id, payment_id, amount_fen, created_at)
select refund_id, payment_id, amount_fen, created_at from refund_unpartitioned;
insert into refund_line (refund_id, line_no, quota_id, relation_id, benefactor_id, amount_fen, to_quota,
                         fund_pooling_area, fund_province, spend_pooling_area, spend_province, scope)
select refund_id, line_no, quota_id, relation_id, benefactor_id, amount_fen, to_quota, fund_pooling_area,
       fund_province, spend_pooling_area, spend_province, scope
from refund_line_unpartitioned;

-- Every row moved, not one more, every fen the same, and the contribution key holding what the index held: otherwise
-- the migration fails and nothing changes.
do $$
begin
    if (select (count(*), coalesce(sum(amount_fen), 0), coalesce(sum(refunded_fen), 0)) from payment)
       is distinct from (select (count(*), coalesce(sum(amount_fen), 0), coalesce(sum(refunded_fen), 0))
                         from payment_unpartitioned) then
        raise exception 'payment: the partitioned copy differs from the original';
    end if;
    if (select (count(*), coalesce(sum(amount_fen), 0), coalesce(sum(refunded_fen), 0)) from payment_line)
       is distinct from (select (count(*), coalesce(sum(amount_fen), 0), coalesce(sum(refunded_fen), 0))
                         from payment_line_unpartitioned) then
        raise exception 'payment_line: the partitioned copy differs from the original';
    end if;
    if (select (count(*), coalesce(sum(amount_fen), 0)) from refund)
       is distinct from (select (count(*), coalesce(sum(amount_fen), 0)) from refund_unpartitioned) then
        raise exception 'refund: the partitioned copy differs from the original';
    end if;
    if (select (count(*), coalesce(sum(amount_fen), 0)) from refund_line)
       is distinct from (select (count(*), coalesce(sum(amount_fen), 0)) from refund_line_unpartitioned) then
        raise exception 'refund_line: the partitioned copy differs from the original';
    end if;
    if (select count(*) from payment_contribution)
       <> (select count(*) from payment_unpartitioned where contribution_year is not null and status <> 'VOIDED'
                                                         and refunded_fen < amount_fen) then
        raise exception 'payment_contribution: does not hold the live contributions';
    end if;
end $$;

drop table refund_line_unpartitioned, refund_unpartitioned, payment_line_unpartitioned, payment_unpartitioned;
analyze payment, payment_line, refund, refund_line, payment_contribution;
