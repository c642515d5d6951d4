-- name: cohort_units
-- kind: query
-- description: The cohort comparison's input: each business unit published for cohort days day_from..day_to in
--   one environment, with its cost, outcome class, tenant and unit type, and the three values a comparison
--   can split on - the prompt version and model of its first request, and the first fallback route its
--   requests took (null: none). Requests are read from day_from on (partition pruning).
-- grain: one business unit
-- depends_on: v_unit_costs, requests
-- params: day_from, day_to, environment, day_from, day_from
with

units as (
  select
    application,
    workflow,
    unit_type,
    unit_id,
    tenant_id,
    cohort_day,
    first_request_id,
    first_request_at,
    last_request_at,
    cost,
    currency,
    outcome_class
  from v_unit_costs
  where cohort_day between cast(? as date) and cast(? as date)
    and environment = ?
),

first_requests as (
  select
    u.application,
    u.unit_type,
    u.unit_id,
    r.prompt_version,
    r.model_or_deployment
  from units as u
  inner join requests as r
    on r.request_id = u.first_request_id
    and r.request_day = u.cohort_day
    and r.application = u.application
  where r.request_day >= cast(? as date)
),

fallback_routes as (
  -- the first route taken to a fallback, by (timestamp, request id)
  select
    u.application,
    u.unit_type,
    u.unit_id,
    min_by(r.fallback_route, row(r.timestamp_utc, r.request_id)) as fallback_route
  from units as u
  inner join requests as r
    on r.application = u.application
    and r.unit_type = u.unit_type
    and r.unit_id = u.unit_id
    and r.timestamp_utc between u.first_request_at and u.last_request_at
  where r.request_day >= cast(? as date)
    and r.fallback_route is not null
  group by u.application, u.unit_type, u.unit_id
),

final as (
  select
    u.application,
    u.workflow,
    u.unit_type,
    u.unit_id,
    u.tenant_id,
    u.cohort_day,
    u.cost,
    u.currency,
    u.outcome_class,
    f.prompt_version,
    f.model_or_deployment,
    b.fallback_route
  from units as u
  left join first_requests as f
    on f.application = u.application and f.unit_type = u.unit_type and f.unit_id = u.unit_id
  left join fallback_routes as b
    on b.application = u.application and b.unit_type = u.unit_type and b.unit_id = u.unit_id
)

select * from final
order by application, unit_type, unit_id
