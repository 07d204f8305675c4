-- settlement-service schema. (Pre-release: rewrite freely until the first deployment.)
create table service_info (name text primary key, started_at timestamptz not null default now());
insert into service_info (name) values ('settlement-service');

-- A clearing month (yyyymm, China time). A row appears with the month's first line or its close.
-- Lines lock their month's row FOR SHARE while OPEN; closing UPDATEs it, so a close waits for lines in flight
-- and every line committed after it is booked to a later month (late).
create table periods (
    period              text        primary key,
    status              text        not null default 'OPEN' check (status in ('OPEN', 'CLOSED', 'CLEARED', 'SETTLED')),
    total_fen           bigint      not null default 0,
    uses                bigint      not null default 0,
    cross_province_fen  bigint      not null default 0,
    late_lines          bigint      not null default 0,
    late_fen            bigint      not null default 0,
    closed_at           timestamptz,
    cleared_at          timestamptz,
    settled_at          timestamptz
);
create index periods_open on periods (period) where status = 'OPEN';

-- One row per payment line (capture: positive, uses 1; refund: negative, uses 0). Append-only.
-- event_month is the month of `at` (what the wallet reconciles by); period is the month it was booked to
-- (differs from event_month only for late lines). At national scale: partition by list (period); see README.
create table clearing_lines (
    id              bigint      generated always as identity primary key,
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
    event_month     text        not null,
    period          text        not null,
    late            boolean     not null,
    unique (event_id, line_no)
);
create index clearing_lines_period on clearing_lines (period);
create index clearing_lines_event_month on clearing_lines (event_month);
create index clearing_lines_at on clearing_lines (at);

-- The closed month's lines aggregated once (one GROUP BY at close); positions and statements derive from these.
create table period_cells (
    period          text not null references periods,
    fund_province   text not null,
    fund_area       text not null,
    spend_province  text not null,
    spend_area      text not null,
    category        text    not null,
    scope           text    not null,
    amount_fen      bigint  not null,
    uses            bigint  not null,
    lines           bigint  not null,
    late_lines      bigint  not null,
    late_fen        bigint  not null,
    primary key (period, fund_area, spend_area, category, scope)
);

-- National clearing (清分): cross-province amounts per (fund province, spend province).
create table positions (
    period          text not null references periods,
    fund_province   text not null,
    spend_province  text not null,
    amount_fen      bigint  not null,
    uses            bigint  not null,
    primary key (period, fund_province, spend_province)
);
create index positions_spend on positions (period, spend_province);

-- One statement per province involved in the month. net = receivable (as spend province) - payable (as fund
-- province), cross-province only; within-province money is shown but nets to zero inside the province.
create table statements (
    period           text        not null references periods,
    province         text        not null,
    payable_fen      bigint      not null,
    payable_uses     bigint      not null,
    receivable_fen   bigint      not null,
    receivable_uses  bigint      not null,
    net_fen          bigint      not null,
    within_fen       bigint      not null,
    within_uses      bigint      not null,
    status           text        not null default 'ISSUED' check (status in ('ISSUED', 'CONFIRMED')),
    issued_at        timestamptz not null,
    confirmed_by     text,
    confirmed_at     timestamptz,
    primary key (period, province)
);
create index statements_province on statements (province, period);

-- A statement's pooling-area breakdown (省市分级清算).
create table statement_areas (
    period              text not null,
    province            text not null,
    pooling_area        text not null,
    payable_fen         bigint  not null,
    payable_uses        bigint  not null,
    receivable_fen      bigint  not null,
    receivable_uses     bigint  not null,
    within_fund_fen     bigint  not null,
    within_fund_uses    bigint  not null,
    within_spend_fen    bigint  not null,
    within_spend_uses   bigint  not null,
    primary key (period, province, pooling_area),
    foreign key (period, province) references statements
);

-- The wallet's own totals for a month (WalletMonthTotals); the latest message for a month replaces the earlier one.
create table wallet_month_totals (
    period          text not null,
    fund_province   text not null,
    spend_province  text not null,
    category        text    not null,
    captured_fen    bigint  not null,
    refunded_fen    bigint  not null,
    captures        bigint  not null,
    refunds         bigint  not null,
    primary key (period, fund_province, spend_province, category)
);

create table reconciliations (
    period       text        primary key,
    status       text        not null check (status in ('MATCHED', 'MISMATCH')),
    differences  text        not null,
    checked_at   timestamptz not null
);

-- Prepaid funds (预付金): one balance per province, every movement a journal entry.
create table prepaid_funds (
    province      text        primary key,
    balance_fen   bigint      not null default 0,
    required_fen  bigint      not null default 0,
    status        text        not null default 'OK' check (status in ('OK', 'LOW', 'OVERDRAWN')),
    updated_at    timestamptz not null default now()
);

create table prepaid_journal (
    id          bigint      generated always as identity primary key,
    province    text        not null references prepaid_funds,
    kind        text        not null check (kind in ('TOP_UP', 'SETTLEMENT_DRAW', 'SETTLEMENT_CREDIT')),
    amount_fen  bigint      not null,
    reference   text        not null,
    period      text,
    at          timestamptz not null,
    unique (province, reference)
);
