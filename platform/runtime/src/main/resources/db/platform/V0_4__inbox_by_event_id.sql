-- Mesh-Await asks whether this service has seen an event, by its id alone (any consumer): without this index that
-- question scans the whole inbox, every poll of every waiting request.
create index inbox_by_event_id on inbox (event_id);
