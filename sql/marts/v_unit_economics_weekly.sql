-- name: v_unit_economics_weekly
-- kind: view
-- description: Finance view (DESIGN §7): the unit economics of each ISO week (labelled YYYY-Www by ISO year:
--   2026-W01 holds 2025-12-29) by environment, application, workflow and currency, summed from the published
--   days, then the week-over-week change of each ratio = this week / the previous ISO week of the same
--   environment, application, workflow and currency - 1, null when that week, its ratio or this week's ratio
--   is missing or 0 (DESIGN §7.2).
--   Ratios follow §7.1, from the figures as shown (costs rounded half up to 12 decimals): allocation_coverage
--   = allocated / total cost (a double: a share, not money); cost per attempted, successful and failed
--   unit = the cost over the unit count, rounded half up to 9 decimals (exact integer arithmetic on both
--   engines); a zero denominator gives null, never 0 or infinity.
--   Columns after wow_allocation_coverage are extras.
-- grain: ISO week x environment x application x workflow x currency
-- depends_on: unit_economics_daily, result_days
-- params: none
create or replace view v_unit_economics_weekly as
with

published as (
  select
    e.*,
    cast(year_of_week(e.day) as varchar) || '-W' || lpad(cast(week(e.day) as varchar), 2, '0') as week,
    cast(date_trunc('week', e.day) as date) as week_start
  from unit_economics_daily as e
  inner join result_days as d
    on d.day = e.day and d.run_id = e.run_id
),

weekly_sums as (
  select
    week,
    week_start,
    environment,
    application,
    workflow,
    currency,
    sum(total_cost) as total_cost,
    sum(allocated_cost) as allocated_cost,
    sum(unallocated_cost) as unallocated_cost,
    cast(sum(attempted_units) as bigint) as attempted_units,
    cast(sum(successful_units) as bigint) as successful_units,
    cast(sum(failed_units) as bigint) as failed_units,
    cast(sum(pending_units) as bigint) as pending_units,
    cast(sum(unknown_units) as bigint) as unknown_units,
    sum(failed_unit_cost) as failed_unit_cost,
    cast(sum(unpriced_requests) as bigint) as unpriced_requests,
    cast(sum(unpriced_input_tokens) as bigint) as unpriced_input_tokens,
    cast(sum(unpriced_output_tokens) as bigint) as unpriced_output_tokens
  from published
  group by week, week_start, environment, application, workflow, currency
),

rounded as (
  -- the tables keep exact costs (24 decimals); figures are shown, and ratios taken, at 12
  select
    week,
    week_start,
    environment,
    application,
    workflow,
    currency,
    cast(total_cost as decimal(38, 12)) as total_cost,
    cast(allocated_cost as decimal(38, 12)) as allocated_cost,
    cast(unallocated_cost as decimal(38, 12)) as unallocated_cost,
    attempted_units,
    successful_units,
    failed_units,
    pending_units,
    unknown_units,
    cast(failed_unit_cost as decimal(38, 12)) as failed_unit_cost,
    unpriced_requests,
    unpriced_input_tokens,
    unpriced_output_tokens
  from weekly_sums
),

weekly as (
  select
    week,
    week_start,
    environment,
    application,
    workflow,
    currency,
    total_cost,
    allocated_cost,
    unallocated_cost,
    case
      when total_cost = 0 then null
      else cast(allocated_cost as double) / cast(total_cost as double)
    end as allocation_coverage,
    attempted_units,
    successful_units,
    failed_units,
    pending_units,
    unknown_units,
    case
      when attempted_units = 0 then null
      else cast(cast((cast(total_cost * 1000000000 as bigint) + attempted_units / 2) / attempted_units as decimal(38, 0)) * 0.000000001 as decimal(38, 9))
    end as cost_per_attempted_unit,
    case
      when successful_units = 0 then null
      else cast(cast((cast(total_cost * 1000000000 as bigint) + successful_units / 2) / successful_units as decimal(38, 0)) * 0.000000001 as decimal(38, 9))
    end as cost_per_successful_unit,
    failed_unit_cost,
    case
      when failed_units = 0 then null
      else cast(cast((cast(failed_unit_cost * 1000000000 as bigint) + failed_units / 2) / failed_units as decimal(38, 0)) * 0.000000001 as decimal(38, 9))
    end as cost_per_failed_unit,
    unpriced_requests,
    unpriced_input_tokens,
    unpriced_output_tokens
  from rounded
),

final as (
  select
    current_week.week,
    current_week.environment,
    current_week.application,
    current_week.workflow,
    current_week.currency,
    current_week.total_cost,
    current_week.allocated_cost,
    current_week.unallocated_cost,
    current_week.allocation_coverage,
    current_week.attempted_units,
    current_week.successful_units,
    current_week.failed_units,
    current_week.pending_units,
    current_week.unknown_units,
    current_week.cost_per_attempted_unit,
    current_week.cost_per_successful_unit,
    current_week.failed_unit_cost,
    current_week.cost_per_failed_unit,
    current_week.unpriced_requests,
    case
      when previous.cost_per_attempted_unit is null or previous.cost_per_attempted_unit = 0 or current_week.cost_per_attempted_unit is null then null
      else cast(current_week.cost_per_attempted_unit as double) / cast(previous.cost_per_attempted_unit as double) - 1
    end as wow_cost_per_attempted_unit,
    case
      when previous.cost_per_successful_unit is null or previous.cost_per_successful_unit = 0 or current_week.cost_per_successful_unit is null then null
      else cast(current_week.cost_per_successful_unit as double) / cast(previous.cost_per_successful_unit as double) - 1
    end as wow_cost_per_successful_unit,
    case
      when previous.cost_per_failed_unit is null or previous.cost_per_failed_unit = 0 or current_week.cost_per_failed_unit is null then null
      else cast(current_week.cost_per_failed_unit as double) / cast(previous.cost_per_failed_unit as double) - 1
    end as wow_cost_per_failed_unit,
    case
      when previous.allocation_coverage is null or previous.allocation_coverage = 0 or current_week.allocation_coverage is null then null
      else cast(current_week.allocation_coverage as double) / cast(previous.allocation_coverage as double) - 1
    end as wow_allocation_coverage,
    current_week.unpriced_input_tokens,
    current_week.unpriced_output_tokens
  from weekly as current_week
  left join weekly as previous
    on previous.week_start = cast(current_week.week_start - interval '7' day as date)
    and previous.environment = current_week.environment
    and previous.application = current_week.application
    and previous.workflow = current_week.workflow
    and previous.currency is not distinct from current_week.currency
)

select * from final
