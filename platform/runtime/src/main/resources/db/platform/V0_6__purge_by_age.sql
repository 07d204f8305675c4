-- MessagingPurge deletes inbox rows and sent outbox rows by age. Both tables grow in time order, so a BRIN index
-- (a few pages, next to nothing to maintain per insert, unlike a B-tree on the hot path) is enough for a purge to
-- find the old end of the table instead of reading all of it.
create index inbox_by_age on inbox using brin (processed_at);
create index outbox_by_age on outbox using brin (created_at);
