-- The "other service": counts every effect, with no unique constraint, so a double effect would show.
create table received (id bigserial primary key, event_id uuid not null, person_id text not null);
