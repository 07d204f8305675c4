-- Prepaid-fund top-ups by the clearing centre, with who asked and who approved. A top-up above the four-eyes
-- threshold waits (PENDING_APPROVAL: no journal entry, the balance unchanged) until another CLEARING operator
-- approves it; then its one journal entry is written. (province, reference) stays unique across both tables:
-- top-ups recorded before this table existed are only in prepaid_journal, and are found there.
create table top_up_request (
    top_up_id     uuid        primary key,
    province      text        not null references prepaid_funds,
    reference     text        not null,
    amount_fen    bigint      not null check (amount_fen > 0),
    status        text        not null check (status in ('PENDING_APPROVAL', 'COMPLETED')),
    requested_by  text        not null,
    requested_at  timestamptz not null,
    approved_by   text,
    approved_at   timestamptz,
    journal_id    bigint      references prepaid_journal (id),
    unique (province, reference),
    constraint top_up_completed_is_journaled check ((status = 'COMPLETED') = (journal_id is not null)),
    constraint top_up_four_eyes check (approved_by is null or approved_by <> requested_by)
);
