-- name: assert_units_pending_within_horizon
-- kind: check
-- description: Join validation: published business units of one unit type still pending (outcome class
--   'pending') although neither a request nor an outcome has come for max_pending_days at as_of. A success
--   waiting out its reopen window is pending too, but its outcome is recent, so it is listed only when the
--   horizon is shorter than the reopen window. Run once per unit type, with that type's pending horizon.
--   Zero rows pass.
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
  outcome,
  outcome_at,
  cost,
  currency
from v_unit_costs
where cohort_day between cast(? as date) and cast(? as date)
  and unit_type = ?
  and outcome_class = 'pending'
  and greatest(last_request_at, coalesce(outcome_at, last_request_at)) + interval '1' day * cast(? as bigint)
    <= cast(from_iso8601_timestamp(?) as timestamp)
