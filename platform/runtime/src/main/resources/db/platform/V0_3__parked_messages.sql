-- Messages a consumer can never process as they are (EventHandlers' PoisonMessage): one row per parked record, written
-- when it is parked in the dead-letter topic, so that ADMIN can list, replay or discard them without scanning Kafka.
-- The record itself is kept (key and value bytes): a replay runs it through the same consumer, whose inbox keeps the
-- effect once.
create table parked_message (
    id              bigserial   primary key,
    binding         text        not null,
    consumer_group  text        not null,
    topic           text        not null,
    kafka_partition int         not null,
    kafka_offset    bigint      not null,
    message_key     bytea,
    message_value   bytea,
    event_id        text,
    type            text,
    reason          text        not null,
    detail          text        not null,
    parked_at       timestamptz not null default now(),
    status          text        not null default 'PARKED' check (status in ('PARKED', 'REPLAYED', 'DISCARDED')),
    resolved_at     timestamptz,
    resolved_by     text,
    resolution      text,
    -- A record parked again after a crash (the offset was not committed yet) is the same parked message.
    unique (consumer_group, topic, kafka_partition, kafka_offset)
);
create index parked_message_open on parked_message (id) where status = 'PARKED';

-- An outbox row the broker refuses for good (too large, serialization, invalid topic) is parked with its reason, so
-- that the rows after it flow; the relay only scans rows neither sent nor parked.
alter table outbox add column parked_at timestamptz, add column park_reason text;
drop index outbox_unsent;
create index outbox_unsent on outbox (id) where sent_at is null and parked_at is null;
