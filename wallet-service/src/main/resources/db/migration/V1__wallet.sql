-- wallet-service schema. (Pre-release: rewrite freely until the first deployment.)
-- Money is integer fen everywhere. Invariants live in constraints so that no code path can break them.

-- ---------------------------------------------------------------------------------------------------------------
-- Projections of other services' events (never read from their databases).
-- ---------------------------------------------------------------------------------------------------------------

-- Every insured person the registry told us about (EMPLOYEE and RESIDENT): scheme, insured area, status.
create table person (
    person_id    text primary key,
    scheme       text        not null check (scheme in ('EMPLOYEE', 'RESIDENT')),
    pooling_area text        not null,
    status       text        not null check (status in ('ACTIVE', 'TERMINATED')),
    updated_at   timestamptz not null
);

-- Designated providers (定点医疗机构 / 定点零售药店).
create table provider (
    provider_id  text primary key,
    name         text        not null,
    type         text        not null check (type in ('MEDICAL_INSTITUTION', 'RETAIL_PHARMACY')),
    pooling_area text        not null,
    updated_at   timestamptz not null
);

-- Relationships as the relation-service announced them. Status only ever moves forward.
create table relation (
    relation_id    text primary key,
    benefactor_id  text        not null,
    beneficiary_id text        not null,
    scope          text,
    status         text        not null check (status in ('ACTIVE', 'DISSOLVING', 'DISSOLVED')),
    updated_at     timestamptz not null
);

-- ---------------------------------------------------------------------------------------------------------------
-- Personal accounts (个人账户). available = balance - frozen.
-- ---------------------------------------------------------------------------------------------------------------
create table account (
    person_id    text primary key,
    pooling_area text        not null,
    balance_fen  bigint      not null default 0 check (balance_fen >= 0),
    frozen_fen   bigint      not null default 0 check (frozen_fen >= 0),
    created_at   timestamptz not null,
    constraint account_frozen_within_balance check (frozen_fen <= balance_fen)
);

-- One row per MoveAccount transfer: a repeated command moves nothing.
create table account_move (
    transfer_id       text primary key,
    person_id         text        not null,
    from_pooling_area text,
    to_pooling_area   text        not null,
    moved_at          timestamptz not null
);

