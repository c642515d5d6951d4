-- name: unit_first_requests__inserted
-- kind: query
-- description: DuckDB's second half of int_unit_first_requests__merged (after unit_first_requests__updated): adds
--   the first request (earliest timestamp, ties by the smaller request_id) of every unit that the curated
--   requests of days day_from..day_to name and unit_first_requests does not hold yet. Running it again changes
--   nothing.
-- grain: one row per application, unit type and unit id
-- depends_on: requests, unit_first_requests
-- params: day_from, day_to
insert into unit_first_requests (
  application, unit_type, unit_id, first_request_at, first_request_id, tenant_id, environment, workflow
)
with

unit_requests as (
  select
    r.application, r.unit_type, r.unit_id, r.timestamp_utc, r.request_id, r.tenant_id, r.environment, r.workflow
  from requests as r
  left join unit_first_requests as known
    on known.application = r.application and known.unit_type = r.unit_type and known.unit_id = r.unit_id
  where r.request_day between cast(? as date) and cast(? as date)
    and r.unit_id is not null
    and known.unit_id is null
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
