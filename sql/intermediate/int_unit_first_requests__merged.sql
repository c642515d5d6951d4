-- name: int_unit_first_requests__merged
-- kind: query
-- description: Keeps the first request of every business unit (earliest timestamp, ties by the smaller
--   request_id) up to date from the curated requests of days day_from..day_to, the days just merged: a
--   unit's cohort day, tenant, environment and workflow then never need its older requests reread.
-- grain: one row per application, unit type and unit id
-- depends_on: requests, unit_first_requests
-- params: day_from, day_to
merge into unit_first_requests as target
using (
  with

  unit_requests as (
    select application, unit_type, unit_id, timestamp_utc, request_id, tenant_id, environment, workflow
    from requests
    where request_day between cast(? as date) and cast(? as date)
      and unit_id is not null
  ),

  -- Aggregates and equi-joins rather than a window over every request: the earliest instant,
  -- then the smallest request_id at that instant, then that request's attributes.
  first_instants as (
    select application, unit_type, unit_id, min(timestamp_utc) as first_request_at
    from unit_requests
    group by application, unit_type, unit_id
  ),

  first_ids as (
    select r.application, r.unit_type, r.unit_id, f.first_request_at, min(r.request_id) as first_request_id
    from unit_requests as r
    inner join first_instants as f
      on f.application = r.application and f.unit_type = r.unit_type and f.unit_id = r.unit_id
      and f.first_request_at = r.timestamp_utc
    group by r.application, r.unit_type, r.unit_id, f.first_request_at
  )

  select
    i.application,
    i.unit_type,
    i.unit_id,
    i.first_request_at,
    i.first_request_id,
    r.tenant_id,
    r.environment,
    r.workflow
  from first_ids as i
  inner join unit_requests as r
    on r.application = i.application and r.unit_type = i.unit_type and r.unit_id = i.unit_id
    and r.request_id = i.first_request_id
) as earliest
on target.application = earliest.application
  and target.unit_type = earliest.unit_type
  and target.unit_id = earliest.unit_id
when matched and (
  earliest.first_request_at < target.first_request_at
  or (earliest.first_request_at = target.first_request_at and earliest.first_request_id < target.first_request_id)
) then update set
  first_request_at = earliest.first_request_at,
  first_request_id = earliest.first_request_id,
  tenant_id = earliest.tenant_id,
  environment = earliest.environment,
  workflow = earliest.workflow
when not matched then insert (
  application, unit_type, unit_id, first_request_at, first_request_id, tenant_id, environment, workflow
) values (
  earliest.application, earliest.unit_type, earliest.unit_id, earliest.first_request_at,
  earliest.first_request_id, earliest.tenant_id, earliest.environment, earliest.workflow
)
