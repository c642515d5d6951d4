-- name: v_cost_outliers
-- kind: view
-- description: Finance view (DESIGN §7): every published business unit ranked by cost within its ISO week
--   (of its cohort day, YYYY-Www), environment, application, workflow and currency - cost_rank 1 is the
--   costliest; filter on cost_rank <= N for the top N - with the diagnostics that explain a costly unit:
--   input (prompt) tokens, cached input tokens and their share of input, output and reasoning tokens,
--   requests and retries, how many requests went to a fallback route, whether the environment is not
--   production, the outcome with a flag for abandoned, reopened and duplicated units (duplicated: its
--   requests named more than one tenant, a shared session counted once), and the ratio of its cost to the
--   median unit cost of its group. The median is taken with window functions (the middle unit, or the mean
--   of the middle two, exact) so both engines agree. Tokens come from the unit's curated requests between its
--   first and last request. Costs are exact, shown rounded half up to 12 decimals.
-- grain: one business unit
-- depends_on: v_unit_costs, requests
-- params: none
create or replace view v_cost_outliers as
with

units as (
  select
    cast(year_of_week(cohort_day) as varchar) || '-W' || lpad(cast(week(cohort_day) as varchar), 2, '0') as week,
    environment,
    application,
    workflow,
    currency,
    unit_type,
    unit_id,
    tenant_id,
    cohort_day,
    first_request_at,
    last_request_at,
    requests,
    retries,
    cost,
    outcome,
    outcome_class,
    unpriced_requests,
    multiple_tenants
  from v_unit_costs
),

unit_tokens as (
  select
    u.application,
    u.unit_type,
    u.unit_id,
    sum(r.input_tokens) as input_tokens,
    sum(r.cached_input_tokens) as cached_input_tokens,
    sum(r.output_tokens) as output_tokens,
    sum(r.reasoning_tokens) as reasoning_tokens,
    sum(case when r.fallback_used then 1 else 0 end) as fallback_requests
  from units as u
  inner join requests as r
    on r.application = u.application
    and r.unit_type = u.unit_type
    and r.unit_id = u.unit_id
    and r.request_day >= u.cohort_day
    and r.timestamp_utc between u.first_request_at and u.last_request_at
  group by u.application, u.unit_type, u.unit_id
),

ranked as (
  select
    units.*,
    row_number() over (
      partition by week, environment, application, workflow, currency
      order by cost desc, unit_type, unit_id
    ) as cost_rank,
    row_number() over (
      partition by week, environment, application, workflow, currency
      order by cost, unit_type, unit_id
    ) as ascending_position,
    count(*) over (partition by week, environment, application, workflow, currency) as units_in_group
  from units
),

medians as (
  -- the middle unit (odd count) or the two middle units (even count), by ascending cost
  select
    week,
    environment,
    application,
    workflow,
    currency,
    cast(min(cost) + (max(cost) - min(cost)) * 0.5 as decimal(38, 12)) as median_unit_cost
  from ranked
  where ascending_position in ((units_in_group + 1) / 2, (units_in_group + 2) / 2)
  group by week, environment, application, workflow, currency
),

final as (
  select
    ranked.week,
    ranked.environment,
    ranked.application,
    ranked.workflow,
    ranked.currency,
    ranked.cost_rank,
    ranked.unit_type,
    ranked.unit_id,
    ranked.tenant_id,
    ranked.cohort_day,
    ranked.cost,
    medians.median_unit_cost,
    case
      when medians.median_unit_cost = 0 then null
      else cast(ranked.cost as double) / cast(medians.median_unit_cost as double)
    end as ratio_to_median,
    ranked.units_in_group,
    ranked.requests,
    ranked.retries,
    coalesce(t.input_tokens, 0) as input_tokens,
    coalesce(t.cached_input_tokens, 0) as cached_input_tokens,
    case
      when coalesce(t.input_tokens, 0) = 0 then null
      else cast(t.cached_input_tokens as double) / cast(t.input_tokens as double)
    end as cached_share,
    coalesce(t.output_tokens, 0) as output_tokens,
    coalesce(t.reasoning_tokens, 0) as reasoning_tokens,
    coalesce(t.fallback_requests, 0) as fallback_requests,
    coalesce(t.fallback_requests, 0) > 0 as fallback_used,
    ranked.environment <> 'production' as non_production,
    ranked.outcome,
    ranked.outcome_class,
    case
      when ranked.outcome in ('abandoned', 'reopened') then ranked.outcome
      when ranked.multiple_tenants then 'duplicated'
    end as outcome_flag,
    ranked.unpriced_requests,
    ranked.first_request_at,
    ranked.last_request_at
  from ranked
  inner join medians
    on medians.week = ranked.week
    and medians.environment = ranked.environment
    and medians.application = ranked.application
    and medians.workflow = ranked.workflow
    and medians.currency is not distinct from ranked.currency
  left join unit_tokens as t
    on t.application = ranked.application and t.unit_type = ranked.unit_type and t.unit_id = ranked.unit_id
)

select * from final
