-- name: alert_attempted_down_successful_up
-- kind: check
-- description: Alert rule attempted_down_successful_up (DESIGN §10): workflows of one environment whose cost per
--   attempted unit fell week over week while their cost per successful unit rose by more than the threshold:
--   each attempt got cheaper (a cheaper model, a shorter prompt) but fewer attempts succeed, so each success
--   costs more. Judged, like cost_per_successful_unit_up, on each workflow's latest week in week_from..week_to
--   whose units and previous week's units are at most max_pending_share pending. The week-over-week changes
--   are the view's (doubles); success_rate = successful / (successful + failed) units; min_successful_units,
--   the smaller of the two weeks' successful units, is the volume compared with min_volume. One row = one
--   alert candidate. Zero rows pass.
-- grain: environment x application x workflow x currency, for one ISO week
-- depends_on: v_unit_economics_weekly
-- params: environment, week_from, week_to, max_pending_share, max_pending_share, threshold, min_volume
with

weekly as (
  select
    week,
    environment,
    application,
    workflow,
    currency,
    attempted_units,
    successful_units,
    failed_units,
    pending_units,
    cost_per_attempted_unit,
    cost_per_successful_unit,
    wow_cost_per_attempted_unit,
    wow_cost_per_successful_unit,
    lag(week) over (partition by environment, application, workflow, currency order by week) as previous_week,
    lag(attempted_units) over (partition by environment, application, workflow, currency order by week) as previous_attempted_units,
    lag(successful_units) over (partition by environment, application, workflow, currency order by week) as previous_successful_units,
    lag(failed_units) over (partition by environment, application, workflow, currency order by week) as previous_failed_units,
    lag(pending_units) over (partition by environment, application, workflow, currency order by week) as previous_pending_units,
    lag(cost_per_attempted_unit) over (partition by environment, application, workflow, currency order by week) as previous_cost_per_attempted_unit,
    lag(cost_per_successful_unit) over (partition by environment, application, workflow, currency order by week) as previous_cost_per_successful_unit
  from v_unit_economics_weekly
  where environment = ?
),

settled as (
  select
    week,
    environment,
    application,
    workflow,
    currency,
    successful_units,
    previous_successful_units,
    cost_per_attempted_unit,
    previous_cost_per_attempted_unit,
    cost_per_successful_unit,
    previous_cost_per_successful_unit,
    wow_cost_per_attempted_unit,
    wow_cost_per_successful_unit,
    previous_week,
    cast(successful_units as double) / cast(nullif(successful_units + failed_units, 0) as double) as success_rate,
    cast(previous_successful_units as double)
      / cast(nullif(previous_successful_units + previous_failed_units, 0) as double) as previous_success_rate,
    row_number() over (partition by environment, application, workflow, currency order by week desc) as recency
  from weekly
  where week between ? and ?
    -- the view's changes are not null only when the previous ISO week exists, so lag() above read that week
    and wow_cost_per_successful_unit is not null
    and wow_cost_per_attempted_unit is not null
    and cast(pending_units as double) <= cast(? as double) * attempted_units
    and cast(previous_pending_units as double) <= cast(? as double) * previous_attempted_units
),

final as (
  select
    week as period,
    environment,
    application,
    workflow,
    currency,
    wow_cost_per_successful_unit,
    least(successful_units, previous_successful_units) as min_successful_units,
    wow_cost_per_attempted_unit,
    cost_per_attempted_unit,
    previous_cost_per_attempted_unit,
    cost_per_successful_unit,
    previous_cost_per_successful_unit,
    success_rate,
    previous_success_rate,
    previous_week
  from settled
  where recency = 1
)

select * from final
where wow_cost_per_attempted_unit < 0
  and wow_cost_per_successful_unit > ?
  and min_successful_units >= ?
order by application, workflow, currency
