-- name: assert_requests_within_unit_span
-- kind: check
-- description: Join validation: requests of published business units of one unit type that came more than
--   max_span_days after their unit's first request - usually a unit id reused for new work, or a session id
--   standing in for the unit - so the unit's cost and cohort mix two pieces of work. Requests are read from
--   the first cohort day on (partition pruning). Run once per unit type, with that type's span. Zero rows
--   pass.
-- grain: one request
-- depends_on: requests, v_unit_costs
-- params: day_from, day_to, unit_type, day_from, max_span_days
with

units as (
  select
    application,
    unit_type,
    unit_id,
    workflow,
    first_request_at
  from v_unit_costs
  where cohort_day between cast(? as date) and cast(? as date)
    and unit_type = ?
),

unit_requests as (
  select
    request_id,
    timestamp_utc,
    application,
    unit_type,
    unit_id,
    workflow
  from requests
  where request_day >= cast(? as date)
    and unit_id is not null
),

final as (
  select
    u.application,
    u.unit_type,
    u.unit_id,
    u.workflow as unit_workflow,
    u.first_request_at,
    r.request_id,
    r.timestamp_utc,
    r.workflow as request_workflow
  from unit_requests as r
  inner join units as u
    on u.application = r.application and u.unit_type = r.unit_type and u.unit_id = r.unit_id
  where r.timestamp_utc > u.first_request_at + interval '1' day * cast(? as bigint)
)

select * from final
