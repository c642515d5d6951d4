-- name: stg_raw__outcomes
-- kind: view
-- description: The landed outcome events, typed: ISO 8601 text becomes UTC timestamps and each event gets its
--   UTC day. One row per landed copy; callers filter on dt, the raw partition.
-- grain: one row per landed copy of an outcome event
-- depends_on: raw_outcomes
-- params: none
create or replace view stg_raw__outcomes as
with

source as (
  select * from raw_outcomes
),

typed as (
  select
    application,
    unit_type,
    unit_id,
    cast(from_iso8601_timestamp(outcome_at) as timestamp) as outcome_at,
    workflow,
    tenant_id,
    outcome,
    is_final,
    value_amount,
    value_currency,
    event_version,
    source_key,
    source_line,
    cast(from_iso8601_timestamp(source_received_at) as timestamp) as source_received_at,
    dt
  from source
)

select
  typed.*,
  cast(outcome_at as date) as outcome_day
from typed
