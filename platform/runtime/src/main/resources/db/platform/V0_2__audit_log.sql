-- Append-only audit log of every change a person made (shared by every service; platform-runtime's Audit writes it
-- in the transaction of the change). Rows can be added and read, never changed or removed: the triggers refuse
-- UPDATE, DELETE and TRUNCATE for every role, the table owner's included.
create table audit_log (
    id              bigserial   primary key,
    at              timestamptz not null default now(),
    actor           text        not null,
    actor_role      text        not null,
    actor_area      text,
    action          text        not null,
    target_type     text        not null,
    target_id       text        not null,
    -- The pooling area (or province) the target belongs to, so an area's agency reads its own area's entries.
    target_area     text,
    changes         jsonb       not null default '{}'::jsonb,
    correlation_id  text
);
create index audit_log_by_area on audit_log (target_area, id);
create index audit_log_by_target on audit_log (target_type, target_id, id);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only();
