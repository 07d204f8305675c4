-- insured-registry-service schema. (Pre-release: rewrite freely until the first deployment.)

-- GB/T 2260 divisions, loaded from regions/regions-vN.csv by the Java migrations (V2__Regions, ...).
create table region (
    code      text primary key check (code ~ '^[1-9][0-9]{5}$'),
    name      text not null,
    level     text not null check (level in ('PROVINCE', 'PREFECTURE')),
    province  text not null references region (code)
);
create index region_by_province on region (province, code);

-- The current rollout policy per province-level area; every province has a row (the default until changed).
create table rollout (
    province        text primary key references region (code),
    cross_province  boolean     not null,
    kinship_scope   text        not null check (kinship_scope in ('NUCLEAR', 'CLOSE_RELATIVES')),
    effective_from  timestamptz not null,
    updated_at      timestamptz,
    updated_by      text
);

-- Every change of a rollout policy: who, when, from what, to what.
create table rollout_audit (
    id                      bigserial primary key,
    province                text        not null references region (code),
    changed_by              text        not null,
    changed_at              timestamptz not null,
    old_cross_province      boolean     not null,
    old_kinship_scope       text        not null,
    old_effective_from      timestamptz not null,
    new_cross_province      boolean     not null,
    new_kinship_scope       text        not null,
    new_effective_from      timestamptz not null
);
create index rollout_audit_by_province on rollout_audit (province, id);

-- Persons, keyed by an opaque id. The ID number is personal data: unique, looked up, never exposed unmasked.
create table person (
    person_id      text        primary key,
    id_number      text        not null,
    name           text        not null,
    gender         text        not null check (gender in ('M', 'F')),
    birth_date     date        not null,
    registered_at  timestamptz not null,
    registered_by  text        not null
);
create unique index person_id_number on person (id_number);

-- Enrollment history; at most one ACTIVE (current) enrollment per person.
create table enrollment (
    enrollment_id  text        primary key,
    person_id      text        not null references person (person_id),
    scheme         text        not null check (scheme in ('EMPLOYEE', 'RESIDENT')),
    pooling_area   text        not null references region (code),
    province       text        not null references region (code),
    status         text        not null check (status in ('ACTIVE', 'TERMINATED', 'TRANSFERRED_OUT')),
    since          timestamptz not null,
    until          timestamptz,
    end_reason     text,
    -- The transfer that opened this enrollment (transfer_in) or moved the person out of it (transfer_out).
    transfer_in    text,
    transfer_out   text,
    check ((status = 'ACTIVE') = (until is null))
);
create unique index enrollment_one_active on enrollment (person_id) where status = 'ACTIVE';
create index enrollment_history on enrollment (person_id, since desc);

-- Verified kinship: both directions are stored (the link and its inverse), so each ordered pair has one kinship
-- and the one-spouse rule is a plain partial unique index.
create table kinship (
    person_id    text        not null references person (person_id),
    relative_id  text        not null references person (person_id),
    kinship      text        not null check (kinship in ('SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT',
                                                         'MATERNAL_GRANDPARENT', 'GRANDCHILD', 'MATERNAL_GRANDCHILD')),
    recorded     boolean     not null,
    verified_at  timestamptz not null,
    verified_by  text        not null,
    primary key (person_id, relative_id),
    check (person_id <> relative_id)
);
create unique index kinship_one_spouse on kinship (person_id) where kinship = 'SPOUSE';

-- Designated medical institutions and retail pharmacies.
create table provider (
    provider_id    text        primary key,
    name           text        not null,
    type           text        not null check (type in ('MEDICAL_INSTITUTION', 'RETAIL_PHARMACY')),
    pooling_area   text        not null references region (code),
    province       text        not null references region (code),
    registered_at  timestamptz not null,
    registered_by  text        not null
);
create index provider_by_area on provider (pooling_area);
