-- name: int_outcomes__merged
-- kind: query
-- description: Merges the landed copies in raw/outcomes day partitions dt_from..dt_to into the curated
--   outcomes: for one unit (application, unit type, unit id) at one outcome_at, the copy landed last wins.
--   Matched within the outcome's UTC day, the table's partition. Atomic and idempotent.
-- grain: one row per application, unit type, unit id and outcome_at
-- depends_on: stg_raw__outcomes, outcomes
-- params: dt_from, dt_to
merge into outcomes as target
using (
  with

  landed as (
    select * from stg_raw__outcomes
    where dt between ? and ?
  ),

  ranked as (
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
      source_received_at,
      row_number() over (
        partition by application, unit_type, unit_id, outcome_at
        order by source_received_at desc, source_key desc, source_line desc
      ) as copy_rank
    from landed
  )

  select * from ranked where copy_rank = 1
) as latest
on target.outcome_day = latest.outcome_day
  and target.application = latest.application
  and target.unit_type = latest.unit_type
  and target.unit_id = latest.unit_id
  and target.outcome_at = latest.outcome_at
when matched and (
    latest.source_received_at > target.source_received_at
    or (latest.source_received_at = target.source_received_at and latest.source_key > target.source_key)
    or (
      latest.source_received_at = target.source_received_at
      and latest.source_key = target.source_key
      and latest.source_line > target.source_line
    )
) then update set
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
when not matched then insert (
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
) values (
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
)
