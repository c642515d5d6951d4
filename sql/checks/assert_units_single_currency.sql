-- name: assert_units_single_currency
-- kind: check
-- description: Published business units whose requests were priced in more than one currency. A unit's cost
--   only adds the requests in its own currency (amounts in different currencies are never summed), so these
--   units' costs leave some requests out. Zero rows pass.
-- grain: one business unit
-- depends_on: v_unit_costs
-- params: day_from, day_to
select
  application,
  unit_type,
  unit_id,
  cohort_day,
  currency
from v_unit_costs
where cohort_day between cast(? as date) and cast(? as date)
  and multiple_currencies
