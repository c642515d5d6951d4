-- name: dashboard_week
-- kind: query
-- description: The first dashboard (DESIGN §8 `dashboard`): one ISO week's unit economics by application and
--   workflow - total cost, allocation coverage, attempted and successful units, cost per attempted and per
--   successful unit, failed-unit cost and the week-over-week change of the unit costs. Environments and
--   currencies stay in their own rows.
-- grain: application x workflow x environment x currency, for one ISO week
-- depends_on: v_unit_economics_weekly
-- params: week
select
  application,
  workflow,
  environment,
  currency,
  total_cost,
  allocation_coverage,
  attempted_units,
  successful_units,
  cost_per_attempted_unit,
  cost_per_successful_unit,
  failed_unit_cost,
  wow_cost_per_attempted_unit,
  wow_cost_per_successful_unit
from v_unit_economics_weekly
where week = ?
order by application, workflow, environment, currency
