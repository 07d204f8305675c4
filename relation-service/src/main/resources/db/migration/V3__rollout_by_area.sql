-- Rollout per pooling area (RolloutChanged v2): a row per announced change of a province (code xx0000, the setting of
-- every area of the province without its own) or of one pooling area, kept as history. The policy in force in an area
-- at t is its own latest row with effective_from <= t, else its province's, else the default (INTRA_PROVINCE,
-- CLOSE_RELATIVES). A future effective_from is a scheduled change: it applies from that instant, with no restart.
create table rollout_step (
    code              text        not null,
    effective_from    timestamptz not null,
    geographic_scope  text        not null check (geographic_scope in ('SAME_AREA', 'INTRA_PROVINCE', 'CROSS_PROVINCE')),
    kinship_scope     text        not null,
    changed_at        timestamptz not null,
    primary key (code, effective_from)
);

-- Version 1 announced a province-wide switch: cross-province aid live or not, within the province always.
insert into rollout_step (code, effective_from, geographic_scope, kinship_scope, changed_at)
select province, effective_from, case when cross_province then 'CROSS_PROVINCE' else 'INTRA_PROVINCE' end,
       kinship_scope, changed_at
  from rollout_policy;

drop table rollout_policy;
