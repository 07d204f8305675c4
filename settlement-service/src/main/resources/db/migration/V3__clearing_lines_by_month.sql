-- Clearing lines partitioned by month: RANGE on event_month (yyyymm, the month the line happened in, China time),
-- one partition per month, a default partition for anything else. A month's close, reconciliation and statistics
-- then read one partition whatever the table holds, indexes stay a month deep, and an old month can be detached
-- and archived whole (docs/deployment.md). Partitions are created ahead by the application (platform
-- PartitionMaintenance, mesh.partitions.tables); this migration creates every month that has lines and the
-- current one with three after it.
--
-- Why event_month and not period (the month a line is booked to): idempotency. The key of a line was (event_id,
-- line_no), and PostgreSQL only accepts a unique constraint on a partitioned table that includes the partition key.
-- event_month is the month of `at`, which is part of the event itself: every delivery of one event carries the same
-- `at`, hence the same event_month, so (event_id, line_no, event_month) admits exactly the rows (event_id, line_no)
-- admitted, no more. period would not do: a redelivery after its month closed is booked to a later OPEN month, and
-- (event_id, line_no, period) would let that second copy in. Lines are booked to a period never before their event
-- month (late lines go later, never earlier), so a query by period reads partitions up to that month only.
alter table clearing_lines rename to clearing_lines_unpartitioned;
alter index clearing_lines_pkey rename to clearing_lines_unpartitioned_pkey;
alter index clearing_lines_event_id_line_no_key rename to clearing_lines_unpartitioned_key;
alter index clearing_lines_period rename to clearing_lines_unpartitioned_period;
alter index clearing_lines_event_month rename to clearing_lines_unpartitioned_event_month;
alter index clearing_lines_at rename to clearing_lines_unpartitioned_at;
alter sequence clearing_lines_id_seq rename to clearing_lines_unpartitioned_id_seq;

create table clearing_lines (
    id              bigint      generated always as identity,
    event_id        uuid        not null,
    line_no         int         not null,
    kind            text        not null check (kind in ('CAPTURE', 'REFUND')),
    payment_id      text        not null,
    fund_province   text        not null,
    fund_area       text        not null,
    spend_province  text        not null,
    spend_area      text        not null,
    category        text        not null,
    scope           text        not null,
    amount_fen      bigint      not null,
    uses            int         not null,
    at              timestamptz not null,
    -- Six digits, so that text order is month order: the partitions' ranges rely on it.
    event_month     text        not null check (event_month ~ '^[0-9]{6}$'),
    period          text        not null,
    late            boolean     not null,
    primary key (id, event_month),
    unique (event_id, line_no, event_month)
) partition by range (event_month);
-- Within a partition every row has the same event_month: no index on it, the partition is the index.
create index clearing_lines_period on clearing_lines (period);
create index clearing_lines_at on clearing_lines (at);
create table clearing_lines_default partition of clearing_lines default;

do $$
declare
    month text;
begin
    for month in
        select distinct event_month from clearing_lines_unpartitioned
        union
        select to_char(m, 'YYYYMM') from generate_series(date_trunc('month', now() at time zone 'Asia/Shanghai'),
            date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '3 months', interval '1 month') m
    loop
        execute format('create table clearing_lines_%s partition of clearing_lines for values from (%L) to (%L)',
            month, month, to_char(to_date(month, 'YYYYMM') + interval '1 month', 'YYYYMM'));
    end loop;
end $$;

insert into clearing_lines (id, event_id, line_no, kind, payment_id, fund_province, fund_area, spend_province,
    spend_area, category, scope, amount_fen, uses, at, event_month, period, late)
overriding system value
select id, event_id, line_no, kind, payment_id, fund_province, fund_area, spend_province, spend_area, category,
    scope, amount_fen, uses, at, event_month, period, late
from clearing_lines_unpartitioned;

-- Every line moved, and not one more: otherwise the migration fails and nothing changes.
do $$
begin
    if (select count(*) from clearing_lines) <> (select count(*) from clearing_lines_unpartitioned)
       or (select coalesce(sum(amount_fen), 0) from clearing_lines)
          <> (select coalesce(sum(amount_fen), 0) from clearing_lines_unpartitioned) then
        raise exception 'clearing_lines: the partitioned copy differs from the original';
    end if;
end $$;

select setval(pg_get_serial_sequence('clearing_lines', 'id'), coalesce(max(id), 0) + 1, false) from clearing_lines;
drop table clearing_lines_unpartitioned;
