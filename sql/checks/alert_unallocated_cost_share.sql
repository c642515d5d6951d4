-- name: alert_unallocated_cost_share
-- kind: check
-- description: Alert rule unallocated_cost_share (DESIGN §10): the workflows of one environment whose cost in one
--   ISO week named no business unit for more than the threshold share of their total cost. One row = one
--   alert candidate. unallocated_share = unallocated_cost / total_cost (a double: a share, not money);
--   requests counts the workflow's requests of the week (priced or not), the volume compared with min_volume.
--   The alert job binds the loosest threshold and min_volume of the settings and applies per-workflow
--   overrides to the rows. Zero rows pass.
-- grain: environment x application x workflow x currency, for one ISO week
-- depends_on: v_unit_economics_weekly, v_request_costs
-- params: environment, week, environment, day_from, day_to, threshold, min_volume
with

weekly as (
  select
    week,
    environment,
    application,
    workflow,
    currency,
    total_cost,
    allocated_cost,
    unallocated_cost
  from v_unit_economics_weekly
  where environment = ?
    and week = ?
),

requests as (
  select
    environment,
    application,
    workflow,
    count(*) as requests,
    sum(case when unit_id is null then 1 else 0 end) as unallocated_requests
  from v_request_costs
  where environment = ?
    and request_day between cast(? as date) and cast(? as date)
  group by environment, application, workflow
),

final as (
  select
    weekly.week as period,
    weekly.environment,
    weekly.application,
    weekly.workflow,
    weekly.currency,
    cast(weekly.unallocated_cost as double) / cast(weekly.total_cost as double) as unallocated_share,
    cast(coalesce(requests.requests, 0) as bigint) as requests,
    weekly.unallocated_cost,
    weekly.allocated_cost,
    weekly.total_cost,
    cast(coalesce(requests.unallocated_requests, 0) as bigint) as unallocated_requests
  from weekly
  left join requests
    on requests.environment = weekly.environment
    and requests.application = weekly.application
    and requests.workflow = weekly.workflow
  where weekly.total_cost > 0
)

select * from final
where unallocated_share > ?
  and requests >= ?
order by application, workflow, currency
