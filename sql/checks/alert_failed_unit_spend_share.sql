-- name: alert_failed_unit_spend_share
-- kind: check
-- description: Alert rule failed_unit_spend_share (DESIGN §10): the workflows of one environment that spent more
--   than the threshold share of one ISO week's cost on business units that failed (rejected, reopened,
--   escalated, abandoned: the settings' failure class). failed_unit_share = failed_unit_cost / total_cost
--   (a double); attempted_units is the volume compared with min_volume. One row = one alert candidate; the
--   alert job applies per-workflow overrides on top of the loosest params it binds. Zero rows pass.
-- grain: environment x application x workflow x currency, for one ISO week
-- depends_on: v_unit_economics_weekly
-- params: environment, week, threshold, min_volume
with

weekly as (
  select
    week,
    environment,
    application,
    workflow,
    currency,
    total_cost,
    failed_unit_cost,
    attempted_units,
    failed_units,
    cost_per_failed_unit
  from v_unit_economics_weekly
  where environment = ?
    and week = ?
    and total_cost > 0
),

final as (
  select
    week as period,
    environment,
    application,
    workflow,
    currency,
    cast(failed_unit_cost as double) / cast(total_cost as double) as failed_unit_share,
    attempted_units,
    failed_unit_cost,
    total_cost,
    failed_units,
    cost_per_failed_unit
  from weekly
)

select * from final
where failed_unit_share > ?
  and attempted_units >= ?
order by application, workflow, currency
