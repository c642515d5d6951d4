-- name: assert_production_cost_allocated
-- kind: check
-- description: Allocation metadata is present: per currency, the share of priced cost in environment
--   environment (production) over days day_from..day_to whose requests name no business unit must not exceed
--   max_unallocated_share (the seed article's "less than 2% unallocated production cost", an example target
--   tunable in settings: completeness.max_unallocated_share). Lists each currency over the target with its
--   figures.
-- grain: one row per currency over the target
-- depends_on: int_requests__priced
-- params: day_from, day_to, environment, max_unallocated_share
with

costs as (
  select
    currency,
    count(*) as requests,
    count(unit_id) as allocated_requests,
    cast(sum(coalesce(cost, 0)) as decimal(38, 12)) as total_cost,
    cast(sum(case when unit_id is null then coalesce(cost, 0) else 0 end) as decimal(38, 12)) as unallocated_cost
  from int_requests__priced
  where request_day between cast(? as date) and cast(? as date)
    and environment = ?
    and priced
  group by currency
),

shares as (
  select
    costs.*,
    cast(unallocated_cost as double) / nullif(cast(total_cost as double), 0) as unallocated_share
  from costs
)

select *
from shares
where unallocated_share > cast(? as double)
order by currency
