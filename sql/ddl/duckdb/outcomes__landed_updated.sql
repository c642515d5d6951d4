-- name: outcomes__landed_updated
-- kind: query
-- description: DuckDB's first half of int_outcomes__merged (Athena runs that MERGE): for each outcome (application,
--   unit type, unit id, outcome_at) already curated that has copies in raw/outcomes days dt_from..dt_to, the copy
--   landed last (latest source_received_at, then source_key, then source_line) replaces the curated row when it
--   landed later. outcomes__landed_inserted then adds the outcomes not curated yet; together they leave the rows
--   the MERGE leaves. DuckDB only: its MERGE writes row by row and ranks every landed copy through a window, a
--   few times the cost of reading the files; on a first merge the join here finds nothing and stops at once.
--   Running it again changes nothing.
-- grain: one row per application, unit type, unit id and outcome_at
-- depends_on: stg_raw__outcomes, outcomes
-- params: dt_from, dt_to
update outcomes
set
  workflow = latest.workflow,
  tenant_id = latest.tenant_id,
  outcome = latest.outcome,
  is_final = latest.is_final,
  value_amount = latest.value_amount,
  value_currency = latest.value_currency,
  event_version = latest.event_version,
  source_key = latest.source_key,
  source_line = latest.source_line,
  source_received_at = latest.source_received_at
from (
  select *
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
    inner join outcomes as curated
      on curated.outcome_day = landed.outcome_day
      and curated.application = landed.application
      and curated.unit_type = landed.unit_type
      and curated.unit_id = landed.unit_id
      and curated.outcome_at = landed.outcome_at
    where landed.dt between ? and ?
  ) as ranked
  where copy_rank = 1
) as latest
where outcomes.outcome_day = latest.outcome_day
  and outcomes.application = latest.application
  and outcomes.unit_type = latest.unit_type
  and outcomes.unit_id = latest.unit_id
  and outcomes.outcome_at = latest.outcome_at
  and (
    latest.source_received_at > outcomes.source_received_at
    or (latest.source_received_at = outcomes.source_received_at and latest.source_key > outcomes.source_key)
    or (
      latest.source_received_at = outcomes.source_received_at
      and latest.source_key = outcomes.source_key
      and latest.source_line > outcomes.source_line
    )
  )
