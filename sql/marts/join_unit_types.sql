-- name: join_unit_types
-- kind: query
-- description: The unit types of the business units published for cohort days day_from..day_to: the join
--   validation runs its per-type checks once for each, with the type's own settings.
-- grain: one unit type
-- depends_on: v_unit_costs
-- params: day_from, day_to
select distinct unit_type
from v_unit_costs
where cohort_day between cast(? as date) and cast(? as date)
order by unit_type
