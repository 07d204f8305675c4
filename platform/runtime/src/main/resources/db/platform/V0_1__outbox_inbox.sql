-- Shared by every service (platform-runtime adds this location to Flyway).

-- Transactional outbox: written in the same transaction as the state change, published by OutboxRelay.
create table outbox (
    id            bigserial primary key,
    event_id      uuid        not null unique,
    topic         text        not null,
    aggregate_id  text        not null,
    type          text        not null,
    envelope      text        not null,
    created_at    timestamptz not null default now(),
    sent_at       timestamptz
);
-- The relay only ever scans unsent rows, in id order.
create index outbox_unsent on outbox (id) where sent_at is null;

-- Idempotent inbox: the event id is recorded in the same transaction as its effect.
create table inbox (
    consumer      text        not null,
    event_id      uuid        not null,
    type          text        not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
