-- name: assert_units_outcome_known
-- kind: check
-- description: Join validation: published business units of one unit type whose id no outcome source knows - no
--   outcome event up to the publishing run's as-of time and no unit_outcome on any of their cost events
--   (outcome_source 'none') - although their last request is at least max_pending_days old at as_of, when
--   an outcome should have arrived. A unit id mistyped in the telemetry or missing from the outcome feed
--   shows up here. Run once per unit type, with that type's pending horizon. Zero rows pass.
-- grain: one business unit
-- depends_on: v_unit_costs
-- params: day_from, day_to, unit_type, max_pending_days, as_of
select
  application,
  unit_type,
  unit_id,
  tenant_id,
  environment,
  workflow,
  cohort_day,
  last_request_at,
  requests,
  cost,
  currency
from v_unit_costs
where cohort_day between cast(? as date) and cast(? as date)
  and unit_type = ?
  and outcome_source = 'none'
  and last_request_at + interval '1' day * cast(? as bigint) <= cast(from_iso8601_timestamp(?) as timestamp)
