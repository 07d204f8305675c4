-- Transfers (医保关系转移接续) as requests with a life of their own. A transfer filed by the current area is stored
-- COMPLETED at once; one filed by the target area waits, REQUESTED, for the current area (or the person) to confirm.
create table transfer (
    transfer_id        text        primary key,
    person_id          text        not null references person (person_id),
    from_scheme        text        not null check (from_scheme in ('EMPLOYEE', 'RESIDENT')),
    from_pooling_area  text        not null references region (code),
    from_province      text        not null references region (code),
    to_scheme          text        not null check (to_scheme in ('EMPLOYEE', 'RESIDENT')),
    to_pooling_area    text        not null references region (code),
    to_province        text        not null references region (code),
    status             text        not null check (status in ('REQUESTED', 'COMPLETED', 'REFUSED', 'WITHDRAWN', 'EXPIRED')),
    filed_by           text        not null,
    filed_by_area      text        not null,
    filed_at           timestamptz not null,
    expires_at         timestamptz,
    decided_by         text,
    decided_at         timestamptz,
    check ((status = 'REQUESTED') = (decided_at is null)),
    check (status <> 'REQUESTED' or expires_at is not null),
    check (from_pooling_area <> to_pooling_area)
);
-- One open request per person: a second one would race the first for the same enrollment.
create unique index transfer_one_open on transfer (person_id) where status = 'REQUESTED';
-- The areas' lists (in: by the target area, out: by the current area), and the expiry sweep.
create index transfer_in on transfer (to_pooling_area, filed_at desc);
create index transfer_in_province on transfer (to_province, filed_at desc);
create index transfer_out on transfer (from_pooling_area, filed_at desc);
create index transfer_out_province on transfer (from_province, filed_at desc);
create index transfer_due on transfer (expires_at) where status = 'REQUESTED';

-- Who recorded a kinship and on what evidence (kind of document and its reference number; never an image).
-- Rows recorded before this migration have none.
alter table kinship
    add column evidence_kind      text check (evidence_kind in ('HOUSEHOLD_REGISTER', 'MARRIAGE_CERTIFICATE',
                                   'BIRTH_CERTIFICATE', 'ADOPTION_CERTIFICATE', 'OTHER_OFFICIAL')),
    add column evidence_reference text check (length(evidence_reference) <= 64),
    add column recorded_area      text;
