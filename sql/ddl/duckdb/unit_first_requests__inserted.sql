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