-- Agency credits (the monthly allocation into the account); the reference is unique per person.
create table credit (
    person_id         text        not null,
    reference         text        not null,
    amount_fen        bigint      not null check (amount_fen > 0),
    balance_after_fen bigint      not null,
    journal_tx        bigint      not null,
    credited_at       timestamptz not null,
    primary key (person_id, reference)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Quotas (共济额度): one per relationship. granted = used + held + remaining + released.
-- The benefactor's frozen money is the sum over their quotas of granted - used - released.
-- ---------------------------------------------------------------------------------------------------------------
create table quota (
    quota_id       uuid primary key,
    relation_id    text        not null unique,
    benefactor_id  text        not null,
    beneficiary_id text        not null,
    granted_fen    bigint      not null default 0,
    used_fen       bigint      not null default 0,
    held_fen       bigint      not null default 0,
    released_fen   bigint      not null default 0,
    status         text        not null check (status in ('ACTIVE', 'DISSOLVING', 'RELEASED')),
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    constraint quota_parts_not_negative check (used_fen >= 0 and held_fen >= 0 and released_fen >= 0),
    constraint quota_parts_within_granted check (used_fen + held_fen + released_fen <= granted_fen),
    constraint quota_released_has_no_holds check (status <> 'RELEASED' or held_fen = 0)
);
-- The payment path: a beneficiary's spendable quotas, oldest grant first.
create index quota_spendable on quota (beneficiary_id, created_at, quota_id) where status = 'ACTIVE';
create index quota_by_beneficiary on quota (beneficiary_id);
create index quota_by_benefactor on quota (benefactor_id);

-- The release result per relationship, so that a repeated ReleaseQuota replies the same and moves nothing.
create table quota_release (
    relation_id     text primary key,
    quota_id        uuid,
    released_fen    bigint      not null,
    voided_hold_fen bigint      not null,
    command_id      text,
    saga_id         text,
    released_at     timestamptz not null
);

-- ---------------------------------------------------------------------------------------------------------------
-- Payment codes: only the SHA-256 of the code is stored.
-- ---------------------------------------------------------------------------------------------------------------
create table payment_code (
    code_hash  bytea primary key,
    person_id  text        not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index payment_code_expiry on payment_code (expires_at);

-- ---------------------------------------------------------------------------------------------------------------
-- Payments (two phases), their lines per benefactor, refunds.
-- ---------------------------------------------------------------------------------------------------------------
create table payment (
    payment_id         uuid primary key,
    provider_id        text        not null,
    patient_id         text        not null,
    category           text        not null,
    amount_fen         bigint      not null check (amount_fen > 0),
    refunded_fen       bigint      not null default 0,
    status             text        not null check (status in ('AUTHORIZED', 'CAPTURED', 'VOIDED')),
    spend_pooling_area text        not null,
    created_at         timestamptz not null,
    expires_at         timestamptz not null,
    captured_at        timestamptz,
    voided_at          timestamptz,
    void_reason        text,
    constraint payment_refund_within_amount check (refunded_fen >= 0 and refunded_fen <= amount_fen),
    constraint payment_refund_only_captured check (refunded_fen = 0 or status = 'CAPTURED')
);
create index payment_open_by_expiry on payment (expires_at) where status = 'AUTHORIZED';
create index payment_by_capture_time on payment (captured_at) where captured_at is not null;

create table payment_line (
    payment_id         uuid        not null references payment,
    line_no            int         not null,
    quota_id           uuid        not null references quota,
    relation_id        text        not null,
    benefactor_id      text        not null,
    amount_fen         bigint      not null check (amount_fen > 0),
    refunded_fen       bigint      not null default 0,
    fund_pooling_area  text        not null,
    fund_province      text        not null,
    spend_pooling_area text        not null,
    spend_province     text        not null,
    scope              text        not null,
    primary key (payment_id, line_no),
    constraint line_refund_within_amount check (refunded_fen >= 0 and refunded_fen <= amount_fen)
);
create index payment_line_by_quota on payment_line (quota_id);

create table refund (
    refund_id  uuid primary key,
    payment_id uuid        not null references payment,
    amount_fen bigint      not null check (amount_fen > 0),
    created_at timestamptz not null
);
create index refund_by_payment on refund (payment_id);
create index refund_by_time on refund (created_at);

create table refund_line (
    refund_id          uuid    not null references refund,
    line_no            int     not null,
    quota_id           uuid    not null,
    relation_id        text    not null,
    benefactor_id      text    not null,
    amount_fen         bigint  not null check (amount_fen > 0),
    to_quota           boolean not null,
    fund_pooling_area  text    not null,
    fund_province      text    not null,
    spend_pooling_area text    not null,
    spend_province     text    not null,
    scope              text    not null,
    primary key (refund_id, line_no)
);

-- Idempotency-Key per provider: the hash of the canonical request and the response given.
create table idempotency (
    caller_id       text        not null,
    idem_key        text        not null,
    request_hash    text        not null,
    response_body   text,
    created_at      timestamptz not null,
    primary key (caller_id, idem_key)
);
create index idempotency_by_age on idempotency (created_at);

-- ---------------------------------------------------------------------------------------------------------------
-- Double-entry journal. Each movement is one journal transaction whose postings sum to zero.
-- Ledgers: AVAILABLE and FROZEN buckets of a person's account (person_id set); ALLOCATION (money credited into
-- accounts from outside) and SPENT (money that left accounts through captured payments) are external.
-- An account's balance = sum(AVAILABLE) + sum(FROZEN); frozen = sum(FROZEN).
-- ---------------------------------------------------------------------------------------------------------------
create table journal_tx (
    tx_id      bigserial primary key,
    kind       text        not null,
    reference  text,
    created_at timestamptz not null
);

create table posting (
    tx_id      bigint not null references journal_tx,
    ledger     text   not null check (ledger in ('AVAILABLE', 'FROZEN', 'ALLOCATION', 'SPENT')),
    person_id  text,
    amount_fen bigint not null,
    constraint posting_person_bucket check ((ledger in ('AVAILABLE', 'FROZEN')) = (person_id is not null))
);
create index posting_by_tx on posting (tx_id);
create index posting_by_person on posting (person_id, tx_id) where person_id is not null;
