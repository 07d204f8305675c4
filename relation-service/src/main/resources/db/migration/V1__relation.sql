-- relation-service schema. (Pre-release: rewrite freely until the first deployment.)
create table service_info (name text primary key, started_at timestamptz not null default now());
insert into service_info (name) values ('relation-service');

-- ---------------------------------------------------------------------------------------------------------------
-- Projections of registry.events: what establishing a relationship needs, without calling the registry.
-- ---------------------------------------------------------------------------------------------------------------

-- Each person's current enrollment. as_of = the time of the registry event that set it: an older event that arrives
-- late (reordered, replayed with a new event id) never overwrites a newer state.
create table insured_person (
    person_id     text        primary key,
    scheme        text        not null,
    status        text        not null,   -- ACTIVE | TERMINATED
    pooling_area  text        not null,
    province      text        not null,
    as_of         timestamptz not null
);

-- Verified kinship, stored in both directions: relative_id is person_id's kinship.
create table kinship_link (
    person_id     text        not null,
    relative_id   text        not null,
    kinship       text        not null,
    verified_at   timestamptz not null,
    primary key (person_id, relative_id, kinship)
);

-- Rollout policy history per province; the policy in force at t is the latest row with effective_from <= t.
-- A province without rows has the default (no cross-province aid, all close relatives).
create table rollout_policy (
    province        text        not null,
    effective_from  timestamptz not null,
    cross_province  boolean     not null,
    kinship_scope   text        not null,
    changed_at      timestamptz not null,
    primary key (province, effective_from)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Relationships
-- ---------------------------------------------------------------------------------------------------------------
create table relation (
    relation_id       text        primary key,
    benefactor_id     text        not null,
    beneficiary_id    text        not null,
    kinship           text        not null,
    scope             text        not null,
    status            text        not null,  -- PENDING_CONSENT | ACTIVE | DISSOLVING | DISSOLVED | DECLINED
    benefactor_area   text        not null,
    beneficiary_area  text        not null,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    constraint relation_not_self check (benefactor_id <> beneficiary_id)
);
-- At most one live relationship per ordered pair: two concurrent requests cannot both win.
create unique index relation_live_pair on relation (benefactor_id, beneficiary_id)
    where status in ('PENDING_CONSENT', 'ACTIVE', 'DISSOLVING');
create index relation_by_benefactor on relation (benefactor_id, created_at);
create index relation_by_beneficiary on relation (beneficiary_id, created_at);

-- ---------------------------------------------------------------------------------------------------------------
-- The dissolution saga (see cn.mutualaid.relation.saga.DissolutionSaga)
-- ---------------------------------------------------------------------------------------------------------------
create table dissolution_saga (
    saga_id          uuid        primary key,
    relation_id      text        not null unique references relation (relation_id),
    reason           text        not null,
    state            text        not null,  -- STARTED | DISSOLVED
    attempts         int         not null,  -- ReleaseQuota commands sent so far (all with command id = saga id)
    next_attempt_at  timestamptz,
    released_fen     bigint,
    voided_hold_fen  bigint,
    started_at       timestamptz not null,
    finished_at      timestamptz
);
-- The scheduler only scans sagas still waiting for the wallet.
create index dissolution_saga_waiting on dissolution_saga (next_attempt_at) where state = 'STARTED';

create table saga_step (
    id       bigserial   primary key,
    saga_id  uuid        not null references dissolution_saga (saga_id),
    step     text        not null,
    at       timestamptz not null
);
create index saga_step_by_saga on saga_step (saga_id, id);

-- An insurance transfer waits for the sagas of the person's relationships, then moves the account once.
create table transfer (
    transfer_id      text        primary key,
    person_id        text        not null,
    to_pooling_area  text        not null,
    to_province      text        not null,
    received_at      timestamptz not null,
    move_sent_at     timestamptz
);
create index transfer_waiting on transfer (received_at) where move_sent_at is null;

create table transfer_saga (
    transfer_id  text not null references transfer (transfer_id),
    saga_id      uuid not null references dissolution_saga (saga_id),
    primary key (transfer_id, saga_id)
);
create index transfer_saga_by_saga on transfer_saga (saga_id);
