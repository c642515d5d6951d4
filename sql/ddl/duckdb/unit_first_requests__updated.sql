-- name: unit_first_requests__updated
-- kind: query
-- description: DuckDB's first half of int_unit_first_requests__merged (Athena runs that MERGE): for the units
--   unit_first_requests already holds, the first request among the curated requests of days day_from..day_to
--   (earliest timestamp, ties by the smaller request_id) replaces the stored one when it is
--   earlier. unit_first_requests__inserted then adds the units not stored yet; together they leave the rows
--   the MERGE leaves. DuckDB only: its MERGE writes row by row, about as long as finding the first requests;
--   on a first merge the join with the stored units finds none and stops at once. Running it again changes
--   nothing.
-- grain: one row per application, unit type and unit id
-- depends_on: requests, unit_first_requests
-- params: day_from, day_to
update unit_first_requests
set
  first_request_at = earliest.first_request_at,
  first_request_id = earliest.first_request_id,
  tenant_id = earliest.tenant_id,
  environment = earliest.environment,
  workflow = earliest.workflow
from (
  with

  unit_requests as (
    select
      r.application, r.unit_type, r.unit_id, r.timestamp_utc, r.request_id, r.tenant_id, r.environment, r.workflow
    from requests as r
    inner join unit_first_requests as known
      on known.application = r.application and known.unit_type = r.unit_type and known.unit_id = r.unit_id
    where r.request_day between cast(? as date) and cast(? as date)
      and r.unit_id is not null
  ),

  -- One aggregate: the request with the smallest (timestamp, request_id) and its attributes. The
  -- MERGE's route (an aggregate, a second one over a join, then a join back) took twice as long.
  firsts as (
    select
      application,
      unit_type,
      unit_id,
      arg_min(
        {'at': timestamp_utc, 'id': request_id, 'tenant_id': tenant_id, 'environment': environment, 'workflow': workflow},
        {'at': timestamp_utc, 'id': request_id}
      ) as first_request
    from unit_requests
    group by application, unit_type, unit_id
  )

  select
    application,
    unit_type,
    unit_id,
    first_request.at as first_request_at,
    first_request.id as first_request_id,
    first_request.tenant_id,
    first_request.environment,
    first_request.workflow
  from firsts
) as earliest
where unit_first_requests.application = earliest.application
  and unit_first_requests.unit_type = earliest.unit_type
  and unit_first_requests.unit_id = earliest.unit_id
  and (
    earliest.first_request_at < unit_first_requests.first_request_at
    or (
      earliest.first_request_at = unit_first_requests.first_request_at
      and earliest.first_request_id < unit_first_requests.first_request_id
    )
  )
