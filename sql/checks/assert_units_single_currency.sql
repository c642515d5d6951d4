-- name: assert_units_single_currency
-- kind: check
-- description: Published business units whose requests were priced in more than one currency. A unit's cost
--   only adds the requests in its own currency (amounts in different currencies are never summed), so these
--   units' costs leave some requests out. Zero rows pass.
-- grain: one business unit
-- depends_on: v_request_costs
-- params: day_from, day_to
select
  application,
  unit_type,
  unit_id,
  count(distinct currency) as currencies
from v_request_costs
where request_day between cast(? as date) and cast(? as date)
  and unit_id is not null
  and priced
group by application, unit_type, unit_id
having count(distinct currency) > 1
