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
    select * from requests
    where request_day between cast(? as date) and cast(? as date)
      and unit_id is not null
  ),

  ranked as (
    select
      application,
      unit_type,
      unit_id,
      timestamp_utc as first_request_at,
      request_id as first_request_id,
      tenant_id,
      environment,
      workflow,
      row_number() over (
        partition by application, unit_type, unit_id
        order by timestamp_utc, request_id
      ) as request_rank
    from unit_requests
  )

  select * from ranked where request_rank = 1
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
