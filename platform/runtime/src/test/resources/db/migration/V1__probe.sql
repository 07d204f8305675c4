create table probe_state (id bigserial primary key, person_id text not null);
