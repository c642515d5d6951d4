-- name: requests_per_unit_by_workflow
-- kind: query
-- description: Join validation: how many requests each business unit aggregates, per environment, application
--   and workflow, for units published with cohort days day_from..day_to - the units, their requests, the
--   mean, the smallest, the median and 90th percentile (nearest rank) and the largest count, and how many
--   units made a single request. A workflow whose units suddenly aggregate far more (or only one) request
--   has a unit id problem. A distribution, not a check: no row fails.
-- grain: environment x application x workflow
-- depends_on: v_unit_costs
-- params: day_from, day_to
with

units as (
  select
    environment,
    application,
    workflow,
    requests
  from v_unit_costs
  where cohort_day between cast(? as date) and cast(? as date)
),

ranked as (
  select
    environment,
    application,
    workflow,
    requests,
    row_number() over (partition by environment, application, workflow order by requests) as position,
    count(*) over (partition by environment, application, workflow) as units
  from units
),

final as (
  select
    environment,
    application,
    workflow,
    max(units) as units,
    sum(requests) as requests,
    cast(sum(requests) as double) / cast(max(units) as double) as mean_requests,
    min(requests) as min_requests,
    max(case when position = (units + 1) / 2 then requests end) as median_requests,
    max(case when position = (9 * units + 9) / 10 then requests end) as p90_requests,
    max(requests) as max_requests,
    sum(case when requests = 1 then 1 else 0 end) as single_request_units
  from ranked
  group by environment, application, workflow
)

select * from final
order by environment, application, workflow
