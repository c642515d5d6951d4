-- name: unit_first_requests
-- kind: ddl
-- description: The first request of every business unit ever seen (earliest timestamp, ties by request_id), kept
--   incrementally by int_unit_first_requests__merged: it fixes the unit's cohort day, tenant, environment and
--   workflow without rereading history.
-- grain: one row per application, unit type and unit id
-- depends_on: none
-- params: none
create table if not exists unit_first_requests (
  application varchar,
  unit_type varchar,
  unit_id varchar,
  first_request_at timestamp,
  first_request_id varchar,
  tenant_id varchar,
  environment varchar,
  workflow varchar
)
