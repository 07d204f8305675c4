-- Rollout by province and by pooling area, scheduled: every change is a row of its own, never overwritten. The policy
-- in force for an area at instant T is its latest setting with effective_from <= T, else its province's, else the
-- default (region.domain.RolloutTimeline). A province's setting is keyed by the province code (xx0000).
create table rollout_setting (
    id                bigserial   primary key,
    code              text        not null references region (code),
    geographic_scope  text        not null check (geographic_scope in ('SAME_AREA', 'INTRA_PROVINCE', 'CROSS_PROVINCE')),
    kinship_scope     text        not null check (kinship_scope in ('NUCLEAR', 'CLOSE_RELATIVES')),
    effective_from    timestamptz not null,
    changed_by        text        not null,
    changed_at        timestamptz not null
);
create index rollout_setting_by_code on rollout_setting (code, id);

-- Every province change made so far, in the order it was made; the one-row-per-province table and its audit go.
insert into rollout_setting (code, geographic_scope, kinship_scope, effective_from, changed_by, changed_at)
select province, case when new_cross_province then 'CROSS_PROVINCE' else 'INTRA_PROVINCE' end, new_kinship_scope,
       new_effective_from, changed_by, changed_at
from rollout_audit order by id;
drop table rollout_audit;
drop table rollout;
