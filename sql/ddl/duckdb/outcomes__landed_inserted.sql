-- name: outcomes__landed_inserted
-- kind: query
-- description: DuckDB's second half of int_outcomes__merged (after outcomes__landed_updated): inserts the copy
--   landed last of each outcome (application, unit type, unit id, outcome_at) in raw/outcomes days dt_from..dt_to
--   that the curated outcomes do not hold yet. An outcome landed once streams straight into the table; only
--   those landed more than once go through the window. Running it again changes nothing.
-- grain: one row per application, unit type, unit id and outcome_at
-- depends_on: stg_raw__outcomes, outcomes
-- params: dt_from, dt_to, dt_from, dt_to, dt_from, dt_to
insert into outcomes (
  application,
  unit_type,
  unit_id,
  outcome_at,
  outcome_day,
  workflow,
  tenant_id,
  outcome,
  is_final,
  value_amount,
  value_currency,
  event_version,
  source_key,
  source_line,
  source_received_at
)
with

-- Outcomes landed more than once, found by a 64-bit hash of their key (as requests__landed_inserted
-- finds requests): a hash shared by two different keys only sends both through the window below, which
-- ranks by the key itself, so the rows are the same. Null keys hash like any other value.
repeated_hashes as (
  select hash(application, unit_type, unit_id, outcome_at) as key_hash, count(*) as copies
  from stg_raw__outcomes
  where dt between ? and ?
  group by hash(application, unit_type, unit_id, outcome_at)
  having count(*) > 1
),

latest as (
  select
    landed.application,
    landed.unit_type,
    landed.unit_id,
    landed.outcome_at,
    landed.outcome_day,
    landed.workflow,
    landed.tenant_id,
    landed.outcome,
    landed.is_final,
    landed.value_amount,
    landed.value_currency,
    landed.event_version,
    landed.source_key,
    landed.source_line,
    landed.source_received_at
  from stg_raw__outcomes as landed
  left join repeated_hashes
    on repeated_hashes.key_hash = hash(landed.application, landed.unit_type, landed.unit_id, landed.outcome_at)
  where landed.dt between ? and ?
    and repeated_hashes.copies is null
  union all
  select
    application,
    unit_type,
    unit_id,
    outcome_at,
    outcome_day,
    workflow,
    tenant_id,
    outcome,
    is_final,
    value_amount,
    value_currency,
    event_version,
    source_key,
    source_line,
    source_received_at
  from (
    select
      landed.application,
      landed.unit_type,
      landed.unit_id,
      landed.outcome_at,
      landed.outcome_day,
      landed.workflow,
      landed.tenant_id,
      landed.outcome,
      landed.is_final,
      landed.value_amount,
      landed.value_currency,
      landed.event_version,
      landed.source_key,
      landed.source_line,
      landed.source_received_at,
      row_number() over (
        partition by landed.application, landed.unit_type, landed.unit_id, landed.outcome_at
        order by landed.source_received_at desc, landed.source_key desc, landed.source_line desc
      ) as copy_rank
    from stg_raw__outcomes as landed
    inner join repeated_hashes
      on repeated_hashes.key_hash = hash(landed.application, landed.unit_type, landed.unit_id, landed.outcome_at)
    where landed.dt between ? and ?
  ) as ranked
  where copy_rank = 1
)

select
  latest.application,
  latest.unit_type,
  latest.unit_id,
  latest.outcome_at,
  latest.outcome_day,
  latest.workflow,
  latest.tenant_id,
  latest.outcome,
  latest.is_final,
  latest.value_amount,
  latest.value_currency,
  latest.event_version,
  latest.source_key,
  latest.source_line,
  latest.source_received_at
from latest
left join outcomes
  on outcomes.outcome_day = latest.outcome_day
  and outcomes.application = latest.application
  and outcomes.unit_type = latest.unit_type
  and outcomes.unit_id = latest.unit_id
  and outcomes.outcome_at = latest.outcome_at
where outcomes.unit_id is null
