-- Credits are not a free money tap: each names its kind (the monthly allocation 划入, or a manual correction) and
-- who asked; one above the four-eyes threshold waits (PENDING_APPROVAL, no money moved, no journal entry) until a
-- second operator of the same area approves it. Credits from before this migration were completed allocations.
alter table credit
    add column credit_id    uuid        not null default gen_random_uuid(),
    add column kind         text        not null default 'ALLOCATION' check (kind in ('ALLOCATION', 'CORRECTION')),
    add column status       text        not null default 'COMPLETED' check (status in ('PENDING_APPROVAL', 'COMPLETED')),
    add column requested_by text,
    add column requested_at timestamptz,
    add column approved_by  text,
    add column approved_at  timestamptz,
    alter column balance_after_fen drop not null,
    alter column journal_tx drop not null,
    alter column credited_at drop not null,
    add constraint credit_id_unique unique (credit_id),
    -- Money has moved exactly when the credit is completed.
    add constraint credit_completed_is_journaled check ((status = 'COMPLETED')
        = (journal_tx is not null and balance_after_fen is not null and credited_at is not null)),
    -- Nobody approves their own request (the application says 403 FOUR_EYES_SAME_OPERATOR first).
    add constraint credit_four_eyes check (approved_by is null or approved_by <> requested_by);
create index credit_pending on credit (requested_at) where status = 'PENDING_APPROVAL';
