-- insured-registry-service schema. (Pre-release: rewrite freely until the first deployment.)
create table service_info (name text primary key, started_at timestamptz not null default now());
insert into service_info (name) values ('insured-registry-service');
