-- name: v_unit_economics_daily
-- kind: view
-- description: Finance view (DESIGN §7): the unit economics of each published day by environment, application,
--   workflow and currency - production and every other environment in their own rows, never mixed.
--   Ratios follow §7.1, from the figures as shown (costs rounded half up to 12 decimals): allocation_coverage
--   = allocated / total cost (a double: a share, not money); cost per attempted, successful and failed
--   unit = the cost over the unit count, rounded half up to 9 decimals (exact integer arithmetic on both
--   engines); a zero denominator gives null, never 0 or infinity.
--   Columns after unpriced_requests are extras.
-- grain: day x environment x application x workflow x currency
-- depends_on: unit_economics_daily, result_days
-- params: none
create or replace view v_unit_economics_daily as
with

published as (
  select e.*
  from unit_economics_daily as e
  inner join result_days as d
    on d.day = e.day and d.run_id = e.run_id
),

rounded as (
  -- the tables keep exact costs (24 decimals); figures are shown, and ratios taken, at 12
  select
    day,
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
  from published
),

final as (
  select
    day,
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
)

select * from final
